/**
 * The API's JSON as the server writes it (src/server .../plans/PlanJson.java, docs/api.md).
 * Prices and money are decimal strings, quantities integers.
 */

export type PlanStatus =
  | 'DRAFT'
  | 'ACTIVE'
  | 'ENTRY_SUBMITTED'
  | 'CONTINGENT_ACTIVE'
  | 'CONTINGENT_SUBMITTED'
  | 'INACTIVE'
  | 'CANCELLED'
  | 'REJECTED';

export type TradeStatus = 'PENDING' | 'LIVE' | 'CLOSED' | 'CANCELLED';

export interface Plan {
  id: string;
  symbol: string;
  secType?: string;
  exchange?: string;
  currency?: string;
  /** The grid every price of the plan sits on (the server rounds a break-even level onto it). */
  tickSize?: string | null;
  side: 'LONG' | 'SHORT';
  quantity: number;
  /** `maxSlippageTicks`: a marketable-limit entry at most that many ticks past the trigger (docs/risk.md). */
  entry: { condition: 'ABOVE' | 'BELOW'; price: string; expiresAt?: string | null; maxSlippageTicks?: number | null };
  stops: { price: string; activateAt?: string | null }[];
  /** `fired`: the target triggered (it can no longer be moved). */
  targets: { price: string; quantity?: number | null; fired?: boolean }[];
  trailingStop?: { distance: string } | null;
  status: PlanStatus;
  tradeStatus: TradeStatus;
  version: number;
  position: number;
  filledEntryQuantity: number;
  avgEntryPrice?: string | null;
  activeStop?: string | null;
  lastPrice?: string | null;
  unrealizedPnl?: string | null;
  realizedPnl?: string | null;
  commission?: string | null;
  endReason?: string | null;
  /** When the last tick of the symbol arrived (watched plans only). */
  lastTickAt?: string | null;
  /** Watched, and its symbol has had no tick for too long while its market is open. */
  ticksStale?: boolean;
  /** The rule-set strategy and its parameters (null: none). */
  strategy?: { name: string; params: Record<string, string> } | null;
  /** The rule-set version the plan is pinned to from its activation (null while DRAFT). */
  ruleSetVersion?: number | null;
  /** When the plan was stored; in list answers only (not in live updates). */
  createdAt?: string | null;
  /** When the plan ended (its first write in an ended status); in list answers only. */
  endedAt?: string | null;
}

export interface HistoryEvent {
  seq: number;
  type:
    | 'ORDER'
    | 'FILL'
    | 'CANCEL'
    | 'STATUS'
    | 'REJECT'
    | 'DENY'
    | 'ACTION'
    | 'GIVE_UP'
    | 'SLIPPAGE'
    | 'SENT_AS';
  time?: string | null;
  role?: string | null;
  index?: number | null;
  side?: string | null;
  quantity?: number | null;
  price?: string | null;
  orderStatus?: PlanStatus | null;
  tradeStatus?: TradeStatus | null;
  orderRef?: string | null;
  rule?: string | null;
  reason?: string | null;
}

export interface PlanDetail {
  plan: Plan;
  history: HistoryEvent[];
}

/** A plan as the create form sends it: prices are strings, quantities JSON integers. */
export interface PlanRequest {
  symbol: string;
  side: string;
  quantity: number | string;
  entry: { condition: string; price: string; expiresAt?: string; maxSlippageTicks?: number | string };
  stops: { price: string; activateAt?: string }[];
  targets?: { price: string; quantity?: number | string }[];
  trailingStop?: { distance: string };
  /** a strategy of the deployed rule set and its parameters, each as the string typed */
  strategy?: { name: string; params: Record<string, string> };
}

export interface Session {
  token: string;
  username: string;
  roles: string[];
  expiresAt?: string;
}

/** Open plans: drafts and every plan the engine watches (the live feed keeps these current). */
export const OPEN_STATUSES: readonly PlanStatus[] = ['DRAFT', 'ACTIVE', 'ENTRY_SUBMITTED', 'CONTINGENT_ACTIVE', 'CONTINGENT_SUBMITTED'];

/** Ended plans: read a page at a time. */
export const ENDED_STATUSES: readonly PlanStatus[] = ['INACTIVE', 'CANCELLED', 'REJECTED'];

export function isOpen(p: Pick<Plan, 'status'>): boolean {
  return OPEN_STATUSES.includes(p.status);
}

/** One page of plans and the cursor of the next (null after the last). */
export interface PlanPage {
  plans: Plan[];
  next: string | null;
}

/** Statuses in which a command makes sense (lifecycle.md); the server decides, these only hide buttons. */
export const CAN_ACTIVATE: ReadonlySet<PlanStatus> = new Set(['DRAFT']);
export const CAN_CANCEL: ReadonlySet<PlanStatus> = new Set(['DRAFT', 'ACTIVE', 'ENTRY_SUBMITTED']);
export const CAN_FLATTEN: ReadonlySet<PlanStatus> = new Set(['CONTINGENT_ACTIVE', 'CONTINGENT_SUBMITTED']);

/** A saved plan shape (GET /api/templates): the fields of a plan request, whole or in part. */
export interface PlanTemplate {
  name: string;
  plan: Partial<PlanRequest>;
  savedAt: string;
}

/**
 * A platform alert on the live feed (server: live/LiveMessage.java, docs/api.md "Live updates"):
 * a kill switch engaged or released in the trader's scope, the broker link down or up.
 */
export interface PlatformAlert {
  kind: 'KILL_SWITCH_ENGAGED' | 'KILL_SWITCH_RELEASED' | 'BROKER_DOWN' | 'BROKER_UP' | string;
  /** `global`, `user:NAME`, `account:ID` for a kill switch */
  scope?: string;
  words?: string;
  actor?: string;
  brokerState?: string;
  at?: string;
}
