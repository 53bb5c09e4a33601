import { compare, difference } from './decimal';
import { ENDED_STATUSES, type Plan, type PlanStatus } from './types';

/**
 * The plans list's filters, sort and level distances (docs/ui.md, "The plans list"). Open plans
 * are all held (the server bounds them) and are filtered and sorted here; ended plans are
 * thousands, so their filters go to the server (`endedQuery`) and a page is sorted on screen.
 * Money and prices are compared as exact decimals. Pure, for the unit tests.
 */

export interface PlanFilter {
  /** upper-case symbol, '' for all */
  symbol: string;
  side: '' | 'LONG' | 'SHORT';
  status: '' | PlanStatus;
}

export type SortKey = 'symbol' | 'side' | 'status' | 'position' | 'last' | 'realized' | 'unrealized';

export interface PlanSort {
  key: SortKey;
  descending: boolean;
}

export function emptyFilter(): PlanFilter {
  return { symbol: '', side: '', status: '' };
}

/** The symbol as the server matches it, or '' when the text cannot be a symbol. */
export function filterSymbol(text: string): string {
  const s = text.trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9.\- ]{0,20}$/.test(s) ? s : '';
}

export function filterPlans(plans: readonly Plan[], f: PlanFilter): Plan[] {
  const symbol = filterSymbol(f.symbol);
  return plans.filter((p) => (symbol === '' || p.symbol === symbol) && (f.side === '' || p.side === f.side) && (f.status === '' || p.status === f.status));
}

/** The ended statuses to ask the server for under a filter (none: the filter names an open one). */
export function endedStatuses(f: PlanFilter): PlanStatus[] {
  if (f.status === '') return [...ENDED_STATUSES];
  return ENDED_STATUSES.includes(f.status) ? [f.status] : [];
}

/** A decimal or null compared with nulls last whatever the direction. */
function byDecimal(a: string | null | undefined, b: string | null | undefined): number {
  if (a == null || b == null) return 0;
  return compare(a, b);
}

const signedPosition = (p: Plan) => (p.side === 'SHORT' ? -p.position : p.position);

export function sortPlans(plans: readonly Plan[], s: PlanSort): Plan[] {
  const value = (p: Plan): string | null | undefined => {
    switch (s.key) {
      case 'last':
        return p.lastPrice;
      case 'realized':
        return p.realizedPnl;
      case 'unrealized':
        return p.unrealizedPnl;
      default:
        return undefined;
    }
  };
  const cmp = (a: Plan, b: Plan): number => {
    switch (s.key) {
      case 'symbol':
        return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
      case 'side':
        return a.side < b.side ? -1 : a.side > b.side ? 1 : 0;
      case 'status':
        return a.status < b.status ? -1 : a.status > b.status ? 1 : 0;
      case 'position':
        return signedPosition(a) - signedPosition(b);
      default:
        return byDecimal(value(a), value(b));
    }
  };
  const missing = (p: Plan) => ['last', 'realized', 'unrealized'].includes(s.key) && value(p) == null;
  // a stable sort: equal rows keep the list's order (symbol, then id)
  return plans
    .map((p, i) => ({ p, i }))
    .sort((x, y) => {
      const mx = missing(x.p);
      const my = missing(y.p);
      if (mx !== my) return mx ? 1 : -1;
      const c = cmp(x.p, y.p);
      return (s.descending ? -c : c) || x.i - y.i;
    })
    .map((x) => x.p);
}

export interface LevelDistance {
  label: string;
  price: string;
  /** level − last price; null without a last price */
  distance: string | null;
  /** the stop in force (the server's activeStop) */
  active?: boolean;
}

/**
 * The levels still ahead of an open plan and the last price's distance to each: the entry while it
 * has not filled, every stop (the active one marked), every target that has not fired. An ended
 * plan has none.
 */
export function levelDistances(p: Plan): LevelDistance[] {
  if (ENDED_STATUSES.includes(p.status)) return [];
  const last = p.lastPrice ?? null;
  const d = (price: string) => (last === null ? null : difference(price, last));
  const out: LevelDistance[] = [];
  if (p.status === 'DRAFT' || p.status === 'ACTIVE' || p.status === 'ENTRY_SUBMITTED') {
    out.push({ label: 'entry', price: p.entry.price, distance: d(p.entry.price) });
  }
  p.stops.forEach((s, i) => {
    out.push({ label: `stop ${i + 1}`, price: s.price, distance: d(s.price), active: p.activeStop != null && compare(p.activeStop, s.price) === 0 });
  });
  if (p.activeStop != null && !p.stops.some((s) => compare(s.price, p.activeStop!) === 0)) {
    out.push({ label: 'active stop', price: p.activeStop, distance: d(p.activeStop), active: true });
  }
  p.targets.forEach((t, j) => {
    if (!t.fired) out.push({ label: `target ${j + 1}`, price: t.price, distance: d(t.price) });
  });
  return out;
}

/**
 * The order of the ended plans, which the server sorts across all pages (docs/api.md, "Sorting
 * the plans"): the column and its direction. Newest ended first by default.
 */
export type EndedSortKey = 'endedAt' | 'symbol' | 'realizedPnl' | 'createdAt';

export interface EndedSort {
  key: EndedSortKey;
  descending: boolean;
}

export const DEFAULT_ENDED_SORT: EndedSort = { key: 'endedAt', descending: true };

/** The API's `sort` value: `-endedAt` for newest ended first. */
export function endedSortParam(s: EndedSort): string {
  return (s.descending ? '-' : '') + s.key;
}

/** A header's next order: the same column reverses; another starts newest / largest first, a symbol A to Z. */
export function nextEndedSort(current: EndedSort, key: EndedSortKey): EndedSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'symbol' };
}

/** A column header's `aria-sort`. */
export function ariaSort(current: EndedSort, key: EndedSortKey): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  return current.descending ? 'descending' : 'ascending';
}

/**
 * The ended plans on screen in the server's order (key, then id; exact decimals for P&L), so that
 * a plan that ended live while the page is shown takes its place: without a stored end time yet it
 * counts as the newest.
 */
export function sortEnded(plans: readonly Plan[], s: EndedSort): Plan[] {
  const time = (t: string | null | undefined, missing: number) => (t == null ? missing : Date.parse(t));
  const cmp = (a: Plan, b: Plan): number => {
    switch (s.key) {
      case 'endedAt':
        return time(a.endedAt, Infinity) - time(b.endedAt, Infinity) || 0;
      case 'createdAt':
        return time(a.createdAt, Infinity) - time(b.createdAt, Infinity) || 0;
      case 'symbol':
        return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
      case 'realizedPnl':
        return compare(a.realizedPnl ?? '0', b.realizedPnl ?? '0');
    }
  };
  return [...plans].sort((a, b) => {
    const c = cmp(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return s.descending ? -c : c;
  });
}
