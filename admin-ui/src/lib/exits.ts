import { quantityValue } from './api';
import { compare, difference, roundToTick } from './decimal';
import { ApiError } from './problem';
import type { Plan, PlanStatus } from './types';

/**
 * Changes of the exits of a working or live trade (docs/api.md, "Changing the exits of a live
 * trade"): the request the API takes, the confirmation that says exactly what will happen, in a
 * trader's words, before the trader says yes, and the server's answer when it says no. Pure
 * functions: the server decides; these only describe what was asked and hide controls that cannot
 * apply. Stops and targets are numbered from 1, as on the page and in the history; `index` is the
 * API's 0-based position.
 */

export type ExitChange =
  | { kind: 'moveStop'; index: number; price: string; reason?: string }
  | { kind: 'addStop'; price: string; activateAt?: string; reason?: string }
  | { kind: 'removeStop'; index: number; reason?: string }
  | { kind: 'moveTarget'; index: number; price: string; reason?: string }
  | { kind: 'addTarget'; price: string; quantity?: number | string; reason?: string }
  | { kind: 'setTargetQuantity'; index: number; quantity: number | string; reason?: string }
  | { kind: 'setTrailingDistance'; distance: string; reason?: string }
  | { kind: 'stopToBreakEven'; reason?: string }
  | { kind: 'closePart'; quantity: number; reason?: string };

/** Statuses whose exits can be changed (the entry works, or the trade is live). */
export const CAN_CHANGE_EXITS: ReadonlySet<PlanStatus> = new Set([
  'ENTRY_SUBMITTED',
  'CONTINGENT_ACTIVE',
  'CONTINGENT_SUBMITTED',
]);

/** The tick size of a plan whose answer does not carry one (a server older than `tickSize`). */
export const DEFAULT_TICK = '0.01';

/** The break-even level the server will set: the average entry on the plan's grid towards profit. */
export function breakEvenLevel(p: Pick<Plan, 'side' | 'avgEntryPrice'> & Partial<Pick<Plan, 'tickSize'>>): string | null {
  if (!p.avgEntryPrice) return null;
  return roundToTick(p.avgEntryPrice, p.tickSize || DEFAULT_TICK, p.side === 'SHORT' ? 'down' : 'up');
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

/** A stop added at the typed price, armed from the typed level when one was typed. */
export function addStopChange(price: string, activateAt: string): ExitChange {
  const a = activateAt.trim();
  return a ? { kind: 'addStop', price: price.trim(), activateAt: a } : { kind: 'addStop', price: price.trim() };
}

/** A target added at the typed price, for the typed quantity or (left empty) for the rest. */
export function addTargetChange(price: string, quantity: string): ExitChange {
  const q = quantity.trim();
  return q ? { kind: 'addTarget', price: price.trim(), quantity: quantityValue(q) } : { kind: 'addTarget', price: price.trim() };
}

type Described = Pick<Plan, 'side' | 'symbol' | 'position' | 'stops' | 'targets' | 'activeStop' | 'avgEntryPrice'> &
  Partial<Pick<Plan, 'tickSize' | 'trailingStop'>>;

/** What a stop order at `level` will do when the price reaches it. */
function stopWill(p: Pick<Plan, 'side' | 'symbol' | 'position'>, level: string): string {
  return p.side === 'SHORT'
    ? `buys back ${shares(p)} at market if the price rises to ${level}`
    : `sells ${shares(p)} at market if the price falls to ${level}`;
}

/** The position's shares, or (nothing filled yet) the position the entry will open. */
function shares(p: Pick<Plan, 'symbol' | 'position'>): string {
  const n = Math.abs(p.position);
  return n > 0 ? `${n} ${p.symbol}` : `the position in ${p.symbol}`;
}

/** What a target at `level` for `quantity` shares (none: the rest) will do when the price reaches it. */
function targetWill(p: Pick<Plan, 'side' | 'symbol'>, quantity: number | string | null | undefined, level: string): string {
  const what = quantity ? `${quantity} ${p.symbol}` : `the rest of ${p.symbol}`;
  return p.side === 'SHORT'
    ? `buys back ${what} at market when the price falls to ${level}`
    : `sells ${what} at market when the price rises to ${level}`;
}

/** What the trailing stop at `distance` will do. */
function trailingWill(p: Pick<Plan, 'side' | 'symbol' | 'position'>, distance: string): string {
  return p.side === 'SHORT'
    ? `follows the lowest price ${distance} above it and buys back ${shares(p)} at market if the price rises back to it`
    : `follows the highest price ${distance} below it and sells ${shares(p)} at market if the price falls back to it`;
}

const NOTHING_NOW = 'Nothing is sent to the broker now:';

/**
 * The sentence about the active stop when stop `index` is removed, or '' when the active stop stays.
 * The new level is named when the page knows it (only plain stops left, no trailing stop); an armed
 * activated stop or a trailing level is the server's to know.
 */
function removedStopLoosens(p: Described, index: number): string {
  const removed = p.stops[index];
  if (!removed || !p.activeStop || compare(removed.price, p.activeStop) !== 0) return '';
  const left = p.stops.filter((_, i) => i !== index);
  if (left.some((s) => compare(s.price, removed.price) === 0 && !s.activateAt)) return '';
  const plain = left.filter((s) => !s.activateAt).map((s) => s.price);
  if (!p.trailingStop && plain.length === left.length && plain.length > 0) {
    const tightest = plain.reduce((a, b) => (loosens(p.side, a, b) ? a : b));
    return ` This loosens the active stop from ${p.activeStop} to ${tightest}.`;
  }
  return ` This loosens the active stop ${p.activeStop}: the tightest eligible stop left takes over.`;
}

/**
 * The confirmation of a change: the order it sends now ("Sell 40 AAPL now to reduce the long"), or
 * the level it moves, adds or removes and what that level will do, and a loosening of the active
 * stop said aloud. Stops and targets are numbered from 1, as on the page.
 */
export function exitChangeConfirmText(p: Described, c: ExitChange): string {
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
      return `Move stop ${c.index + 1} from ${from} to ${c.price}? ${NOTHING_NOW} the stop ${stopWill(p, c.price)}.${loose}`;
    }
    case 'addStop': {
      const armed = c.activateAt ? `, armed once the price reaches ${c.activateAt}` : '';
      const once = c.activateAt ? 'once armed, ' : '';
      const active =
        !c.activateAt && p.activeStop && loosens(p.side, c.price, p.activeStop)
          ? ` It becomes the active stop in place of ${p.activeStop}.`
          : '';
      return `Add stop ${p.stops.length + 1} at ${c.price}${armed}? ${NOTHING_NOW} ${once}the stop ${stopWill(p, c.price)}.${active}`;
    }
    case 'removeStop': {
      const verb = p.side === 'SHORT' ? 'buy back' : 'sell';
      return `Remove stop ${c.index + 1} (${p.stops[c.index]?.price ?? '—'})? ${NOTHING_NOW} that stop will no longer ${verb} ${shares(p)}.${removedStopLoosens(p, c.index)}`;
    }
    case 'stopToBreakEven': {
      const be = breakEvenLevel(p) ?? '—';
      return `Move the active stop${p.activeStop ? ` from ${p.activeStop}` : ''} to break-even ${be} (average entry ${p.avgEntryPrice ?? '—'})? ${NOTHING_NOW} the stop ${stopWill(p, be)}.`;
    }
    case 'moveTarget': {
      const t = p.targets[c.index];
      return `Move target ${c.index + 1} from ${t?.price ?? '—'} to ${c.price}? ${NOTHING_NOW} the target ${targetWill(p, t?.quantity, c.price)}.`;
    }
    case 'addTarget': {
      const what = c.quantity !== undefined ? `${c.quantity} ${p.symbol}` : 'the rest';
      return `Add target ${p.targets.length + 1} at ${c.price} for ${what}? ${NOTHING_NOW} the target ${targetWill(p, c.quantity, c.price)}.`;
    }
    case 'setTargetQuantity': {
      const t = p.targets[c.index];
      const from = t?.quantity ? `${t.quantity}` : 'the rest';
      return `Change target ${c.index + 1} (${t?.price ?? '—'}) from ${from} to ${c.quantity} ${p.symbol}? ${NOTHING_NOW} the target ${targetWill(p, c.quantity, t?.price ?? '—')}.`;
    }
    case 'setTrailingDistance': {
      const now = p.trailingStop?.distance;
      const ask = now ? `Change the trailing distance from ${now} to ${c.distance}?` : `Add a trailing stop ${c.distance} behind the price?`;
      const wider = now && compare(c.distance, now) > 0 ? ` This loosens the trailing stop by ${difference(c.distance, now)}.` : '';
      return `${ask} ${NOTHING_NOW} the trailing stop ${trailingWill(p, c.distance)}.${wider}`;
    }
  }
}

/** What a field of a change is called next to its control. */
const FIELD_LABELS: Record<string, string> = {
  price: 'Price',
  activateAt: 'Activate at',
  quantity: 'Quantity',
  distance: 'Distance',
  index: 'Which level',
  reason: 'Reason',
  kind: 'Change',
};

/** A refused change as the page shows it next to the control that sent it. */
export interface ExitError {
  /** One sentence: the rules' reason (409), the conflict, or how many fields are wrong (400). */
  message: string;
  /** Every field the server named, with its label and reason. */
  fields: { field: string; label: string; message: string }[];
  /** The plan moved on meanwhile: the page shows it as it is now. */
  versionConflict: boolean;
}

/** The server's no to a change, in the trader's words. */
export function exitError(e: unknown): ExitError {
  if (!(e instanceof ApiError)) {
    return { message: 'The change could not be sent.', fields: [], versionConflict: false };
  }
  const versionConflict = e.status === 409 && (e.type?.endsWith('version-conflict') ?? false);
  return {
    message: versionConflict ? 'The plan changed meanwhile (a fill, a price or another change): check the levels and ask again.' : e.message,
    fields: e.fieldErrors.map((f) => ({ field: f.field, label: FIELD_LABELS[f.field] ?? f.field, message: f.message })),
    versionConflict,
  };
}
