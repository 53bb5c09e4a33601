import { compare, difference, product, quotientDown, sign, sum, typedDecimal } from './decimal';

/**
 * The plan ticket's arithmetic (docs/ui.md, "The ticket"): what the trader types, turned into the
 * figures a trader otherwise works out by hand. Exact decimals throughout (decimal.ts): a figure
 * is either exact or cut toward zero and says so, never a float. Pure, for the unit tests; the
 * commission comes from the server's own model (GET /api/commission/quote), never from here.
 */

/** What the figures are computed from: the form's strings as typed, and the last price known. */
export interface TicketInput {
  side: string;
  quantity: string;
  entryPrice: string;
  stops: readonly { price: string }[];
  targets: readonly { price: string; quantity: string }[];
  lastPrice: string | null;
}

/** One level and how far the last price is from it (level − last; null without both). */
export interface LevelDistance {
  label: string;
  price: string;
  distance: string | null;
}

export interface TargetFigures {
  label: string;
  /** Profit per share at the target in the trade's direction (negative: wrong side of entry). */
  rewardPerShare: string;
  /** reward ÷ risk per share, cut to 2 decimals; null when the risk is not positive. */
  rewardToRisk: string | null;
}

export interface TicketFigures {
  distances: LevelDistance[];
  /** Entry to the first stop, per share, in the trade's direction; null until both are typed. */
  riskPerShare: string | null;
  /** riskPerShare × quantity; null until the quantity is a whole number too. */
  riskTotal: string | null;
  targets: TargetFigures[];
  /** What keeps a figure from being meaningful, in the trader's words. */
  problems: string[];
}

const WHOLE = /^\d{1,9}$/;

/** The shares typed, or null when not a whole number. */
export function shares(quantity: string): string | null {
  const q = quantity.trim();
  return WHOLE.test(q) ? String(BigInt(q)) : null;
}

/** The move in the trade's favour from `from` to `to`: to − from long, from − to short. */
function inFavour(side: string, from: string, to: string): string {
  return side === 'SHORT' ? difference(from, to) : difference(to, from);
}

export function ticketFigures(input: TicketInput): TicketFigures {
  const problems: string[] = [];
  const entry = typedDecimal(input.entryPrice);
  const last = input.lastPrice === null ? null : typedDecimal(input.lastPrice);
  const qty = shares(input.quantity);
  const distances: LevelDistance[] = [];
  const level = (label: string, typed: string) => {
    const price = typedDecimal(typed);
    if (price !== null) {
      distances.push({ label, price, distance: last === null ? null : difference(price, last) });
    }
  };
  level('Entry', input.entryPrice);
  input.stops.forEach((s, i) => level(`Stop ${i + 1}`, s.price));
  input.targets.forEach((t, j) => level(`Target ${j + 1}`, t.price));

  const firstStop = input.stops.length > 0 ? typedDecimal(input.stops[0]!.price) : null;
  let riskPerShare: string | null = null;
  if (entry !== null && firstStop !== null) {
    // the risk is what the trade loses per share from entry down (long) or up (short) to the stop
    riskPerShare = difference('0', inFavour(input.side, entry, firstStop));
    if (sign(riskPerShare) <= 0) {
      problems.push(`Stop 1 is not ${input.side === 'SHORT' ? 'above' : 'below'} the entry: there is no risk to size from.`);
    }
  }
  const riskTotal = riskPerShare !== null && qty !== null ? product(riskPerShare, qty) : null;
  const targets: TargetFigures[] = [];
  if (entry !== null) {
    input.targets.forEach((t, j) => {
      const price = typedDecimal(t.price);
      if (price === null) return;
      const reward = inFavour(input.side, entry, price);
      const positiveRisk = riskPerShare !== null && sign(riskPerShare) > 0;
      targets.push({
        label: `Target ${j + 1}`,
        rewardPerShare: reward,
        rewardToRisk: positiveRisk ? quotientDown(reward, riskPerShare!, 2) : null,
      });
      if (sign(reward) <= 0) {
        problems.push(`Target ${j + 1} is not ${input.side === 'SHORT' ? 'below' : 'above'} the entry.`);
      }
    });
  }
  return { distances, riskPerShare, riskTotal, targets, problems };
}

/** The result of sizing: the quantity (rounded down) and what it risks, or why there is none. */
export type Sizing = { quantity: string; risk: string } | { problem: string };

/**
 * The quantity that risks at most `amount` down to the first stop: amount ÷ risk per share,
 * rounded down to whole shares ("risk 200" at 1.50 a share: 133 shares risking 199.50).
 */
export function sizeFromRisk(amount: string, riskPerShare: string | null): Sizing {
  const a = typedDecimal(amount);
  if (a === null || sign(a) <= 0) {
    return { problem: 'Type the amount to risk as a positive decimal, such as 200.' };
  }
  if (riskPerShare === null || sign(riskPerShare) <= 0) {
    return { problem: 'Type the entry and a first stop on the losing side of it first.' };
  }
  const quantity = quotientDown(a, riskPerShare, 0);
  if (compare(quantity, '1') < 0) {
    return { problem: `${amount.trim()} does not cover one share's risk of ${riskPerShare}.` };
  }
  return { quantity, risk: product(riskPerShare, quantity) };
}

/** Risk in total with the commissions of the entry and of the exit at the stop (when known). */
export function riskWithCommission(riskTotal: string | null, entryCommission: string | null, exitCommission: string | null): string | null {
  if (riskTotal === null || entryCommission === null || exitCommission === null) return null;
  return sum(sum(riskTotal, entryCommission), exitCommission);
}

/** What POST /api/sizing is asked (docs/api.md, "The plan ticket"). */
export interface SizingQuestion {
  symbol: string;
  side: 'LONG' | 'SHORT';
  entryPrice: string;
  stopPrice: string;
  amountAtRisk: string;
}

/** One cap the server considered: the limit, its value, the most shares it allows, why. */
export interface SizingCap {
  limit: string;
  value: string;
  shares: number;
  why: string;
}

/** The server's sizing: the quantity to use and the cap that bound it. */
export interface SizingAnswer {
  symbol: string;
  side: string;
  quantity: number;
  riskPerShare: string;
  risk: string;
  entryCommission: string;
  exitCommission: string;
  totalRisk: string;
  /** The trader's linked IB account (null: none). */
  account: string | null;
  /** The commission plan that priced both commissions, and whose it is. */
  commissionModel: string;
  commissionSource: 'account' | 'platform';
  boundBy: SizingCap;
  caps: SizingCap[];
  problem: string | null;
}

/**
 * The question for the server from the form and the amount typed, or null while something is
 * missing (the instant preview, sizeFromRisk, says what).
 */
export function sizingQuestion(
  form: { symbol: string; side: string; entryPrice: string; stops: readonly { price: string }[] },
  amount: string,
): SizingQuestion | null {
  const symbol = form.symbol.trim().toUpperCase();
  const entry = typedDecimal(form.entryPrice);
  const stop = form.stops.length > 0 ? typedDecimal(form.stops[0]!.price) : null;
  const a = typedDecimal(amount);
  if (symbol === '' || entry === null || stop === null || a === null || sign(a) <= 0) return null;
  if (form.side !== 'LONG' && form.side !== 'SHORT') return null;
  const risk = form.side === 'SHORT' ? difference(stop, entry) : difference(entry, stop);
  if (sign(risk) <= 0 || sign(stop) <= 0) return null;
  return { symbol, side: form.side, entryPrice: entry, stopPrice: stop, amountAtRisk: a };
}

/** What bound the server's quantity, in the trader's words. */
export function boundByText(a: SizingAnswer): string {
  if (a.boundBy.limit === 'amountAtRisk') return `the amount at risk ${a.boundBy.value}, commissions included`;
  return a.boundBy.why;
}

/** Which commission plan priced the server's figures: the account's own or the platform's. */
export function commissionPlanText(a: SizingAnswer): string {
  const whose = a.commissionSource === 'account' && a.account !== null ? `the plan of account ${a.account}` : "the platform's plan";
  return `commissions under ${a.commissionModel}, ${whose}`;
}

/** The server's answer in one line: "133 shares risk 199.50 + commissions 2.0000 = 201.5000". */
export function sizingSummary(a: SizingAnswer): string {
  if (a.quantity === 0) return a.problem ?? 'no share fits';
  const fees = sum(a.entryCommission, a.exitCommission);
  return `${a.quantity} shares risk ${a.risk} + commissions ${fees} = ${a.totalRisk}`;
}
