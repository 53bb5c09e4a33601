import { describe, expect, it } from 'vitest';
import { ariaSort, DEFAULT_ENDED_SORT, endedSortParam, nextEndedSort, sortEnded } from '../src/lib/planlist';
import type { Plan } from '../src/lib/types';

const plan = (id: string, over: Partial<Plan>): Plan =>
  ({ id, symbol: 'AAPL', side: 'LONG', quantity: 1, status: 'CANCELLED', tradeStatus: 'CLOSED', version: 2, position: 0, filledEntryQuantity: 0, entry: { condition: 'ABOVE', price: '1.00' }, stops: [], targets: [], ...over }) as Plan;

describe('the ended plans order (the server sorts across pages)', () => {
  it('is newest ended first by default and names the API value', () => {
    expect(DEFAULT_ENDED_SORT).toEqual({ key: 'endedAt', descending: true });
    expect(endedSortParam(DEFAULT_ENDED_SORT)).toBe('-endedAt');
    expect(endedSortParam({ key: 'symbol', descending: false })).toBe('symbol');
  });

  it('reverses on the same header and starts a new one in its natural direction', () => {
    expect(nextEndedSort(DEFAULT_ENDED_SORT, 'endedAt')).toEqual({ key: 'endedAt', descending: false });
    expect(nextEndedSort(DEFAULT_ENDED_SORT, 'symbol')).toEqual({ key: 'symbol', descending: false });
    expect(nextEndedSort(DEFAULT_ENDED_SORT, 'realizedPnl')).toEqual({ key: 'realizedPnl', descending: true });
  });

  it('sets aria-sort on the sorted header only', () => {
    expect(ariaSort(DEFAULT_ENDED_SORT, 'endedAt')).toBe('descending');
    expect(ariaSort({ key: 'symbol', descending: false }, 'symbol')).toBe('ascending');
    expect(ariaSort(DEFAULT_ENDED_SORT, 'symbol')).toBe('none');
  });

  it('orders the page as the server does: key, then id; a plan that just ended live counts as the newest', () => {
    const plans = [
      plan('b', { endedAt: '2026-12-05T06:00:00Z', realizedPnl: '-1.50', symbol: 'MSFT' }),
      plan('a', { endedAt: '2026-12-05T06:00:00Z', realizedPnl: '10.00', symbol: 'MSFT' }),
      plan('c', { endedAt: '2026-12-05T06:00:01.250Z', realizedPnl: '2.00', symbol: 'AAPL' }),
      plan('d', { endedAt: null, realizedPnl: '-1.50', symbol: 'SPY' }),
    ];
    expect(sortEnded(plans, DEFAULT_ENDED_SORT).map((p) => p.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(sortEnded(plans, { key: 'endedAt', descending: false }).map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(sortEnded(plans, { key: 'realizedPnl', descending: true }).map((p) => p.id)).toEqual(['a', 'c', 'd', 'b']);
    expect(sortEnded(plans, { key: 'symbol', descending: false }).map((p) => p.id)).toEqual(['c', 'a', 'b', 'd']);
  });
});
