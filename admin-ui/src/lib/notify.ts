import type { HistoryEvent, Plan, PlatformAlert } from './types';

/**
 * Notifications on fills, stops and alerts (docs/ui.md, "Notifications"): which live history
 * events a trader is told about, in words, and a small bounded queue the page's notice area reads.
 * Browser notifications are only shown when the trader allowed them (Notifications.svelte asks).
 */

export interface Notice {
  id: number;
  /** `alert`: must not be missed, announced at once (role="alert"); the others politely */
  kind: 'fill' | 'stop' | 'alert' | 'info';
  title: string;
  body: string;
}

/** Announced at once (role="alert"): an alert a trader must not miss. */
export const isUrgent = (n: Pick<Notice, 'kind'>): boolean => n.kind === 'alert';

/** The words of one event, or null when it is not worth interrupting the trader for. */
export function noticeFor(event: HistoryEvent, plan: Pick<Plan, 'symbol'> | undefined): Omit<Notice, 'id'> | null {
  const symbol = plan?.symbol ?? 'a plan';
  const qty = event.quantity ?? 0;
  const did = event.side === 'SELL' ? 'Sold' : 'Bought';
  const at = event.price ? ` @ ${event.price}` : '';
  const leg = event.index !== null && event.index !== undefined ? ` ${event.index + 1}` : '';
  switch (event.type) {
    case 'FILL':
      switch (event.role) {
        case 'STOP':
          return { kind: 'stop', title: `Stop hit: ${symbol}`, body: `${did} ${qty} ${symbol}${at} (stop${leg})` };
        case 'TARGET':
          return { kind: 'fill', title: `Target${leg} filled: ${symbol}`, body: `${did} ${qty} ${symbol}${at}` };
        case 'ENTRY':
          return { kind: 'fill', title: `Entry filled: ${symbol}`, body: `${did} ${qty} ${symbol}${at}` };
        default:
          return { kind: 'fill', title: `Exit filled: ${symbol}`, body: `${did} ${qty} ${symbol}${at} (${(event.role ?? 'exit').toLowerCase()})` };
      }
    case 'REJECT':
      return { kind: 'alert', title: `Order rejected: ${symbol}`, body: event.reason ?? 'the broker rejected the order' };
    case 'DENY':
      return { kind: 'alert', title: `Order refused: ${symbol}`, body: event.reason ?? 'a limit of Tradeplan refused the order' };
    case 'GIVE_UP':
      return { kind: 'alert', title: `Tradeplan gave up: ${symbol}`, body: event.reason ?? 'no more orders; the operator is alerted' };
    default:
      return null;
  }
}

/** A kill switch scope in the trader's words. */
function scopeWords(scope: string | undefined): string {
  if (!scope || scope === 'global') return 'for the whole platform';
  if (scope.startsWith('user:')) return `for you (${scope.slice(5)})`;
  if (scope.startsWith('account:')) return `for account ${scope.slice(8)}`;
  return `for ${scope}`;
}

/** The words of a platform alert of the live feed, or null for a kind this page does not know. */
export function noticeForAlert(a: PlatformAlert): Omit<Notice, 'id'> | null {
  switch (a.kind) {
    case 'KILL_SWITCH_ENGAGED':
      return {
        kind: 'alert',
        title: `Kill switch engaged ${scopeWords(a.scope)}`,
        body: `New entries are refused; stops, targets, flattens and cancels still go. Reason: ${a.words ?? 'not given'}${a.actor ? ` (${a.actor})` : ''}.`,
      };
    case 'KILL_SWITCH_RELEASED':
      return { kind: 'info', title: `Kill switch released ${scopeWords(a.scope)}`, body: 'New entries are allowed again.' };
    case 'BROKER_DOWN':
      return {
        kind: 'alert',
        title: 'Broker link down',
        body: `The link to Interactive Brokers is ${(a.brokerState ?? 'down').toLowerCase()}: no order can be sent or changed until it is back.`,
      };
    case 'BROKER_UP':
      return { kind: 'info', title: 'Broker link back', body: 'The link to Interactive Brokers is ready: orders go again.' };
    default:
      return null;
  }
}

/**
 * The words for a watched plan whose ticks stop or come back (the server's `ticksStale` flips in a
 * live update), or null when nothing changed.
 */
export function noticeForTicks(before: Pick<Plan, 'ticksStale'> | undefined, after: Pick<Plan, 'symbol' | 'ticksStale' | 'lastTickAt'>): Omit<Notice, 'id'> | null {
  const was = before?.ticksStale === true;
  const is = after.ticksStale === true;
  if (!was && is) {
    return {
      kind: 'alert',
      title: `No ticks: ${after.symbol}`,
      body: `No market data for ${after.symbol}${after.lastTickAt ? ` since ${after.lastTickAt}` : ''}: its stops and targets are not being checked against fresh prices.`,
    };
  }
  if (was && !is && before !== undefined) {
    return { kind: 'info', title: `Ticks back: ${after.symbol}`, body: `Market data for ${after.symbol} arrives again.` };
  }
  return null;
}

/** The notices on screen: the newest first, at most `max` (the oldest is dropped at the bound). */
export class NoticeQueue {
  private items: Notice[] = [];
  private nextId = 1;
  private readonly listeners = new Set<(items: readonly Notice[], added: Notice | null) => void>();

  constructor(private readonly max = 5) {}

  push(n: Omit<Notice, 'id'>): Notice {
    const notice = { ...n, id: this.nextId++ };
    this.items = [notice, ...this.items].slice(0, this.max);
    this.emit(notice);
    return notice;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
    this.emit(null);
  }

  /** Drops every notice: a logout, so that the next user of the page never sees the last one's. */
  clear(): void {
    this.items = [];
    this.emit(null);
  }

  list(): readonly Notice[] {
    return this.items;
  }

  /** Called with the notices after each change (and the one added, if any); returns unsubscribe. */
  subscribe(listener: (items: readonly Notice[], added: Notice | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(added: Notice | null) {
    for (const l of this.listeners) l(this.items, added);
  }
}

/** The page's one queue: App feeds it live events, Notifications.svelte shows it. */
export const notices = new NoticeQueue();

/** Feeds one live event to the page's queue (nothing for events not worth a notice). */
export function notifyEvent(event: HistoryEvent, plan: Pick<Plan, 'symbol'> | undefined): void {
  const n = noticeFor(event, plan);
  if (n !== null) notices.push(n);
}

/** Feeds one platform alert of the live feed to the page's queue. */
export function notifyAlert(alert: PlatformAlert): void {
  const n = noticeForAlert(alert);
  if (n !== null) notices.push(n);
}
