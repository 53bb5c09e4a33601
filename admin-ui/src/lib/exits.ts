import { compare, roundToTick } from './decimal';
import type { Plan, PlanStatus } from './types';

/**
 * Changes of the exits of a working or live trade (docs/api.md, "Changing the exits of a live
 * trade"): the request the API takes, and the confirmation that says exactly what will happen, in
 * a trader's words, before the trader says yes. Pure functions: the server decides; these only
 * describe what was asked and hide controls that cannot apply.
 */

export type ExitChange =
  | { kind: 'moveStop'; index: number; price: string; reason?: string }
  | { kind: 'moveTarget'; index: number; price: string; reason?: string }
  | { kind: 'stopToBreakEven'; reason?: string }
  | { kind: 'closePart'; quantity: number; reason?: string };

/** Statuses whose exits can be changed (the entry works, or the trade is live). */
export const CAN_CHANGE_EXITS: ReadonlySet<PlanStatus> = new Set([
  'ENTRY_SUBMITTED',
  'CONTINGENT_ACTIVE',
  'CONTINGENT_SUBMITTED',
]);

/** The tick size the UI assumes (the plan JSON does not carry it; the server checks the real one). */
export const TICK = '0.01';

/** The break-even level the server will set: the average entry on the grid towards profit. */
export function breakEvenLevel(p: Pick<Plan, 'side' | 'avgEntryPrice'>): string | null {
  if (!p.avgEntryPrice) return null;
  return roundToTick(p.avgEntryPrice, TICK, p.side === 'SHORT' ? 'down' : 'up');
}

/** True when `level` as the active stop would be looser than `now` (LONG: lower). */
export function loosens(side: Plan['side'], now: string | null | undefined, level: string): boolean {
  if (!now) return false;
  const c = compare(level, now);
  return side === 'SHORT' ? c > 0 : c < 0;
}

/** Shares a partial close may sell (buy): the open position (the server also subtracts working exits). */
export function closeableShares(p: Pick<Plan, 'position'>): number {
  return Math.max(0, Math.abs(p.position));
}

/** What a stop order at `level` will do when the price reaches it. */
function stopWill(p: Pick<Plan, 'side' | 'symbol' | 'position'>, level: string): string {
  const shares = Math.abs(p.position);
  const what = shares > 0 ? `${shares} ${p.symbol}` : `the position in ${p.symbol}`;
  return p.side === 'SHORT'
    ? `buys back ${what} at market if the price rises to ${level}`
    : `sells ${what} at market if the price falls to ${level}`;
}

/**
 * The confirmation of a change: the order it sends now ("Sell 40 AAPL now to reduce the long"), or
 * the level it moves and what that level will do, and a loosening of the active stop said aloud.
 * Stops and targets are numbered from 1, as on the page.
 */
export function exitChangeConfirmText(
  p: Pick<Plan, 'side' | 'symbol' | 'position' | 'stops' | 'targets' | 'activeStop' | 'avgEntryPrice'>,
  c: ExitChange,
): string {
  switch (c.kind) {
    case 'closePart': {
      const left = Math.abs(p.position) - c.quantity;
      return p.side === 'SHORT'
        ? `Buy ${c.quantity} ${p.symbol} now at market to reduce the short (${Math.abs(p.position)} → ${left} short)?`
        : `Sell ${c.quantity} ${p.symbol} now at market to reduce the long (${Math.abs(p.position)} → ${left} long)?`;
    }
    case 'moveStop': {
      const from = p.stops[c.index]?.price ?? '—';
      const loose = loosens(p.side, p.activeStop, c.price)
        ? ` This loosens the active stop from ${p.activeStop} to ${c.price}.`
        : '';
      return `Move stop ${c.index + 1} from ${from} to ${c.price}? Nothing is sent to the broker now: the stop ${stopWill(p, c.price)}.${loose}`;
    }
    case 'stopToBreakEven': {
      const be = breakEvenLevel(p) ?? '—';
      return `Move the active stop${p.activeStop ? ` from ${p.activeStop}` : ''} to break-even ${be} (average entry ${p.avgEntryPrice ?? '—'})? Nothing is sent to the broker now: the stop ${stopWill(p, be)}.`;
    }
    case 'moveTarget': {
      const t = p.targets[c.index];
      const shares = t?.quantity ? `${t.quantity} ${p.symbol}` : `the rest of ${p.symbol}`;
      const verb = p.side === 'SHORT' ? 'buys back' : 'sells';
      const dir = p.side === 'SHORT' ? 'falls' : 'rises';
      return `Move target ${c.index + 1} from ${t?.price ?? '—'} to ${c.price}? Nothing is sent to the broker now: the target ${verb} ${shares} at market when the price ${dir} to ${c.price}.`;
    }
  }
}
