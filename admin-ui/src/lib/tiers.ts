import { compare, isDecimal } from './decimal';

/**
 * The tier table by price band (docs/risk.md, "Tiers by price band") as the limits page edits it
 * and the trader's limits show it: the bands as the API carries them (prices and value as decimal
 * strings, shares a whole number), the form's rows, and the rows turned into the API's JSON with
 * the same checks the server makes, keyed by the server's field names (`priceTiers[1].fromPrice`),
 * so a form error and a 422 land on the same input. Pure, unit-tested.
 */

export interface BandJson {
  fromPrice: string;
  belowPrice?: string | null;
  maxShares?: number | null;
  maxNotional?: string | null;
}

/** One band as typed: every field text, '' for unset. */
export interface BandRow {
  fromPrice: string;
  belowPrice: string;
  maxShares: string;
  maxNotional: string;
}

/** The most bands a layer's table holds (PriceTiers.BANDS_MAX on the server). */
export const BANDS_MAX = 10;

const WHOLE = /^[0-9]{1,15}$/;
const DECIMAL = /^[0-9]{1,15}(\.[0-9]{1,8})?$/;

export function emptyBand(): BandRow {
  return { fromPrice: '', belowPrice: '', maxShares: '', maxNotional: '' };
}

/** The rows of a stored table (none: no rows). */
export function bandRows(tiers: readonly BandJson[] | null | undefined): BandRow[] {
  return (tiers ?? []).map((b) => ({
    fromPrice: b.fromPrice,
    belowPrice: b.belowPrice ?? '',
    maxShares: b.maxShares === null || b.maxShares === undefined ? '' : String(b.maxShares),
    maxNotional: b.maxNotional ?? '',
  }));
}

/** A band in the trader's words: "below 5", "5 to 20", "from 20". */
export function bandLabel(b: BandJson): string {
  if (!b.belowPrice) return `from ${b.fromPrice}`;
  if (/^0*(\.0*)?$/.test(b.fromPrice)) return `below ${b.belowPrice}`;
  return `${b.fromPrice} to ${b.belowPrice}`;
}

/** A band's caps in words: "at most 1000 shares, worth at most 15000". */
export function bandCaps(b: BandJson): string {
  const caps: string[] = [];
  if (b.maxShares !== null && b.maxShares !== undefined) caps.push(`at most ${b.maxShares} shares`);
  if (b.maxNotional) caps.push(`worth at most ${b.maxNotional}`);
  return caps.join(', ');
}

/**
 * The rows as the API's `priceTiers` (undefined: no rows, the layer sets no tiers), or the errors
 * by field. Rows left wholly empty are dropped. Bands must rise without overlap, only the last may
 * be open-ended, and each sets shares, value or both.
 */
export function toTiersJson(rows: readonly BandRow[]): { tiers: BandJson[] | undefined; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kept = rows.filter((r) => Object.values(r).some((v) => v.trim() !== ''));
  if (kept.length === 0) return { tiers: undefined, errors };
  if (kept.length > BANDS_MAX) {
    errors['priceTiers'] = `at most ${BANDS_MAX} price bands`;
    return { tiers: undefined, errors };
  }
  const tiers: BandJson[] = [];
  kept.forEach((r, i) => {
    const at = `priceTiers[${i}].`;
    const from = r.fromPrice.trim();
    const below = r.belowPrice.trim();
    const shares = r.maxShares.trim();
    const notional = r.maxNotional.trim();
    if (!DECIMAL.test(from)) errors[`${at}fromPrice`] = 'a price such as 5.00 (0 for the first band)';
    if (below !== '' && !DECIMAL.test(below)) errors[`${at}belowPrice`] = 'a price such as 20.00, or empty for no end';
    if (below === '' && i < kept.length - 1) errors[`${at}belowPrice`] = 'only the last band may be open-ended';
    if (isDecimal(from) && DECIMAL.test(below) && compare(below, from) <= 0) errors[`${at}belowPrice`] = `must be above ${from}`;
    const before = i > 0 ? kept[i - 1]!.belowPrice.trim() : '';
    if (DECIMAL.test(from) && DECIMAL.test(before) && compare(from, before) < 0) {
      errors[`${at}fromPrice`] = `bands must rise without overlap (the band before ends at ${before})`;
    }
    if (shares === '' && notional === '') errors[`${at}maxShares`] = 'set the shares, the value or both';
    if (shares !== '' && (!WHOLE.test(shares) || /^0+$/.test(shares))) errors[`${at}maxShares`] = 'a whole number above zero';
    if (notional !== '' && (!DECIMAL.test(notional) || /^[0.]+$/.test(notional))) errors[`${at}maxNotional`] = 'a plain decimal above zero';
    const band: BandJson = { fromPrice: from };
    if (below !== '') band.belowPrice = below;
    if (shares !== '') band.maxShares = Number(shares);
    if (notional !== '') band.maxNotional = notional;
    tiers.push(band);
  });
  return { tiers: Object.keys(errors).length === 0 ? tiers : undefined, errors };
}
