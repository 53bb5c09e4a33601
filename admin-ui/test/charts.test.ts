import { describe, expect, it } from 'vitest';
import {
  barIntervalFor,
  candlePoints,
  currentLevel,
  fillMarkers,
  foldPrice,
  levelLines,
  levelsTaken,
  mergeBars,
  planStart,
  pnlExtremes,
  pnlPoints,
  priceAxisLabel,
  priceExtremes,
  scalesAxis,
  stepData,
  timeAxisLabel,
  paddedRange,
  nearRange,
  withLatest,
  type BarJson,
  type LevelPoint,
  type PnlSample,
} from '../src/lib/charts';
import type { HistoryEvent, Plan } from '../src/lib/types';

const T0 = Date.parse('2026-01-05T14:30:00Z') / 1000;
const iso = (sec: number) => new Date(sec * 1000).toISOString();
const bar = (sec: number, open: string, high: string, low: string, close: string, ticks = 1): BarJson => ({ time: iso(sec), open, high, low, close, ticks });

const plan: Plan = {
  id: 'p1',
  symbol: 'AAPL',
  side: 'LONG',
  quantity: 100,
  entry: { condition: 'ABOVE', price: '101.00' },
  stops: [{ price: '99.00' }],
  targets: [{ price: '103.00', quantity: 50 }, { price: '104.00', fired: true }],
  status: 'CONTINGENT_ACTIVE',
  tradeStatus: 'LIVE',
  version: 5,
  position: 100,
  filledEntryQuantity: 100,
  activeStop: '99.00',
};

const point = (sec: number, over: Partial<LevelPoint> = {}): LevelPoint => ({
  time: iso(sec),
  entry: '101.00',
  stops: ['99.00'],
  targets: ['103.00', '104.00'],
  activeStop: null,
  trailingLevel: null,
  ...over,
});

describe('bars', () => {
  it('takes 1s bars for a plan younger than 14 minutes, else 1m bars', () => {
    expect(barIntervalFor(iso(T0), T0 * 1000 + 13 * 60_000)).toBe('1s');
    expect(barIntervalFor(iso(T0), T0 * 1000 + 14 * 60_000)).toBe('1m');
  });

  it('starts at the first history event', () => {
    const h = [{ seq: 2, type: 'STATUS', time: iso(T0 + 60) }, { seq: 1, type: 'STATUS', time: iso(T0) }] as HistoryEvent[];
    expect(planStart(h, 0)).toBe(iso(T0));
    expect(planStart([], T0 * 1000)).toBe(iso(T0));
  });

  it('finds the exact highest high and lowest low, whatever the decimals', () => {
    const bars = [bar(T0, '100.5', '101.25', '100.10', '101'), bar(T0 + 60, '101', '101.250', '99.9', '100'), bar(T0 + 120, '100', '101.3', '100', '101')];
    expect(priceExtremes(bars)).toEqual({ high: '101.3', highAt: iso(T0 + 120), low: '99.9', lowAt: iso(T0 + 60) });
    expect(priceExtremes([])).toBeNull();
  });

  it('merges a fresh read over the held bars by time, the open bar replaced', () => {
    const held = [bar(T0, '1', '1', '1', '1'), bar(T0 + 60, '2', '2', '2', '2')];
    const merged = mergeBars(held, [bar(T0 + 60, '2', '3', '2', '3', 2), bar(T0 + 120, '3', '3', '3', '3')]);
    expect(merged.map((b) => [b.time, b.close])).toEqual([[iso(T0), '1'], [iso(T0 + 60), '3'], [iso(T0 + 120), '3']]);
    const many = Array.from({ length: 1000 }, (_, i) => bar(T0 + 60 * i, '1', '1', '1', '1'));
    const kept = mergeBars(many, []);
    expect(kept).toHaveLength(961);
    expect(kept[0]!.time).toBe(iso(T0 + 60 * 39));
  });

  it('gives candles in seconds with the prices as drawing numbers', () => {
    expect(candlePoints([bar(T0, '100.5', '101.25', '100.10', '101')])).toEqual([{ time: T0, open: 100.5, high: 101.25, low: 100.1, close: 101 }]);
  });

  it('folds a live price into the last bar or opens the next one', () => {
    const bars = [bar(T0, '100', '100.50', '99.50', '100')];
    expect(foldPrice(bars, iso(T0 + 30), '100.75', '1m')).toEqual([bar(T0, '100', '100.75', '99.50', '100.75', 2)]);
    expect(foldPrice(bars, iso(T0 + 30), '99.25', '1m')[0]!.low).toBe('99.25');
    expect(foldPrice(bars, iso(T0 + 61), '101', '1m')).toEqual([bars[0], bar(T0 + 60, '101', '101', '101', '101')]);
    expect(foldPrice(bars, iso(T0 - 5), '1', '1m')).toBe(bars);
    expect(foldPrice([], iso(T0), '1', '1m')).toEqual([]);
  });
});

describe('level lines', () => {
  it('draws each level as steps from the recorded points, extended to the last bar', () => {
    const pts = [
      point(T0),
      point(T0 + 100, { activeStop: '99.00' }),
      point(T0 + 200, { stops: ['100.50'], activeStop: '100.50' }),
      point(T0 + 300, { stops: ['100.50'], activeStop: '100.80', trailingLevel: '100.80', targets: ['103.00', null] }),
    ];
    const { lines, recorded } = levelLines(pts, plan, T0, T0 + 600);
    expect(recorded).toBe(true);
    const byKey = Object.fromEntries(lines.map((l) => [l.key, l]));
    expect(Object.keys(byKey)).toEqual(['entry', 'stop-1', 'target-1', 'target-2', 'active-stop', 'trailing']);
    expect(byKey['stop-1']!.steps).toEqual([
      { time: T0, price: '99.00' },
      { time: T0 + 200, price: '100.50' },
      { time: T0 + 600, price: '100.50' },
    ]);
    expect(byKey['active-stop']!.steps).toEqual([
      { time: T0, price: null },
      { time: T0 + 100, price: '99.00' },
      { time: T0 + 200, price: '100.50' },
      { time: T0 + 300, price: '100.80' },
      { time: T0 + 600, price: '100.80' },
    ]);
    expect(levelsTaken(byKey['active-stop']!)).toEqual(['99.00', '100.50', '100.80']);
    expect(currentLevel(byKey['target-2']!)).toBeNull();
    expect(levelsTaken(byKey['target-2']!)).toEqual(['104.00']);
    expect(stepData(byKey['active-stop']!)[0]).toEqual({ time: T0 });
    expect(stepData(byKey['active-stop']!)[1]).toEqual({ time: T0 + 100, value: 99 });
    expect(currentLevel(byKey['trailing']!)).toBe('100.80');
  });

  it('adds no step for the same level written with other decimals', () => {
    const { lines } = levelLines([point(T0), point(T0 + 60, { entry: '101.0' })], plan, T0, T0 + 60);
    expect(lines.find((l) => l.key === 'entry')!.steps).toEqual([{ time: T0, price: '101.00' }, { time: T0 + 60, price: '101.00' }]);
  });

  it('lists both levels of a stop moved within the second it was set, drawing the last', () => {
    const { lines } = levelLines([point(T0, { stops: ['0.50'] }), point(T0, { stops: ['0.60'] })], plan, T0, T0 + 30);
    const stop = lines.find((l) => l.key === 'stop-1')!;
    expect(levelsTaken(stop)).toEqual(['0.50', '0.60']);
    expect(stop.steps).toEqual([{ time: T0, price: '0.60' }, { time: T0 + 30, price: '0.60' }]);
  });

  it('without a recorded point draws the levels as they are now from the start', () => {
    const { lines, recorded } = levelLines([], plan, T0, T0 + 60);
    expect(recorded).toBe(false);
    expect(lines.map((l) => [l.key, currentLevel(l)])).toEqual([
      ['entry', '101.00'],
      ['stop-1', '99.00'],
      ['target-1', '103.00'],
      ['active-stop', '99.00'],
    ]);
  });

  it('places fills as markers, buys below and sells above, in time order', () => {
    const h = [
      { seq: 3, type: 'FILL', time: iso(T0 + 90), side: 'SELL', role: 'STOP', quantity: 100, price: '99.00' },
      { seq: 1, type: 'STATUS', time: iso(T0) },
      { seq: 2, type: 'FILL', time: iso(T0 + 30), side: 'BUY', role: 'ENTRY', quantity: 100, price: '101.02' },
    ] as HistoryEvent[];
    expect(fillMarkers(h)).toEqual([
      { time: T0 + 30, buy: true, text: 'entry 100 @ 101.02' },
      { time: T0 + 90, buy: false, text: 'stop 100 @ 99.00' },
    ]);
  });
});

describe('P&L curve', () => {
  const s = (sec: number, realized: string, unrealized: string, total: string): PnlSample => ({ time: iso(sec), realizedToday: realized, unrealized, total });

  it('ends on the account read shown: the same minute replaced, a new minute added', () => {
    const kept = [s(T0, '0.00', '5.00', '5.00'), s(T0 + 60, '-2.00', '10.00', '8.00')];
    const same = withLatest(kept, { asOf: iso(T0 + 90), realizedToday: '-2.00', unrealized: '12.50' });
    expect(same).toEqual([kept[0], s(T0 + 60, '-2.00', '12.50', '10.50')]);
    const next = withLatest(kept, { asOf: iso(T0 + 125), realizedToday: '3.10', unrealized: '-0.15' });
    expect(next.at(-1)).toEqual(s(T0 + 120, '3.10', '-0.15', '2.95'));
    expect(next).toHaveLength(3);
  });

  it('draws the totals and finds the best and worst exactly', () => {
    const c = [s(T0, '0', '5', '5.00'), s(T0 + 60, '0', '-12.5', '-12.50'), s(T0 + 120, '0', '7.25', '7.25')];
    expect(pnlPoints(c)).toEqual([{ time: T0, value: 5 }, { time: T0 + 60, value: -12.5 }, { time: T0 + 120, value: 7.25 }]);
    expect(pnlExtremes(c)).toEqual({ high: '7.25', low: '-12.50' });
    expect(pnlExtremes([])).toBeNull();
  });
});

describe('axis labels', () => {
  it('writes prices with the plan decimals, at least 2', () => {
    expect(priceAxisLabel(101.256, '101.255')).toBe('101.256');
    expect(priceAxisLabel(101.5, '101')).toBe('101.50');
    expect(priceAxisLabel(99.999, '100.00')).toBe('100.00');
  });

  it('writes hh:mm for minute bars and hh:mm:ss for second bars', () => {
    const d = new Date((T0 + 65) * 1000);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(timeAxisLabel(T0 + 65, '1m')).toBe(`${two(d.getHours())}:${two(d.getMinutes())}`);
    expect(timeAxisLabel(T0 + 65, '1s')).toMatch(/^\d\d:\d\d:05$/);
    expect(timeAxisLabel(T0 + 65, '1m')).toMatch(/^\d\d:\d1$/);
  });
});

describe('level points as the server writes them', () => {
  it('reads a level left out as none', () => {
    const sparse = { time: iso(T0), entry: '101.00', stops: ['99.00'], targets: ['103.00'] } as unknown as LevelPoint;
    const { lines } = levelLines([sparse, point(T0 + 60, { activeStop: '99.00', targets: ['103.00'] })], plan, T0, T0 + 60);
    const active = lines.find((l) => l.key === 'active-stop')!;
    expect(active.steps).toEqual([{ time: T0, price: null }, { time: T0 + 60, price: '99.00' }]);
  });
});

describe('the price axis', () => {
  it('scales to the levels within 10% of the last close and leaves far ones to the list', () => {
    expect(scalesAxis('99.00', '101.00')).toBe(true);
    expect(scalesAxis('90.90', '101.00')).toBe(true);
    expect(scalesAxis('0.60', '189.80')).toBe(false);
    expect(scalesAxis('100000.00', '189.80')).toBe(false);
    expect(scalesAxis(null, '189.80')).toBe(true);
    expect(scalesAxis('1.00', null)).toBe(true);
  });
});

describe('paddedRange', () => {
  it('leaves the margin in pixels before the first bar and after the last', () => {
    const cases: [number, number, number][] = [[3, 274, 32], [900, 274, 32], [2, 390, 40], [61, 1150, 32]];
    for (const [count, width, margin] of cases) {
      const r = paddedRange(count, width, margin);
      const spacing = width / (r.to - r.from); // pixels per bar
      expect(-r.from * spacing).toBeCloseTo(margin, 6);
      expect((r.to - (count - 1)) * spacing).toBeCloseTo(margin, 6);
    }
  });
  it('puts one bar in the middle and gives up the margins when there is no room', () => {
    expect(paddedRange(1, 274, 32)).toEqual({ from: -1, to: 1 });
    expect(paddedRange(0, 274, 32)).toEqual({ from: -1, to: 1 });
    expect(paddedRange(5, 60, 32)).toEqual({ from: 0, to: 4 });
  });
});

describe('nearRange', () => {
  const line = (taken: string[]) => ({ key: 'target-1', label: 'target 1', kind: 'target' as const, steps: [], taken });
  it('scales a line moved near the price to its near levels only', () => {
    expect(nearRange(line(['100000.00', '193.69']), '190.64')).toEqual({ minValue: 193.69, maxValue: 193.69 });
    expect(nearRange(line(['188.10', '188.40', '188.70']), '190.00')).toEqual({ minValue: 188.1, maxValue: 188.7 });
  });
  it('leaves a line far from the price out of the scale', () => {
    expect(nearRange(line(['0.50', '0.60']), '190.64')).toBeNull();
  });
});
