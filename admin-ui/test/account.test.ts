import { describe, expect, it } from 'vitest';
import { limitState, limitValueText, moneyText, netText, pnlText, referenceText, RefetchThrottle, type LimitRoomJson } from '../src/lib/account';

const limit = (value: string | null, used: string | null, left: string | null): LimitRoomJson => ({
  limit: 'maxPositionTotal',
  words: 'shares',
  value,
  used,
  left,
  where: null,
});

describe('account figures', () => {
  it('writes a net position with its direction', () => {
    expect(netText(100)).toBe('+100');
    expect(netText(-50)).toBe('−50');
    expect(netText(0)).toBe('0');
  });

  it('groups money exactly as the server sent it, P&L always signed', () => {
    expect(moneyText('12345.10')).toBe('12,345.10');
    expect(moneyText(null)).toBe('—');
    expect(pnlText('1234.50')).toBe('+1,234.50');
    expect(pnlText('-0.01')).toBe('−0.01');
    expect(pnlText('0.00')).toBe('0.00');
  });

  it('says what the risk is measured from', () => {
    expect(referenceText('LAST')).toBe('last price');
    expect(referenceText('AVERAGE_ENTRY')).toMatch(/average entry/);
    expect(referenceText(null)).toBe('—');
  });

  it('tells a limit with room from a full one, and no limit from a limit on each order', () => {
    expect(limitState(limit(null, '10', null))).toBe('none');
    expect(limitValueText(limit(null, '10', null))).toBe('no limit');
    expect(limitState(limit('100', null, null))).toBe('each-order');
    expect(limitState(limit('100', '40', '60'))).toBe('room');
    expect(limitState(limit('100', '100', '0'))).toBe('full');
    expect(limitState(limit('100', '120', '-20'))).toBe('full');
    expect(limitValueText(limit('10000', '1', '9999'))).toBe('10,000');
  });
});

describe('RefetchThrottle', () => {
  function setup() {
    let now = 0;
    const timers: { at: number; run: () => void }[] = [];
    let reads = 0;
    const t = new RefetchThrottle(
      () => reads++,
      1000,
      () => now,
      (run, delay) => timers.push({ at: now + delay, run }),
    );
    const advance = (ms: number) => {
      now += ms;
      for (const timer of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (timer.at <= now) timer.run();
        else timers.push(timer);
      }
    };
    return { t, advance, reads: () => reads, pending: () => timers.length };
  }

  it('reads at once when nothing was read for a second', () => {
    const s = setup();
    s.t.request();
    expect(s.reads()).toBe(1);
    s.advance(1500);
    s.t.request();
    expect(s.reads()).toBe(2);
  });

  it('folds a burst of updates into one read at the end of the gap, never losing the last', () => {
    const s = setup();
    s.t.request();
    for (let i = 0; i < 20; i++) {
      s.advance(30);
      s.t.request();
    }
    expect(s.reads()).toBe(1);
    expect(s.pending()).toBe(1);
    s.advance(1000);
    expect(s.reads()).toBe(2);
    expect(s.pending()).toBe(0);
  });
});
