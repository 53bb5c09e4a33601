import type { HistoryEvent, Plan } from './types';

/**
 * Notifications on fills, stops and alerts (docs/ui.md, "Notifications"): which live history
 * events a trader is told about, in words, and a small bounded queue the page's notice area reads.
 * Browser notifications are only shown when the trader allowed them (Notifications.svelte asks).
 */

export interface Notice {
  id: number;
  kind: 'fill' | 'stop' | 'alert';
  title: string;
  body: string;
}

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
