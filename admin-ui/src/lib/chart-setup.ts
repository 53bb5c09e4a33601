import type { ChartOptions, DeepPartial, IChartApi, Time } from 'lightweight-charts';
import { paddedRange } from './charts';

/**
 * What the page's charts (PnlChart, PriceChart) share of lightweight-charts: loading the library,
 * the chart's look (white, the attribution logo kept on, a little room right of the last point),
 * and spreading the points over the width with margins, again when the width changes. Each chart
 * adds its own series to {@link SetUpChart.chart}.
 */

export type ChartLib = typeof import('lightweight-charts');

/** Room at both ends of the time axis when the points are spread over the width. */
export const FIT_MARGIN_PX = 32;

/**
 * Loads lightweight-charts (Apache-2.0, TradingView): a chunk of its own, fetched when the first
 * chart is shown, never with the page.
 */
export function loadChartLib(): Promise<ChartLib> {
  return import('lightweight-charts');
}

/** How one chart differs from the others. */
export interface ChartLook {
  heightPx: number;
  /** The label of a tick mark of the time axis (epoch seconds). */
  timeTickLabel: (epochSec: number) => string;
  /** A price on the price axis and the crosshair. */
  priceLabel: (price: number) => string;
  /** The crosshair's time (epoch seconds); the library's own when absent. */
  crosshairTimeLabel?: (epochSec: number) => string;
  /** Whether the time labels may show seconds (the library's default when absent). */
  secondsVisible?: boolean;
}

/** The options `createChart` gets for a look. */
export function chartOptions(look: ChartLook): DeepPartial<ChartOptions> {
  const crosshairTime = look.crosshairTimeLabel;
  return {
    autoSize: true,
    height: look.heightPx,
    layout: { attributionLogo: true, background: { color: '#ffffff' }, textColor: '#1f2933' },
    timeScale: {
      timeVisible: true,
      ...(look.secondsVisible === undefined ? {} : { secondsVisible: look.secondsVisible }),
      rightOffset: 2,
      tickMarkFormatter: (t: Time) => look.timeTickLabel(t as number),
    },
    localization: {
      priceFormatter: look.priceLabel,
      ...(crosshairTime ? { timeFormatter: (t: Time) => crosshairTime(t as number) } : {}),
    },
  };
}

/**
 * A chart drawn into an element. {@link fitTo} spreads the points over the width, with
 * {@link FIT_MARGIN_PX} of room at both ends, when their count changed since the last fit (a new
 * bar or minute; a live price that only moves the last point leaves the trader's zoom alone), and a
 * new width (a phone turned, a window resized) spreads them again. After {@link remove} nothing is
 * drawn any more.
 */
export class SetUpChart {
  readonly chart: IChartApi;
  /** The point count last fitted to; -1 before the first fit. */
  private fitted = -1;
  private removed = false;

  constructor(chart: IChartApi) {
    this.chart = chart;
    chart.timeScale().subscribeSizeChange(() => {
      if (this.fitted >= 0) this.spread(this.fitted);
    });
  }

  /** Spreads `count` points over the width, unless that count is the one fitted last. */
  fitTo(count: number): void {
    if (count === this.fitted) return;
    this.fitted = count;
    this.spread(count);
  }

  remove(): void {
    if (this.removed) return;
    this.removed = true;
    this.chart.remove();
  }

  private spread(count: number): void {
    if (this.removed) return;
    const scale = this.chart.timeScale();
    scale.setVisibleLogicalRange(paddedRange(count, scale.width(), FIT_MARGIN_PX));
  }
}

/** A chart of `look` in `el`, with the library loaded by {@link loadChartLib}. */
export function setUpChart(lib: Pick<ChartLib, 'createChart'>, el: HTMLElement, look: ChartLook): SetUpChart {
  return new SetUpChart(lib.createChart(el, chartOptions(look)));
}
