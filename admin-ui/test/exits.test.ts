import { describe, expect, it } from 'vitest';
import { roundToTick } from '../src/lib/decimal';
import { breakEvenLevel, exitChangeConfirmText, loosens } from '../src/lib/exits';

const long = {
  side: 'LONG' as const,
  symbol: 'AAPL',
  position: 100,
  stops: [{ price: '99.00' }],
  targets: [{ price: '103.00', quantity: 50 }],
  activeStop: '99.00',
  avgEntryPrice: '101.025',
};
const short = { ...long, side: 'SHORT' as const, stops: [{ price: '103.00' }], activeStop: '103.00', avgEntryPrice: '99.975' };

describe('exit change confirmations', () => {
  it('says the order a partial close sends, for a long and for a short', () => {
    expect(exitChangeConfirmText(long, { kind: 'closePart', quantity: 40 })).toBe(
      'Sell 40 AAPL now at market to reduce the long (100 → 60 long)?',
    );
    expect(exitChangeConfirmText(short, { kind: 'closePart', quantity: 40 })).toBe(
      'Buy 40 AAPL now at market to reduce the short (100 → 60 short)?',
    );
  });

  it('says a moved stop sends nothing now and what it will do, and a loosening aloud', () => {
    expect(exitChangeConfirmText(long, { kind: 'moveStop', index: 0, price: '100.50' })).toBe(
      'Move stop 1 from 99.00 to 100.50? Nothing is sent to the broker now: the stop sells 100 AAPL at market if the price falls to 100.50.',
    );
    expect(exitChangeConfirmText(long, { kind: 'moveStop', index: 0, price: '98.00' })).toContain(
      'This loosens the active stop from 99.00 to 98.00.',
    );
    expect(exitChangeConfirmText(short, { kind: 'moveStop', index: 0, price: '102.00' })).toBe(
      'Move stop 1 from 103.00 to 102.00? Nothing is sent to the broker now: the stop buys back 100 AAPL at market if the price rises to 102.00.',
    );
  });

  it('rounds break-even onto the tick towards profit, as the server does', () => {
    expect(breakEvenLevel(long)).toBe('101.03');
    expect(breakEvenLevel(short)).toBe('99.97');
    expect(breakEvenLevel({ side: 'LONG', avgEntryPrice: '101.40' })).toBe('101.40');
    expect(exitChangeConfirmText(long, { kind: 'stopToBreakEven' })).toBe(
      'Move the active stop from 99.00 to break-even 101.03 (average entry 101.025)? Nothing is sent to the broker now: the stop sells 100 AAPL at market if the price falls to 101.03.',
    );
  });

  it('knows which way loosens', () => {
    expect(loosens('LONG', '99.00', '98.99')).toBe(true);
    expect(loosens('LONG', '99.00', '99.01')).toBe(false);
    expect(loosens('SHORT', '103.00', '103.01')).toBe(true);
    expect(loosens('LONG', null, '1.00')).toBe(false);
  });

  it('rounds to the tick in the asked direction only when off the grid', () => {
    expect(roundToTick('10.001', '0.01', 'up')).toBe('10.01');
    expect(roundToTick('10.009', '0.01', 'down')).toBe('10.00');
    expect(roundToTick('10.5', '0.01', 'up')).toBe('10.50');
    expect(roundToTick('x', '0.01', 'up')).toBeNull();
  });
});
