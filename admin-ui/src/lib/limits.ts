import type { BandJson } from './tiers';

/**
 * Risk limits (docs/risk.md) as the UI shows and edits them: the fields in the trader's words,
 * which layer may set which, and the form's text turned into the API's JSON (integers as numbers,
 * money and percentages as decimal strings, an empty field unset). Pure functions, unit-tested;
 * the components only render them.
 */

export type LimitScope = 'platform' | 'account' | 'user' | 'plan';

export type LimitKind = 'shares' | 'money' | 'count' | 'percent' | 'seconds' | 'millis' | 'flag';

export interface LimitField {
  key: string;
  label: string;
  kind: LimitKind;
  /** The layers that may set it (others must leave it empty). */
  scopes: readonly LimitScope[];
}

const ALL: readonly LimitScope[] = ['platform', 'account', 'user', 'plan'];
const AGGREGATE: readonly LimitScope[] = ['platform', 'account', 'user'];

/** Every limit, in the order the pages show them. */
export const LIMIT_FIELDS: readonly LimitField[] = [
  { key: 'maxOrderQuantity', label: 'Largest entry (shares)', kind: 'shares', scopes: ALL },
  { key: 'maxOrderNotional', label: 'Largest entry value', kind: 'money', scopes: ALL },
  { key: 'maxPositionPerSymbol', label: 'Position per symbol (shares)', kind: 'shares', scopes: AGGREGATE },
  { key: 'maxPositionTotal', label: 'Position in total (shares)', kind: 'shares', scopes: AGGREGATE },
  { key: 'maxOpenNotional', label: 'Open value', kind: 'money', scopes: AGGREGATE },
  { key: 'ordersPerSecond', label: 'Entries per second', kind: 'count', scopes: AGGREGATE },
  { key: 'orderBurst', label: 'Entries at once (burst)', kind: 'count', scopes: AGGREGATE },
  { key: 'platformOrdersPerSecond', label: 'Platform entries per second', kind: 'count', scopes: ['platform'] },
  { key: 'priceCollarPercent', label: 'Price collar (% from last)', kind: 'percent', scopes: ALL },
  { key: 'priceCollarTicks', label: 'Price collar (ticks from last)', kind: 'count', scopes: ALL },
  { key: 'maxDailyLoss', label: 'Daily loss', kind: 'money', scopes: AGGREGATE },
  { key: 'stopLossCooldownSeconds', label: 'Cooldown after a stop (s)', kind: 'seconds', scopes: AGGREGATE },
  { key: 'entryStaggerMillis', label: 'Stagger between entries (ms)', kind: 'millis', scopes: AGGREGATE },
  { key: 'maxOpenPlans', label: 'Open plans', kind: 'count', scopes: ['platform', 'user'] },
  { key: 'maxLossPerTrade', label: 'Loss per trade (exits it)', kind: 'money', scopes: ALL },
  { key: 'maxCumulativeLoss', label: 'Cumulative loss', kind: 'money', scopes: ['platform', 'user'] },
  { key: 'maxHoldingSeconds', label: 'Holding time (s, exits it)', kind: 'seconds', scopes: ALL },
  { key: 'flattenOnLossLimit', label: 'Flatten when a loss limit is reached', kind: 'flag', scopes: AGGREGATE },
  { key: 'maxOpenRisk', label: 'Open risk of an account (rebalancer)', kind: 'money', scopes: ['platform', 'account'] },
  { key: 'maxGrossExposure', label: 'Gross exposure of an account (rebalancer)', kind: 'money', scopes: ['platform', 'account'] },
];

/** The limits as the API carries them: absent means unset; `priceTiers` is the tier table. */
export type LimitsJson = Record<string, number | string | boolean | BandJson[] | null | undefined>;

/** One layer as the API answers it. */
export interface LayerJson {
  scope: LimitScope;
  id: string;
  version: number;
  changedBy?: string;
  changedAt?: string;
  why?: string;
  limits: LimitsJson;
  effective?: LimitsJson;
  /** In the answer to a change only: members that had not acknowledged it within 2 s. */
  membersPending?: string[];
}

/** A trader's limits: on their own figures, and on one of their orders. */
export interface MineJson {
  user: string;
  perUser: LimitsJson;
  perOrder: LimitsJson;
}

/** The fields a layer of `scope` may set. */
export function fieldsFor(scope: LimitScope): LimitField[] {
  return LIMIT_FIELDS.filter((f) => f.scopes.includes(scope));
}

/** A limit's value as text for a form or a table ('' when unset). */
export function limitText(limits: LimitsJson | undefined, key: string): string {
  const v = limits?.[key];
  return v === undefined || v === null || Array.isArray(v) ? '' : String(v);
}

/** A value for reading: unset shows as "no limit". */
export function limitLabel(limits: LimitsJson | undefined, key: string): string {
  const t = limitText(limits, key);
  return t === '' ? 'no limit' : t;
}

const INTEGER = /^[0-9]{1,15}$/;
const DECIMAL = /^[0-9]{1,15}(\.[0-9]{1,8})?$/;

/**
 * The form's texts as the API's limits, or the errors by field key. Empty is unset; integers must
 * be whole numbers above zero, money and percentages plain decimals above zero (kept as text, never
 * a float), a flag "true" or "false".
 */
export function toLimitsJson(
  scope: LimitScope,
  texts: Record<string, string>,
): { limits: LimitsJson; errors: Record<string, string> } {
  const limits: LimitsJson = {};
  const errors: Record<string, string> = {};
  for (const f of LIMIT_FIELDS) {
    const t = (texts[f.key] ?? '').trim();
    if (t === '') continue;
    if (!f.scopes.includes(scope)) {
      errors[f.key] = `a ${scope} layer cannot set this`;
      continue;
    }
    if (f.kind === 'flag') {
      if (t !== 'true' && t !== 'false') errors[f.key] = 'true or false';
      else limits[f.key] = t === 'true';
      continue;
    }
    const decimal = f.kind === 'money' || f.kind === 'percent';
    if (decimal ? !DECIMAL.test(t) : !INTEGER.test(t)) {
      errors[f.key] = decimal ? 'a plain decimal such as 2500.00' : 'a whole number';
      continue;
    }
    if (/^[0.]+$/.test(t)) {
      errors[f.key] = 'must be above zero (leave it empty for no limit at this layer)';
      continue;
    }
    limits[f.key] = decimal ? t : Number(t);
  }
  return { limits, errors };
}
