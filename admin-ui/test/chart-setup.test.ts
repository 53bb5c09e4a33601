import { describe, expect, it } from 'vitest';
import type { IChartApi } from 'lightweight-charts';
import { chartOptions, FIT_MARGIN_PX, setUpChart, SetUpChart } from '../src/lib/chart-setup';
import { paddedRange } from '../src/lib/charts';

/** A formatter of the options, as the library calls it. */
type Formatter<A extends unknown[]> = (...args: A) => string;

/** A stand-in for lightweight-charts' chart: records the visible ranges set and the removes. */
function fakeChart(widthPx: number) {
  const ranges: { from: number; to: number }[] = [];
  let resized: (() => void) | null = null;
  let removes = 0;
  const scale = {
    width: () => widthPx,
    setVisibleLogicalRange: (r: { from: number; to: number }) => ranges.push(r),
    subscribeSizeChange: (f: () => void) => {
      resized = f;
    },
  };
  const chart = { timeScale: () => scale, remove: () => removes++ } as unknown as IChartApi;
  return {
    chart,
    ranges,
    resize: (w: number) => {
      widthPx = w;
      resized?.();
    },
    removes: () => removes,
  };
}

describe('chartOptions', () => {
  it('gives every chart the same look, the attribution logo kept on', () => {
    const o = chartOptions({ heightPx: 220, timeTickLabel: () => 't', priceLabel: (p) => p.toFixed(2) });
    expect(o.autoSize).toBe(true);
    expect(o.height).toBe(220);
    expect(o.layout).toEqual({ attributionLogo: true, background: { color: '#ffffff' }, textColor: '#1f2933' });
    expect(o.timeScale?.timeVisible).toBe(true);
    expect(o.timeScale?.rightOffset).toBe(2);
  });

  it("leaves the seconds and the crosshair's time to the library unless a chart says", () => {
    const plain = chartOptions({ heightPx: 220, timeTickLabel: () => 't', priceLabel: () => 'p' });
    expect(plain.timeScale).not.toHaveProperty('secondsVisible');
    expect(plain.localization).not.toHaveProperty('timeFormatter');
    const own = chartOptions({
      heightPx: 300,
      secondsVisible: true,
      timeTickLabel: () => 't',
      priceLabel: () => 'p',
      crosshairTimeLabel: (t) => `at ${t}`,
    });
    expect(own.timeScale?.secondsVisible).toBe(true);
    const crosshairTime = own.localization?.timeFormatter as Formatter<[number]>;
    expect(crosshairTime(1_767_623_400)).toBe('at 1767623400');
  });

  it("formats the axes with the chart's own labels, a time as epoch seconds", () => {
    const o = chartOptions({ heightPx: 300, timeTickLabel: (t) => `tick ${t}`, priceLabel: (p) => `$${p.toFixed(1)}` });
    const tick = o.timeScale?.tickMarkFormatter as Formatter<[number, number, string]>;
    const price = o.localization?.priceFormatter as Formatter<[number]>;
    expect(tick(1_767_623_400, 0, 'en')).toBe('tick 1767623400');
    expect(price(101.25)).toBe('$101.3');
  });
});

describe('SetUpChart', () => {
  it('spreads the points with margins when their count changes, not when it stays', () => {
    const f = fakeChart(400);
    const drawn = new SetUpChart(f.chart);
    drawn.fitTo(10);
    drawn.fitTo(10); // a live price moved the last bar: the trader's zoom stays
    drawn.fitTo(11);
    expect(f.ranges).toEqual([paddedRange(10, 400, FIT_MARGIN_PX), paddedRange(11, 400, FIT_MARGIN_PX)]);
  });

  it('spreads the last count again at a new width, and nothing before the first fit', () => {
    const f = fakeChart(400);
    const drawn = new SetUpChart(f.chart);
    f.resize(300);
    expect(f.ranges).toEqual([]);
    drawn.fitTo(5);
    f.resize(200);
    expect(f.ranges).toEqual([paddedRange(5, 300, FIT_MARGIN_PX), paddedRange(5, 200, FIT_MARGIN_PX)]);
  });

  it('draws nothing after it was removed, and removes the chart once', () => {
    const f = fakeChart(400);
    const drawn = new SetUpChart(f.chart);
    drawn.fitTo(3);
    drawn.remove();
    drawn.remove();
    drawn.fitTo(4);
    f.resize(500);
    expect(f.ranges).toEqual([paddedRange(3, 400, FIT_MARGIN_PX)]);
    expect(f.removes()).toBe(1);
  });

  it('creates the chart in the element with the options of its look', () => {
    const f = fakeChart(400);
    const calls: unknown[][] = [];
    const el = {} as HTMLElement;
    const look = { heightPx: 220, timeTickLabel: () => 't', priceLabel: () => 'p' };
    const drawn = setUpChart(
      {
        createChart: ((...args: unknown[]) => {
          calls.push(args);
          return f.chart;
        }) as never,
      },
      el,
      look,
    );
    expect(drawn.chart).toBe(f.chart);
    expect(calls).toHaveLength(1);
    const [inEl, options] = calls[0] ?? [];
    expect(inEl).toBe(el);
    expect((options as { height: number }).height).toBe(220);
  });
});
