/**
 * The operators' users and accounts (docs/accounts.md): which IB account each user trades, and the
 * commission plan that prices each account. Pure: the page (UsersAccountsPage.svelte) renders and
 * sends what these functions say, and always shows what the API answers after a change.
 */
import { ApiError } from './problem';

/** One user as `GET /api/ops/users` answers it; `account` null when none is linked. */
export interface OpsUser {
  username: string;
  roles: string[];
  createdAt: string;
  disabled: boolean;
  account: string | null;
}

/** One page of users and the cursor of the next (null after the last page). */
export interface UserPage {
  users: OpsUser[];
  next: string | null;
}

/** An account's commission plan: `source` `account` (its own) or `platform`. */
export interface CommissionPlan {
  account: string;
  plan: string;
  source: string;
  setBy: string | null;
  setAt: string | null;
}

/** `GET /api/ops/accounts/commissions`: the platform's plan and every account's own. */
export interface CommissionPlans {
  platform: string;
  accounts: CommissionPlan[];
}

/** The body of `PUT /api/ops/accounts/{account}/commission`: `why` only when one was given. */
export function commissionBody(plan: string, why: string): { plan: string; why?: string } {
  const w = why.trim();
  return w === '' ? { plan: plan.trim() } : { plan: plan.trim(), why: w };
}

/**
 * What to show next to a row for a failed call: each field the server named with its reason
 * ("account: must be 1 to 32 letters or digits"), else the problem's one sentence.
 */
export function problemText(e: unknown, fallback: string): string {
  if (!(e instanceof ApiError)) return fallback;
  if (e.fieldErrors.length > 0) return e.fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
  return e.message;
}

/**
 * The pages of users seen so far, as cursors: `after` of the page shown, the cursors of the pages
 * before it (for "Previous page") and the next page's (from the answer's Link header).
 */
export interface UserPaging {
  after: string | null;
  before: (string | null)[];
  next: string | null;
}

export const FIRST_PAGE: UserPaging = { after: null, before: [], next: null };

/** The paging once the page at `after` answered, having come from `from` by `move`. */
export function paged(from: UserPaging, move: 'next' | 'previous' | 'same', answerNext: string | null): UserPaging {
  if (move === 'next' && from.next !== null) {
    return { after: from.next, before: [...from.before, from.after], next: answerNext };
  }
  if (move === 'previous' && from.before.length > 0) {
    return { after: from.before[from.before.length - 1] ?? null, before: from.before.slice(0, -1), next: answerNext };
  }
  return { ...from, next: answerNext };
}

/** The cursor to read for a move (the page shown again for `same`, or a move that cannot be made). */
export function cursorFor(from: UserPaging, move: 'next' | 'previous' | 'same'): string | null {
  if (move === 'next' && from.next !== null) return from.next;
  if (move === 'previous' && from.before.length > 0) return from.before[from.before.length - 1] ?? null;
  return from.after;
}

/** The accounts with a plan of their own, by account code. */
export function ownPlans(list: CommissionPlans): CommissionPlan[] {
  return [...list.accounts].sort((a, b) => a.account.localeCompare(b.account));
}
