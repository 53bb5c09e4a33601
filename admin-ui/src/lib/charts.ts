/**
 * What the charts show, worked out without drawing (unit-tested, test/charts.test.ts): the bars
 * asked for a plan, the price extremes, the plan's level lines as steps over time, the account's
 * P&L curve, and the labels of both axes. The components (PriceChart.svelte, PnlChart.svelte)
 * hand these to lightweight-charts and write the same figures as text.
 *
 * Prices and money stay decimal strings here; `value` fields are JS numbers for drawing only
 * (a chart's pixel), never shown as text (docs/ui.md, "Money").
 */
import { compare, sum } from './decimal';
import type { HistoryEvent, Plan } from './types';

/** One bar of `GET /api/market/{symbol}/bars` (docs/api.md, "Bars"). */
export interface BarJson {
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  ticks: number;
}

export type BarInterval = '1s' | '1m';

export interface BarsAnswer {
  symbol: string;
  interval: BarInterval;
  from: string | null;
  /** false: this server has no bars of the symbol (never ticked here, or evicted). */
  known: boolean;
  bars: BarJson[];
}

/** One point of `GET /api/plans/{id}/levels`: the levels from `time` on (null or left out: none / fired). */
export interface LevelPoint {
  time: string;
  entry: string | null;
  stops: (string | null)[];
  targets: (string | null)[];
  activeStop: string | null;
  trailingLevel: string | null;
}

/** One minute of `GET /api/account/pnl-curve`. */
export interface PnlSample {
  time: string;
  realizedToday: string;
  unrealized: string;
  total: string;
}

export interface PnlCurve {
  user: string;
  tradingDay: string;
  samples: PnlSample[];
}

/** The server keeps 900 one-second bars (15 minutes); a plan younger than this gets 1s bars. */
export const SECOND_BARS_FOR_MS = 14 * 60 * 1000;
/** The most bars one chart holds (the server's 1m window and its open bar). */
export const BARS_MAX = 961;

/** Seconds since the epoch of an ISO instant, or null when unreadable. */
export function epochSeconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

/** When the plan's chart starts: its first history event (its creation), else now. */
export function planStart(history: HistoryEvent[], nowMs: number): string {
  let first: number | null = null;
  for (const e of history) {
    const t = e.time ? Date.parse(e.time) : NaN;
    if (!Number.isNaN(t) && (first === null || t < first)) first = t;
  }
  return new Date(first ?? nowMs).toISOString();
}

/** 1-second bars for a plan younger than {@link SECOND_BARS_FOR_MS}, else 1-minute bars. */
export function barIntervalFor(startIso: string, nowMs: number): BarInterval {
  const start = Date.parse(startIso);
  return !Number.isNaN(start) && nowMs - start < SECOND_BARS_FOR_MS ? '1s' : '1m';
}

/**
 * `held` and a `fresh` answer as one series by time: a bar of `fresh` replaces the held bar of the
 * same time (the open bar grows), ascending, at most {@link BARS_MAX} (the newest).
 */
export function mergeBars(held: BarJson[], fresh: BarJson[]): BarJson[] {
  const byTime = new Map<number, BarJson>();
  for (const b of [...held, ...fresh]) {
    const t = epochSeconds(b.time);
    if (t !== null) byTime.set(t, b);
  }
  const out = [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
  return out.slice(Math.max(0, out.length - BARS_MAX));
}

/** The candles to draw: time in seconds, prices as drawing numbers. */
export function candlePoints(bars: BarJson[]): { time: number; open: number; high: number; low: number; close: number }[] {
  const out: { time: number; open: number; high: number; low: number; close: number }[] = [];
  for (const b of bars) {
    const t = epochSeconds(b.time);
    if (t === null) continue;
    out.push({ time: t, open: Number(b.open), high: Number(b.high), low: Number(b.low), close: Number(b.close) });
  }
  return out;
}

/** The highest high and the lowest low of `bars` (exact decimals) with their bars' times; null when none. */
export function priceExtremes(bars: BarJson[]): { high: string; highAt: string; low: string; lowAt: string } | null {
  const first = bars[0];
  if (first === undefined) return null;
  let hi = first;
  let lo = first;
  for (const b of bars) {
    if (compare(b.high, hi.high) > 0) hi = b;
    if (compare(b.low, lo.low) < 0) lo = b;
  }
  return { high: hi.high, highAt: hi.time, low: lo.low, lowAt: lo.time };
}

/** One level drawn as steps: from each `time` on the line is at `price` (null: no line there). */
export interface StepLine {
  key: string;
  label: string;
  kind: 'entry' | 'stop' | 'target' | 'active' | 'trailing';
  steps: { time: number; price: string | null }[];
  /**
   * Every level the line took, in order, from every recorded point: the drawing keeps one step a
   * second (the time axis' unit), so two changes within a second are both here but drawn as the last.
   */
  taken: string[];
}

/**
 * The plan's level lines as steps from its recorded points (the server's `levels`), each extended
 * to `endSec`. Without a recorded point (another server answered, or it restarted) the plan's
 * levels as they are now are drawn from `startSec`, and `recorded` says so. A line gets a step
 * only where its level changed (numerically); a line that never had a level is left out.
 */
export function levelLines(points: LevelPoint[], plan: Plan, startSec: number, endSec: number): { lines: StepLine[]; recorded: boolean } {
  const recorded = points.length > 0;
  const pts: { time: number; p: LevelPoint }[] = recorded
    ? points.map((p) => ({ time: epochSeconds(p.time) ?? startSec, p: normalized(p) }))
    : [{ time: startSec, p: pointOfPlan(plan) }];
  const stopCount = Math.max(0, ...pts.map((x) => x.p.stops.length));
  const targetCount = Math.max(0, ...pts.map((x) => x.p.targets.length));
  const defs: { key: string; label: string; kind: StepLine['kind']; of: (p: LevelPoint) => string | null }[] = [
    { key: 'entry', label: 'entry', kind: 'entry', of: (p) => p.entry },
  ];
  for (let i = 0; i < stopCount; i++) defs.push({ key: `stop-${i + 1}`, label: `stop ${i + 1}`, kind: 'stop', of: (p) => p.stops[i] ?? null });
  for (let j = 0; j < targetCount; j++) defs.push({ key: `target-${j + 1}`, label: `target ${j + 1}`, kind: 'target', of: (p) => p.targets[j] ?? null });
  defs.push({ key: 'active-stop', label: 'active stop', kind: 'active', of: (p) => p.activeStop });
  defs.push({ key: 'trailing', label: 'trailing level', kind: 'trailing', of: (p) => p.trailingLevel });

  const lines: StepLine[] = [];
  for (const d of defs) {
    const steps: { time: number; price: string | null }[] = [];
    const taken: string[] = [];
    for (const { time, p } of pts) {
      const price = d.of(p);
      const prevTaken = taken.at(-1);
      if (price !== null && (prevTaken === undefined || compare(prevTaken, price) !== 0)) taken.push(price);
      const last = steps.at(-1);
      const same = last !== undefined && (last.price === null ? price === null : price !== null && compare(last.price, price) === 0);
      if (same) continue;
      if (last !== undefined && last.time === time) steps[steps.length - 1] = { time, price };
      else steps.push({ time, price });
    }
    const last = steps.at(-1);
    if (last === undefined || !steps.some((s) => s.price !== null)) continue;
    if (last.price !== null && endSec > last.time) steps.push({ time: endSec, price: last.price });
    lines.push({ key: d.key, label: d.label, kind: d.kind, steps, taken });
  }
  return { lines, recorded };
}

/** The server leaves out a level that is null: every level here is a string or null. */
function normalized(p: LevelPoint): LevelPoint {
  return {
    time: p.time,
    entry: p.entry ?? null,
    stops: (p.stops ?? []).map((x) => x ?? null),
    targets: (p.targets ?? []).map((x) => x ?? null),
    activeStop: p.activeStop ?? null,
    trailingLevel: p.trailingLevel ?? null,
  };
}

function pointOfPlan(plan: Plan): LevelPoint {
  return {
    time: '',
    entry: plan.entry.price,
    stops: plan.stops.map((s) => s.price),
    targets: plan.targets.map((t) => (t.fired ? null : t.price)),
    activeStop: plan.activeStop ?? null,
    trailingLevel: null,
  };
}

/** A step line as lightweight-charts data: a gap (no value) where the level was none. */
export function stepData(line: StepLine): ({ time: number; value: number } | { time: number })[] {
  return line.steps.map((s) => (s.price === null ? { time: s.time } : { time: s.time, value: Number(s.price) }));
}

/** The level a line is at now (its last step), or null. */
export function currentLevel(line: StepLine): string | null {
  return line.steps.at(-1)?.price ?? null;
}

/** The distinct levels a line took, in order ("99.00", "100.50"), for the text beside the chart. */
export function levelsTaken(line: StepLine): string[] {
  return line.taken;
}

/** The fills of the history as markers: buy below the bar, sell above. */
export function fillMarkers(history: HistoryEvent[]): { time: number; buy: boolean; text: string }[] {
  const out: { time: number; buy: boolean; text: string }[] = [];
  for (const e of history) {
    const t = epochSeconds(e.time);
    if (e.type !== 'FILL' || !e.price || t === null) continue;
    out.push({ time: t, buy: e.side === 'BUY', text: `${(e.role ?? '').toLowerCase()} ${e.quantity ?? ''} @ ${e.price}` });
  }
  return out.sort((a, b) => a.time - b.time);
}

/** The marker's time on the chart: the start of the bar it falls in (markers sit on bars). */
export function barTimeOf(t: number, interval: BarInterval): number {
  const s = interval === '1s' ? 1 : 60;
  return Math.floor(t / s) * s;
}

/**
 * The curve with the account's figures of now as its last sample (the same minute's sample is
 * replaced, else one is added), so the curve ends on the figures the page shows.
 */
export function withLatest(samples: PnlSample[], now: { asOf: string; realizedToday: string; unrealized: string }): PnlSample[] {
  const t = epochSeconds(now.asOf);
  if (t === null) return samples;
  const minute = new Date(Math.floor(t / 60) * 60 * 1000).toISOString();
  const latest: PnlSample = { time: minute, realizedToday: now.realizedToday, unrealized: now.unrealized, total: sum(now.realizedToday, now.unrealized) };
  const last = samples[samples.length - 1];
  const lastT = last ? epochSeconds(last.time) : null;
  if (last && lastT !== null && lastT >= Math.floor(t / 60) * 60) return [...samples.slice(0, -1), { ...latest, time: last.time }];
  return [...samples, latest];
}

/** The P&L curve's points (total), for drawing. */
export function pnlPoints(samples: PnlSample[]): { time: number; value: number }[] {
  const out: { time: number; value: number }[] = [];
  for (const s of samples) {
    const t = epochSeconds(s.time);
    const prev = out.at(-1);
    if (t !== null && (prev === undefined || t > prev.time)) out.push({ time: t, value: Number(s.total) });
  }
  return out;
}

/** The highest and lowest total of the day (exact), or null without samples. */
export function pnlExtremes(samples: PnlSample[]): { high: string; low: string } | null {
  const first = samples[0];
  if (first === undefined) return null;
  let high = first.total;
  let low = first.total;
  for (const s of samples) {
    if (compare(s.total, high) > 0) high = s.total;
    if (compare(s.total, low) < 0) low = s.total;
  }
  return { high, low };
}

/** Decimals of a price string ("101.25" → 2, "5000" → 0). */
export function decimalsOf(s: string | null | undefined): number {
  if (!s) return 0;
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** The price axis' label for a drawn coordinate: the plan's own decimals, at least 2. */
export function priceAxisLabel(value: number, planPrice: string): string {
  return value.toFixed(Math.max(2, decimalsOf(planPrice)));
}

/** The time axis' label of a bar: hh:mm for minute bars, hh:mm:ss for second bars (local time). */
export function timeAxisLabel(sec: number, interval: BarInterval): string {
  const d = new Date(sec * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return interval === '1s' ? `${hm}:${two(d.getSeconds())}` : hm;
}

/**
 * The logical range (bar indexes, fractional) that shows `count` bars over `widthPx` with
 * `marginPx` of empty room before the first and after the last, so that the time labels of the
 * first and last bars, centred on them, are never cut by the chart's edges (a young plan's few
 * bars, a curve of the morning's minutes, at phone width). One bar sits in the middle; with no room
 * for the margins the bars take the whole width.
 */
export function paddedRange(count: number, widthPx: number, marginPx: number): { from: number; to: number } {
  if (count <= 1) return { from: -1, to: 1 };
  const inner = widthPx - 2 * marginPx;
  if (inner <= 0) return { from: 0, to: count - 1 };
  const pad = (marginPx * (count - 1)) / inner;
  return { from: -pad, to: count - 1 + pad };
}

/**
 * A live last price (the WebSocket's plan update, between two reads of the bars) folded into the
 * bars: into the last bar when it falls in it (high, low, close; one more tick), else a new bar
 * after it. A price older than the last bar is left to the next read.
 */
export function foldPrice(bars: BarJson[], atIso: string | null | undefined, price: string | null | undefined, interval: BarInterval): BarJson[] {
  const at = epochSeconds(atIso);
  if (at === null || !price || bars.length === 0) return bars;
  const start = barTimeOf(at, interval);
  const last = bars.at(-1);
  const lastT = last ? epochSeconds(last.time) : null;
  if (last === undefined || lastT === null || start < lastT) return bars;
  if (start === lastT) {
    const high = compare(price, last.high) > 0 ? price : last.high;
    const low = compare(price, last.low) < 0 ? price : last.low;
    return [...bars.slice(0, -1), { ...last, high, low, close: price, ticks: last.ticks + 1 }];
  }
  const bar = { time: new Date(start * 1000).toISOString(), open: price, high: price, low: price, close: price, ticks: 1 };
  return mergeBars(bars, [bar]);
}

/**
 * The part of a level line the price axis scales to: the lowest and highest of the levels it took
 * that lie near the last close ({@link scalesAxis}), as numbers for drawing; null when none does.
 * A line moved from far away (a target first at 100,000 brought near the price) is scaled to its
 * near levels only, so its old step does not squash the candles into a line.
 */
export function nearRange(line: StepLine, lastClose: string | null | undefined): { minValue: number; maxValue: number } | null {
  const near = line.taken.filter((p) => scalesAxis(p, lastClose)).map(Number);
  if (near.length === 0) return null;
  return { minValue: Math.min(...near), maxValue: Math.max(...near) };
}

/**
 * Whether a level line takes part in the price axis' scale: a level within 10% of the last close
 * does; one farther away (a far target, a stop left far behind) would squash the candles into a
 * line, so the axis leaves it out and it is read in the list under the chart.
 */
export function scalesAxis(level: string | null, lastClose: string | null | undefined): boolean {
  if (level === null || !lastClose) return true;
  const l = Number(level);
  const c = Number(lastClose);
  return c <= 0 || Math.abs(l - c) <= c * 0.1;
}
