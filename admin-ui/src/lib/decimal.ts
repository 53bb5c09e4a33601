/**
 * Decimal strings as the server sends them ("101.25", "-3.50"). Money and prices are never turned
 * into JS numbers: binary floating point cannot hold 0.1, and a trader must see exactly what the
 * server computed. Arithmetic that the UI needs (comparing, tick alignment) is done on scaled
 * BigInts.
 */

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** What a trader may type: a plain decimal with optional leading zeros and sign. */
const TYPED = /^[+-]?\d+(\.\d+)?$|^[+-]?\.\d+$/;

/** A plain decimal string (no exponent, no grouping). */
export function isDecimal(s: string | null | undefined): s is string {
  return typeof s === 'string' && DECIMAL.test(s);
}

/** Scaled integer form: value = units / 10^scale. */
interface Scaled {
  units: bigint;
  scale: number;
}

function toScaled(s: string): Scaled {
  const t = s.trim();
  if (!TYPED.test(t)) {
    throw new Error(`not a decimal: ${JSON.stringify(s)}`);
  }
  const negative = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const [intPart = '', frac = ''] = body.split('.');
  const units = BigInt((intPart || '0') + frac);
  return { units: negative ? -units : units, scale: frac.length };
}

function rescale(a: Scaled, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

function fromScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? '.' + digits.slice(digits.length - scale) : '';
  return (negative ? '-' : '') + intPart + frac;
}

/** a - b, exactly, written with the larger of their decimals ("0.80" - "0.5" = "0.30"). */
export function difference(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled(rescale(x, scale) - rescale(y, scale), scale);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (numerically: "1.50" equals "1.5"). */
export function compare(a: string, b: string): number {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The sign of a decimal string: -1, 0 or 1. */
export function sign(s: string): number {
  return compare(s, '0');
}

/** True when price is a whole number of ticks. */
export function isMultipleOf(price: string, tick: string): boolean {
  const p = toScaled(price);
  const t = toScaled(tick);
  if (t.units <= 0n) {
    throw new Error(`tick size must be > 0: ${tick}`);
  }
  const scale = Math.max(p.scale, t.scale);
  return rescale(p, scale) % rescale(t, scale) === 0n;
}

/**
 * The nearest multiple of tick to price (ties go away from zero, as a trader rounds by hand),
 * written with the tick's number of decimals. Null when the input is not a decimal, or when the
 * price is already on the grid (nothing to suggest). The UI only ever offers this: the trader must
 * accept it, a price is never rounded silently.
 */
export function alignToTick(price: string, tick: string): string | null {
  let p: Scaled;
  let t: Scaled;
  try {
    p = toScaled(price);
    t = toScaled(tick);
  } catch {
    return null;
  }
  if (t.units <= 0n) {
    return null;
  }
  const scale = Math.max(p.scale, t.scale);
  const pu = rescale(p, scale);
  const tu = rescale(t, scale);
  const rem = pu % tu;
  if (rem === 0n) {
    return null;
  }
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const down = pu - rem; // toward zero
  const away = down + (pu < 0n ? -tu : tu);
  const aligned = abs(rem) * 2n >= tu ? away : down;
  // written with the tick's decimals ("101.25" for tick 0.05), without dropping the price's scale
  // below the tick's
  const outScale = t.scale;
  return fromScaled(aligned / 10n ** BigInt(scale - outScale), outScale);
}

/**
 * The multiple of tick at or above price ('up') or at or below it ('down'), written with the tick's
 * decimals; null when either is not a decimal. For a level the server computes the same way (stop
 * to break-even: LONG up, SHORT down), shown before the trader confirms.
 */
export function roundToTick(price: string, tick: string, direction: 'up' | 'down'): string | null {
  let p: Scaled;
  let t: Scaled;
  try {
    p = toScaled(price);
    t = toScaled(tick);
  } catch {
    return null;
  }
  if (t.units <= 0n) {
    return null;
  }
  const scale = Math.max(p.scale, t.scale);
  const pu = rescale(p, scale);
  const tu = rescale(t, scale);
  let q = pu / tu; // toward zero
  if (q * tu !== pu) {
    if (direction === 'up' && pu > 0n) q += 1n;
    if (direction === 'down' && pu < 0n) q -= 1n;
  }
  return fromScaled((q * tu) / 10n ** BigInt(scale - t.scale), t.scale);
}

/**
 * Formats a decimal string for display: thousands grouped with "," and exactly the decimals the
 * server sent (money arrives already rounded to cents). Null/undefined/empty show as an em dash.
 * A string that is not a plain decimal is shown unchanged rather than guessed at.
 */
export function formatDecimal(s: string | null | undefined, options: { signed?: boolean } = {}): string {
  if (s === null || s === undefined || s === '') {
    return '—';
  }
  if (!DECIMAL.test(s)) {
    return s;
  }
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const [intPart = '0', frac] = body.split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const isZero = /^[0.]+$/.test(body);
  const prefix = negative && !isZero ? '−' : options.signed && !isZero ? '+' : '';
  return prefix + grouped + (frac !== undefined ? '.' + frac : '');
}

/** Money for display: like formatDecimal with the sign shown for P&L. */
export function formatPnl(s: string | null | undefined): string {
  return formatDecimal(s, { signed: true });
}

/** "gain", "loss" or "flat" for colouring a P&L cell; null when there is no value. */
export function pnlClass(s: string | null | undefined): 'gain' | 'loss' | 'flat' | null {
  if (!isDecimal(s)) {
    return null;
  }
  const v = sign(s);
  return v > 0 ? 'gain' : v < 0 ? 'loss' : 'flat';
}

/** a × b, exactly, written with the sum of their decimals ("1.5" × "0.25" = "0.375"). */
export function product(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled(x.units * y.units, x.scale + y.scale);
}

/** a + b, exactly, written with the larger of their decimals. */
export function sum(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled(rescale(x, scale) + rescale(y, scale), scale);
}

/**
 * a ÷ b cut (toward zero) to `decimals` places: never rounded up, so a size or a ratio derived
 * from it is never more than the exact one. Throws on a zero divisor (a broken invariant: callers
 * check first).
 */
export function quotientDown(a: string, b: string, decimals: number): string {
  const x = toScaled(a);
  const y = toScaled(b);
  if (y.units === 0n) {
    throw new Error('division by zero');
  }
  // a/b = (xu / 10^xs) / (yu / 10^ys); scaled by 10^decimals
  const num = x.units * 10n ** BigInt(y.scale + decimals);
  const den = y.units * 10n ** BigInt(x.scale);
  return fromScaled(num / den, decimals);
}

/** A typed decimal ('+1.5', '.25', ' 3 ') read as a plain one, or null when it is not one. */
export function typedDecimal(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  try {
    const v = toScaled(s);
    return fromScaled(v.units, v.scale);
  } catch {
    return null;
  }
}
