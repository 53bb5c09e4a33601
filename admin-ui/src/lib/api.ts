import type { BarInterval, BarsAnswer, LevelPoint, PnlCurve } from './charts';
import type { AccountJson } from './account';
import type { StrategiesAnswer } from './strategies';
import type { LayerJson, LimitScope, LimitsJson, MineJson } from './limits';
import { ApiError, networkError, problemFromResponse } from './problem';
import type { ExitChange } from './exits';
import type { KillSwitchState } from './killswitch';
import type { ActionBody, ReconciliationReport } from './reconcile';
import type { CommissionPlan, CommissionPlans, OpsUser, UserPage } from './opsaccounts';
import type { SizingAnswer, SizingQuestion } from './ticket';
import type { Plan, PlanDetail, PlanPage, PlanRequest, PlanTemplate, Session } from './types';

/**
 * The REST client (docs/api.md). One place knows the paths; every failure becomes an ApiError
 * (problem.ts). The bearer token lives in this object only (memory): never in localStorage or a
 * cookie the UI can read, so a reload asks for the password again (docs/ui.md, security).
 */

export type Command = 'activate' | 'cancel' | 'flatten';

export interface ApiOptions {
  /** Prefix of every path; '' when the UI is served by the API server itself. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called once when an authenticated request answers 401 (expired or revoked token). */
  onUnauthorized?: () => void;
  /** Retries of a command after a network failure, with the same Idempotency-Key. */
  commandRetries?: number;
}

/** A fresh Idempotency-Key: one per click, reused only by the automatic retries of that click. */
export function newIdempotencyKey(): string {
  const c: Crypto = globalThis.crypto;
  if (typeof c.randomUUID === 'function') {
    return c.randomUUID();
  }
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sends quantity as a JSON integer when it is one, else as typed so the server names the field. */
export function quantityValue(text: string): number | string {
  const t = text.trim();
  return /^\d{1,15}$/.test(t) ? Number(t) : t;
}

export class Api {
  private token: string | null = null;
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  private readonly onUnauthorized: () => void;
  private readonly commandRetries: number;

  constructor(options: ApiOptions = {}) {
    this.base = options.baseUrl ?? '';
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.onUnauthorized = options.onUnauthorized ?? (() => {});
    this.commandRetries = options.commandRetries ?? 2;
  }

  get authenticated(): boolean {
    return this.token !== null;
  }

  /** The token for the WebSocket's CONNECT frame (STOMP cannot send our header otherwise). */
  get bearerToken(): string | null {
    return this.token;
  }

  async login(username: string, password: string): Promise<Session> {
    const body = await this.request<Record<string, unknown>>('POST', '/api/auth/login', {
      json: { username, password },
      auth: false,
    });
    const token = typeof body['token'] === 'string' ? body['token'] : null;
    if (token === null) {
      throw new ApiError(502, 'The server did not return a session token.');
    }
    this.token = token;
    const roles = Array.isArray(body['roles']) ? body['roles'].filter((r): r is string => typeof r === 'string') : [];
    return {
      token,
      username: typeof body['username'] === 'string' ? body['username'] : username,
      roles,
      expiresAt: typeof body['expiresAt'] === 'string' ? body['expiresAt'] : undefined,
    };
  }

  async logout(): Promise<void> {
    if (this.token === null) {
      return;
    }
    try {
      await this.request('POST', '/api/auth/logout', {});
    } catch {
      // the token is forgotten below whatever the server said
    } finally {
      this.token = null;
    }
  }

  /** Forgets the token without telling the server (it already refused it). */
  forget(): void {
    this.token = null;
  }

  /**
   * One page of the caller's plans in `statuses` (docs/api.md, "Pages"): at most `limit`, after the
   * plan id `after`. `next` comes from the answer's Link header (null after the last page).
   */
  async listPlans(statuses: readonly string[], limit: number, after: string | null = null): Promise<PlanPage> {
    const q = new URLSearchParams();
    if (statuses.length > 0) q.set('status', statuses.join(','));
    q.set('limit', String(limit));
    if (after !== null) q.set('after', after);
    const { body, link } = await this.send<unknown>('GET', `/api/plans?${q.toString()}`, {});
    return { plans: Array.isArray(body) ? (body as Plan[]) : [], next: nextAfter(link) };
  }

  /**
   * One page of the caller's ended-or-any plans narrowed by symbol and side as well (docs/api.md,
   * "Plans list"): the server filters, so a page is full whatever the filter.
   */
  async listPlansFiltered(statuses: readonly string[], filter: { symbol?: string; side?: string; sort?: string }, limit: number, after: string | null = null): Promise<PlanPage> {
    const q = new URLSearchParams();
    if (statuses.length > 0) q.set('status', statuses.join(','));
    if (filter.symbol) q.set('symbol', filter.symbol);
    if (filter.side) q.set('side', filter.side);
    // the server's order (docs/api.md, "Sorting the plans"); `after` is then its cursor
    if (filter.sort) q.set('sort', filter.sort);
    q.set('limit', String(limit));
    if (after !== null) q.set('after', after);
    const { body, link } = await this.send<unknown>('GET', `/api/plans?${q.toString()}`, {});
    return { plans: Array.isArray(body) ? (body as Plan[]) : [], next: nextAfter(link) };
  }

  /** What one order of `shares` at `price` costs under the server's commission model. */
  async commissionQuote(shares: string, price: string): Promise<string | null> {
    const q = new URLSearchParams({ shares, price });
    const r = await this.request<{ commission?: unknown }>('GET', `/api/commission/quote?${q.toString()}`);
    return typeof r?.commission === 'string' ? r.commission : null;
  }

  /** The server's sizing of an entry from an amount at risk (commissions, tiers and limits counted). */
  sizing(question: SizingQuestion): Promise<SizingAnswer> {
    return this.request<SizingAnswer>('POST', '/api/sizing', { json: question });
  }

  /** The caller's plan templates, by name. */
  async listTemplates(): Promise<PlanTemplate[]> {
    const r = await this.request<unknown>('GET', '/api/templates');
    return Array.isArray(r) ? (r as PlanTemplate[]) : [];
  }

  /** Saves (or replaces) a template; 409 limit-reached past the per-user bound. */
  saveTemplate(name: string, plan: Partial<PlanRequest>): Promise<PlanTemplate> {
    return this.request<PlanTemplate>('PUT', `/api/templates/${encodeURIComponent(name)}`, { json: { plan } });
  }

  deleteTemplate(name: string): Promise<void> {
    return this.request<void>('DELETE', `/api/templates/${encodeURIComponent(name)}`);
  }

  /** The caller's trades as CSV text (GET /api/trades/export.csv), for a download. */
  async tradesCsv(): Promise<string> {
    let response: Response;
    try {
      response = await this.doFetch(this.base + '/api/trades/export.csv', {
        headers: this.token === null ? {} : { Authorization: `Bearer ${this.token}` },
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw networkError();
    }
    if (!response.ok) throw await problemFromResponse(response);
    return response.text();
  }

  /** Every plan in `statuses`, page after page (open plans: bounded by the server's limits). */
  async listAllPlans(statuses: readonly string[]): Promise<Plan[]> {
    const all: Plan[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await this.listPlans(statuses, PAGE_MAX, after);
      all.push(...page.plans);
      if (page.next === null) return all;
      after = page.next;
    }
    return all;
  }

  getPlan(id: string): Promise<PlanDetail> {
    return this.request<PlanDetail>('GET', `/api/plans/${encodeURIComponent(id)}`);
  }

  /** The last price of a symbol, or null when the platform has none yet. */
  async lastPrice(symbol: string): Promise<string | null> {
    try {
      const r = await this.request<{ last?: unknown }>('GET', `/api/market/prices/${encodeURIComponent(symbol)}`);
      return typeof r?.last === 'string' ? r.last : null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        return null;
      }
      throw e;
    }
  }

  /** One layer of risk limits (operators and strategy admins). */
  getLimits(scope: LimitScope, id: string): Promise<LayerJson> {
    const path = scope === 'platform' ? 'platform' : `${scope}/${encodeURIComponent(id)}`;
    return this.request<LayerJson>('GET', `/api/risk/limits/${path}`);
  }

  /** A layer's versions, newest first. */
  limitsHistory(scope: LimitScope, id: string): Promise<LayerJson[]> {
    const path = scope === 'platform' ? 'platform/platform' : `${scope}/${encodeURIComponent(id)}`;
    return this.request<LayerJson[]>('GET', `/api/risk/limits/${path}/history?limit=20`);
  }

  /** Stores a new version of a layer; 409 when someone changed it first, 422 naming each field. */
  changeLimits(scope: LimitScope, id: string, limits: LimitsJson, expectedVersion: number, why: string): Promise<LayerJson> {
    const path = scope === 'platform' ? 'platform/platform' : `${scope}/${encodeURIComponent(id)}`;
    return this.request<LayerJson>('PUT', `/api/risk/limits/${path}`, { json: { limits, expectedVersion, why } });
  }

  /** The limits that hold for the logged-in trader. */
  myLimits(): Promise<MineJson> {
    return this.request<MineJson>('GET', '/api/risk/mine');
  }

  /** The caller's account: positions, P&L, money at risk, limits and alerts (docs/api.md). */
  account(): Promise<AccountJson> {
    return this.request<AccountJson>('GET', '/api/account');
  }

  /** Recent bars of a symbol as this server saw its ticks (docs/api.md, "Bars"). */
  bars(symbol: string, interval: BarInterval, from: string | null): Promise<BarsAnswer> {
    const q = `interval=${interval}` + (from ? `&from=${encodeURIComponent(from)}` : '');
    return this.request<BarsAnswer>('GET', `/api/market/${encodeURIComponent(symbol)}/bars?${q}`);
  }

  /** The plan's levels over time as this server recorded them (docs/api.md, "Plan levels over time"). */
  planLevels(id: string): Promise<{ planId: string; points: LevelPoint[] }> {
    return this.request<{ planId: string; points: LevelPoint[] }>('GET', `/api/plans/${encodeURIComponent(id)}/levels`);
  }

  /** The caller's P&L through the trading day, a sample per minute (docs/api.md, "The account"). */
  pnlCurve(): Promise<PnlCurve> {
    return this.request<PnlCurve>('GET', '/api/account/pnl-curve');
  }

  /** The strategies of the deployed rule set with their parameter schemas (the plan form). */
  strategies(): Promise<StrategiesAnswer> {
    return this.request<StrategiesAnswer>('GET', '/api/strategies');
  }

  /** Stores a DRAFT; a 422 lists every invalid field. */
  createPlan(plan: PlanRequest, idempotencyKey: string = newIdempotencyKey()): Promise<Plan> {
    return this.withRetries(() =>
      this.request<Plan>('POST', '/api/plans', { json: plan, idempotencyKey }),
    );
  }

  /** activate / cancel / flatten, with one Idempotency-Key per click. */
  command(id: string, command: Command, idempotencyKey: string = newIdempotencyKey()): Promise<Plan> {
    return this.withRetries(() =>
      this.request<Plan>('POST', `/api/plans/${encodeURIComponent(id)}/${command}`, { idempotencyKey }),
    );
  }

  /**
   * Changes the exits of a working or live trade (docs/api.md): If-Match carries the version the
   * trader saw (409 when the plan moved on); a 400 names each field, a 409 says why the trade
   * cannot take it. One Idempotency-Key per click (a partial close is an order).
   */
  changeExits(id: string, version: number, change: ExitChange, idempotencyKey: string = newIdempotencyKey()): Promise<Plan> {
    return this.withRetries(() =>
      this.request<Plan>('POST', `/api/plans/${encodeURIComponent(id)}/exits`, {
        json: change,
        idempotencyKey,
        ifMatch: `"${version}"`,
      }),
    );
  }

  /** The engaged kill switches the session may see. */
  killSwitchStatus(): Promise<KillSwitchState> {
    return this.request<KillSwitchState>('GET', '/api/kill-switch');
  }

  /** Engages a kill switch (not retried: the operator sees the answer and presses again). */
  engageKillSwitch(scope: string, reason: string, flatten: boolean): Promise<KillSwitchState> {
    return this.request<KillSwitchState>('POST', '/api/kill-switch/engage', {
      json: { scope, reason: reason.trim(), flatten },
    });
  }

  /** Releases an operator's kill switch (operators only), saying why. */
  releaseKillSwitch(scope: string, why: string, reason = 'OPERATOR'): Promise<KillSwitchState> {
    return this.request<KillSwitchState>('POST', '/api/kill-switch/release', {
      json: { scope, why: why.trim(), reason },
    });
  }

  /** The last reconciliation of positions (operators; docs/accounts.md); `check` reads IB again. */
  reconciliation(check = false): Promise<ReconciliationReport> {
    return check
      ? this.request<ReconciliationReport>('POST', '/api/ops/reconciliation/check')
      : this.request<ReconciliationReport>('GET', '/api/ops/reconciliation');
  }

  /** Adopts or flattens one confirmed difference (operators, audited); answers the new plan. */
  reconcileDifference(action: 'adopt' | 'flatten', body: ActionBody): Promise<Plan> {
    return this.request<Plan>('POST', `/api/ops/reconciliation/${action}`, { json: body });
  }

  /** One page of users (operators; docs/api.md, "Pages"), `next` from the Link header. */
  async opsUsers(limit: number, after: string | null): Promise<UserPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (after !== null) q.set('after', after);
    const { body, link } = await this.send<unknown>('GET', `/api/ops/users?${q.toString()}`, {});
    // a user without an account comes without the field: null here, as the type says
    const users = Array.isArray(body) ? (body as OpsUser[]).map((u) => ({ ...u, account: u.account ?? null })) : [];
    return { users, next: nextAfter(link) };
  }

  /** Links a user to an IB account, or unlinks it with `account` null (operators, audited). */
  linkAccount(username: string, account: string | null): Promise<OpsUser> {
    const path = `/api/ops/users/${encodeURIComponent(username)}/account`;
    return account === null ? this.request<OpsUser>('DELETE', path) : this.request<OpsUser>('PUT', path, { json: { account } });
  }

  /** The platform's commission plan and every account's own (operators). */
  commissionPlans(): Promise<CommissionPlans> {
    return this.request<CommissionPlans>('GET', '/api/ops/accounts/commissions');
  }

  /** Sets an account's commission plan, or clears it with `change` null (operators, audited). */
  setCommissionPlan(account: string, change: { plan: string; why?: string } | null): Promise<CommissionPlan> {
    const path = `/api/ops/accounts/${encodeURIComponent(account)}/commission`;
    return change === null ? this.request<CommissionPlan>('DELETE', path) : this.request<CommissionPlan>('PUT', path, { json: change });
  }

  /**
   * A call whose `answers` statuses are answers with a body of their own, not failures: the
   * rule-set API (rules.ts) answers a refused deploy 409 and a refused draft 422 with the reason.
   */
  async exchange<T>(method: string, path: string, json?: unknown, answers: readonly number[] = []): Promise<{ status: number; body: T }> {
    const r = await this.send<T>(method, path, { json, answers });
    return { status: r.status, body: r.body };
  }

  /** The analyst's workbench (docs/api.md, "Analysis"): one JSON call under /api/analysis. */
  analysis<T>(method: 'GET' | 'POST', path: string, json?: unknown): Promise<T> {
    return this.request<T>(method, `/api/analysis${path}`, json === undefined ? {} : { json });
  }

  /** A text answer under /api/analysis: a report page, a comparison page, a heat map. */
  async analysisText(path: string): Promise<string> {
    const headers: Record<string, string> = {};
    if (this.token !== null) headers['Authorization'] = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.doFetch(`${this.base}/api/analysis${path}`, { headers, cache: 'no-store' });
    } catch {
      throw networkError();
    }
    if (!response.ok) throw await problemFromResponse(response);
    return response.text();
  }

  /** Retries only when no answer came back (the key makes a repeat harmless). */
  private async withRetries<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (e) {
        const again = e instanceof ApiError && e.status === 0 && attempt < this.commandRetries;
        if (!again) {
          throw e;
        }
        await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
      }
    }
  }

  private async request<T>(
    method: string,
    path: string,
    options: { json?: unknown; auth?: boolean; idempotencyKey?: string; ifMatch?: string } = {},
  ): Promise<T> {
    return (await this.send<T>(method, path, options)).body;
  }

  /** A request; the answer's body and its Link header. */
  private async send<T>(
    method: string,
    path: string,
    options: { json?: unknown; auth?: boolean; idempotencyKey?: string; ifMatch?: string; answers?: readonly number[] },
  ): Promise<{ body: T; link: string | null; status: number }> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    const auth = options.auth ?? true;
    // The token this request carries. Its 401 ends the session only while it is still the session's
    // token: a request of the previous user answered after a logout and a new login (a page's call
    // still in flight) must not end the new user's session (a full run's browser test failed so).
    const sentWith = auth ? this.token : null;
    if (sentWith !== null) {
      headers['Authorization'] = `Bearer ${sentWith}`;
    }
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options.idempotencyKey !== undefined) {
      headers['Idempotency-Key'] = options.idempotencyKey;
    }
    if (options.ifMatch !== undefined) {
      headers['If-Match'] = options.ifMatch;
    }
    let response: Response;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await this.doFetch(this.base + path, {
          method,
          headers,
          body: options.json === undefined ? undefined : JSON.stringify(options.json),
          credentials: 'same-origin',
          cache: 'no-store',
        });
      } catch {
        throw networkError();
      }
      // The server's admission control (503 api-busy) did nothing with the request: the same
      // request (its Idempotency-Key too) is sent again after the Retry-After, a few times, as
      // docs/api.md asks of a client. Any other 503 is the caller's to show.
      if (response.status !== 503 || attempt >= BUSY_RETRIES) {
        break;
      }
      const busy = await problemFromResponse(response.clone());
      if (busy.type !== API_BUSY) {
        break;
      }
      const wait = Math.min(busy.retryAfterSeconds ?? 1, BUSY_WAIT_MAX_SECONDS);
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
    if (!response.ok && !(options.answers ?? []).includes(response.status)) {
      const error = await problemFromResponse(response);
      if (response.status === 401 && sentWith !== null && this.token === sentWith) {
        this.token = null;
        this.onUnauthorized();
      }
      throw error;
    }
    const link = response.headers.get('Link');
    const status = response.status;
    if (status === 204) {
      return { body: undefined as T, link, status };
    }
    const text = await response.text();
    if (text === '') {
      return { body: undefined as T, link, status };
    }
    try {
      return { body: JSON.parse(text) as T, link, status };
    } catch {
      throw new ApiError(response.status, 'The server sent an answer the UI cannot read.');
    }
  }
}

/** The problem type of the server's admission control: nothing was done, retry after a moment. */
export const API_BUSY = 'urn:tradeplan:problem:api-busy';
/** Retries of a request the admission control refused, each after its Retry-After (at most 2 s). */
export const BUSY_RETRIES = 3;
const BUSY_WAIT_MAX_SECONDS = 2;

/** The most plans the server puts in one page, and the most pages read for one list. */
export const PAGE_MAX = 500;
const MAX_PAGES = 20;

/** The `after` of a `Link: <...after=X...>; rel="next"` header, or null. */
export function nextAfter(link: string | null): string | null {
  if (link === null) return null;
  const m = /<([^>]*)>\s*;\s*rel="next"/.exec(link);
  if (!m?.[1]) return null;
  const after = new URL(m[1], 'http://x').searchParams.get('after');
  return after === null || after === '' ? null : after;
}
