import { describe, expect, it } from 'vitest';
import { endedStatuses, filterPlans, levelDistances, sortPlans, emptyFilter } from '../src/lib/planlist';
import type { Plan } from '../src/lib/types';

function plan(over: Partial<Plan>): Plan {
  return {
    id: 'pl-' + Math.random().toString(36).slice(2), symbol: 'AAPL', side: 'LONG', quantity: 100, status: 'ACTIVE', tradeStatus: 'PENDING', version: 1,
    position: 0, filledEntryQuantity: 0, entry: { condition: 'ABOVE', price: '101.00' }, stops: [{ price: '99.00' }], targets: [{ price: '103.00', quantity: 50 }],
    ...over,
  } as Plan;
}

describe('plans list', () => {
  it('filters by symbol, side and status', () => {
    const a = plan({ symbol: 'AAPL' });
    const m = plan({ symbol: 'MSFT', side: 'SHORT' });
    const d = plan({ symbol: 'MSFT', status: 'DRAFT' });
    expect(filterPlans([a, m, d], { ...emptyFilter(), symbol: ' msft ' })).toEqual([m, d]);
    expect(filterPlans([a, m, d], { ...emptyFilter(), side: 'SHORT' })).toEqual([m]);
    expect(filterPlans([a, m, d], { ...emptyFilter(), status: 'DRAFT' })).toEqual([d]);
    expect(endedStatuses({ ...emptyFilter(), status: 'CANCELLED' })).toEqual(['CANCELLED']);
    expect(endedStatuses({ ...emptyFilter(), status: 'ACTIVE' })).toEqual([]);
    expect(endedStatuses(emptyFilter())).toEqual(['INACTIVE', 'CANCELLED', 'REJECTED']);
  });

  it('sorts money exactly, missing values last, ties in list order', () => {
    const p = (pnl: string | null, symbol = 'X') => plan({ realizedPnl: pnl, symbol });
    const rows = [p('9.99', 'A'), p('10.00', 'B'), p(null, 'C'), p('-100.50', 'D'), p('10.0', 'E')];
    expect(sortPlans(rows, { key: 'realized', descending: false }).map((r) => r.symbol)).toEqual(['D', 'A', 'B', 'E', 'C']);
    expect(sortPlans(rows, { key: 'realized', descending: true }).map((r) => r.symbol)).toEqual(['B', 'E', 'A', 'D', 'C']);
    const short = plan({ side: 'SHORT', position: 50, symbol: 'S' });
    const long = plan({ side: 'LONG', position: 10, symbol: 'L' });
    expect(sortPlans([long, short], { key: 'position', descending: false }).map((r) => r.symbol)).toEqual(['S', 'L']);
  });

  it('gives the distance from the last price to each level ahead', () => {
    expect(levelDistances(plan({ lastPrice: '100.55' }))).toEqual([
      { label: 'entry', price: '101.00', distance: '0.45' },
      { label: 'stop 1', price: '99.00', distance: '-1.55', active: false },
      { label: 'target 1', price: '103.00', distance: '2.45' },
    ]);
    const live = plan({ status: 'CONTINGENT_ACTIVE', lastPrice: '102', activeStop: '100.50', stops: [{ price: '99.00' }], targets: [{ price: '103.00', fired: true }, { price: '105', fired: false }] });
    expect(levelDistances(live)).toEqual([
      { label: 'stop 1', price: '99.00', distance: '-3.00', active: false },
      { label: 'active stop', price: '100.50', distance: '-1.50', active: true },
      { label: 'target 2', price: '105', distance: '3' },
    ]);
    expect(levelDistances(plan({ lastPrice: null }))[0]!.distance).toBeNull();
    expect(levelDistances(plan({ status: 'CANCELLED', lastPrice: '1' }))).toEqual([]);
  });
});
