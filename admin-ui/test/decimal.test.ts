import { describe, expect, it } from 'vitest';
import { alignToTick, compare, formatDecimal, formatPnl, isDecimal, isMultipleOf, pnlClass } from '../src/lib/decimal';

describe('formatDecimal', () => {
  it('keeps exactly the digits the server sent', () => {
    expect(formatDecimal('0.10')).toBe('0.10');
    expect(formatDecimal('101.2500')).toBe('101.2500');
    // a value a double cannot hold is shown as sent, not as 0.30000000000000004
    expect(formatDecimal('0.30000000000000000001')).toBe('0.30000000000000000001');
  });

  it('groups thousands without touching the fraction', () => {
    expect(formatDecimal('1234567.891')).toBe('1,234,567.891');
    expect(formatDecimal('999')).toBe('999');
    expect(formatDecimal('-1000.00')).toBe('−1,000.00');
    expect(formatDecimal('12345678901234567890.12')).toBe('12,345,678,901,234,567,890.12');
  });

  it('shows a dash for missing values and never guesses at non-decimals', () => {
    expect(formatDecimal(null)).toBe('—');
    expect(formatDecimal(undefined)).toBe('—');
    expect(formatDecimal('')).toBe('—');
    expect(formatDecimal('1e3')).toBe('1e3');
    expect(formatDecimal('NaN')).toBe('NaN');
  });

  it('signs P&L, except zero', () => {
    expect(formatPnl('12.50')).toBe('+12.50');
    expect(formatPnl('-0.01')).toBe('−0.01');
    expect(formatPnl('0.00')).toBe('0.00');
    expect(formatPnl('-0.00')).toBe('0.00');
  });

  it('classes P&L for colour', () => {
    expect(pnlClass('3.00')).toBe('gain');
    expect(pnlClass('-3.00')).toBe('loss');
    expect(pnlClass('0.00')).toBe('flat');
    expect(pnlClass(null)).toBeNull();
  });
});

describe('decimal arithmetic on strings', () => {
  it('recognises plain decimals only', () => {
    expect(isDecimal('101.25')).toBe(true);
    expect(isDecimal('-0.5')).toBe(true);
    expect(isDecimal('1e5')).toBe(false);
    expect(isDecimal(' 1')).toBe(false);
    expect(isDecimal('01')).toBe(false);
  });

  it('compares by value, not by text', () => {
    expect(compare('1.50', '1.5')).toBe(0);
    expect(compare('0.1', '0.09')).toBe(1);
    expect(compare('-2', '1')).toBe(-1);
  });

  it('tells whether a price sits on the tick grid', () => {
    expect(isMultipleOf('101.25', '0.05')).toBe(true);
    expect(isMultipleOf('101.26', '0.05')).toBe(false);
    expect(isMultipleOf('0.3', '0.1')).toBe(true); // 0.3 % 0.1 is not 0 in floating point
    expect(isMultipleOf('101', '0.25')).toBe(true);
  });
});

describe('alignToTick', () => {
  it('suggests the nearest tick, written with the tick decimals', () => {
    expect(alignToTick('101.253', '0.01')).toBe('101.25');
    expect(alignToTick('101.257', '0.01')).toBe('101.26');
    expect(alignToTick('101.26', '0.05')).toBe('101.25');
    expect(alignToTick('101.28', '0.05')).toBe('101.30');
    expect(alignToTick('7.3', '0.25')).toBe('7.25');
    expect(alignToTick('99.999', '0.01')).toBe('100.00');
  });

  it('rounds a tie away from zero', () => {
    expect(alignToTick('101.125', '0.25')).toBe('101.25');
    expect(alignToTick('0.005', '0.01')).toBe('0.01');
  });

  it('has nothing to suggest for an aligned price or bad input', () => {
    expect(alignToTick('101.25', '0.01')).toBeNull();
    expect(alignToTick('101.250', '0.01')).toBeNull();
    expect(alignToTick('abc', '0.01')).toBeNull();
    expect(alignToTick('1.234', '0')).toBeNull();
  });

  it('handles prices far beyond double precision exactly', () => {
    expect(alignToTick('123456789012345678.123', '0.01')).toBe('123456789012345678.12');
  });
});
