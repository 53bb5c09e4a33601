/**
 * The operators' reconciliation of positions (docs/accounts.md): IB's positions per account against
 * the sum of the plans', the orders made outside Tradeplan, and the two answers to a difference:
 * adopt it into a plan (with a protective stop) or flatten it (one market order for exactly it).
 * Pure: the page (ReconcilePage.svelte) renders and sends what these functions say.
 */

/** A confirmed difference as the API answers it (quantities are decimal strings). */
export interface Mismatch {
  account: string;
  symbol: string;
  ibQuantity: string;
  tradeplanQuantity: string;
  difference: string;
  since: string;
}

/** An order open at IB that Tradeplan did not send: shown, never touched. */
export interface OutsideOrder {
  account: string;
  symbol: string;
  action: string;
  quantity: string;
  orderType: string;
  limitPrice: string | null;
  stopPrice: string | null;
  orderRef: string | null;
  orderId: number;
  clientId: number;
  status: string | null;
}

export interface ReconciliationReport {
  checkedAt: string | null;
  mismatches: Mismatch[];
  outsideOrders: OutsideOrder[];
}

/** What the operator typed for one difference. */
export interface ActionForm {
  owner: string;
  stop: string;
  target: string;
  why: string;
}

/** The body of POST /api/ops/reconciliation/adopt or /flatten. */
export interface ActionBody {
  account: string;
  symbol: string;
  owner: string;
  expectedDifference: string;
  stop?: string;
  target?: string;
  why?: string;
  confirm?: boolean;
}

const PRICE = /^\d{1,12}(\.\d{1,8})?$/;

/** The side a plan adopting the difference takes: shares IB holds beyond the plans are LONG. */
export function adoptedSide(m: Mismatch): 'LONG' | 'SHORT' {
  return m.difference.trim().startsWith('-') ? 'SHORT' : 'LONG';
}

/** The order a flatten sends, in words: SELL what IB holds beyond the plans, BUY what it lacks. */
export function flattenOrder(m: Mismatch): string {
  const qty = m.difference.trim().replace(/^[-+]/, '');
  return `${adoptedSide(m) === 'LONG' ? 'SELL' : 'BUY'} ${qty} ${m.symbol} at market for ${m.account}`;
}

/** The first thing wrong with the form for this action, or null when it may be sent. */
export function formError(action: 'adopt' | 'flatten', f: ActionForm): string | null {
  if (f.owner.trim() === '') return 'Name the user (linked to the account) the new plan belongs to.';
  if (action === 'adopt') {
    if (!PRICE.test(f.stop.trim())) return 'The protective stop is required: a price such as 99.50.';
    if (f.target.trim() !== '' && !PRICE.test(f.target.trim())) return 'The target must be a price such as 110.00.';
  }
  return null;
}

/** The request for one difference, with the figure the operator saw (refused if it moved). */
export function actionBody(action: 'adopt' | 'flatten', m: Mismatch, f: ActionForm): ActionBody {
  const body: ActionBody = {
    account: m.account,
    symbol: m.symbol,
    owner: f.owner.trim(),
    expectedDifference: m.difference,
  };
  if (f.why.trim() !== '') body.why = f.why.trim();
  if (action === 'adopt') {
    body.stop = f.stop.trim();
    if (f.target.trim() !== '') body.target = f.target.trim();
  } else {
    body.confirm = true;
  }
  return body;
}
