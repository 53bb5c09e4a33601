import { SequenceTracker } from './sequence';
import { isOpen, type HistoryEvent, type Plan, type PlatformAlert } from './types';

/**
 * A live message on /user/queue/updates (server: live/LiveMessage.java, docs/api.md):
 *  - update: one change with the trader's sequence number and the plan's state after it;
 *  - snapshot: every open plan of the trader (drafts and watched plans; ended plans are read over
 *    REST a page at a time); replaces the open plans held (sent on a first subscription, and by
 *    the server whenever it could not resume without a gap).
 */
export type LiveMessage =
  | { type: 'update'; sequence: number; planId: string; event?: HistoryEvent | null; plan?: Plan | null }
  | { type: 'snapshot'; reason?: string | null; plans: Plan[] }
  | { type: 'alert'; alert: PlatformAlert };

export interface Applied {
  /** the plans held changed: redraw */
  changed: boolean;
  /** something may have been missed: reload over REST (the truth) */
  resync: boolean;
  /** the history event of an applied update, for an open detail view */
  event: { planId: string; event: HistoryEvent } | null;
}

const NOTHING: Applied = { changed: false, resync: false, event: null };

/**
 * The trader's plans as the UI holds them, fed by REST answers and live messages in any order:
 * a plan is only ever replaced by a state at least as new (its version; equal versions are P&L-only
 * refreshes, which arrive in sequence order). Kept free of the socket and of Svelte for testing.
 */
export class PlanBook {
  private readonly plans = new Map<string, Plan>();
  readonly sequence = new SequenceTracker();

  /** Plans by symbol, then id (ids are random: this only keeps rows from jumping around). */
  list(): Plan[] {
    const key = (p: Plan) => `${p.symbol}\u0000${p.id}`;
    return [...this.plans.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  get(id: string): Plan | undefined {
    return this.plans.get(id);
  }

  /** A plan from a REST answer or an update; false when older than what is held. */
  put(plan: Plan): boolean {
    const held = this.plans.get(plan.id);
    if (held !== undefined && plan.version < held.version) {
      return false;
    }
    // a live update carries no stored times: keep the ones a list answer gave
    this.plans.set(plan.id, held === undefined ? plan : { ...plan, createdAt: plan.createdAt ?? held.createdAt, endedAt: plan.endedAt ?? held.endedAt });
    return true;
  }

  /**
   * A plan from a live update. An ended plan that is not held already belongs to a page of ended
   * plans not on screen (a late fill report or commission of an old trade, say): it stays out, or the
   * page shown would grow a row from another page. A held plan, open or ended, is updated as usual.
   */
  private putLive(plan: Plan): boolean {
    if (!isOpen(plan) && !this.plans.has(plan.id)) {
      return false;
    }
    return this.put(plan);
  }

  /** The whole list from REST or a snapshot: replaces, except plans held at a newer version. */
  replaceAll(plans: Plan[]): void {
    const next = new Map<string, Plan>();
    for (const p of plans) {
      const held = this.plans.get(p.id);
      next.set(p.id, held !== undefined && held.version > p.version ? held : p);
    }
    this.plans.clear();
    for (const [id, p] of next) {
      this.plans.set(id, p);
    }
  }

  clear(): void {
    this.plans.clear();
  }

  /** The last-sequence header for a (re)subscription; undefined asks the server for a snapshot. */
  resumeHeader(): Record<string, string> {
    const last = this.sequence.last;
    return last === null ? {} : { 'last-sequence': String(last) };
  }

  /**
   * The open plans of a snapshot: replaces the open plans held, keeps the ended ones (a page read
   * over REST). True when an open plan held is not in it: it ended meanwhile, and its final state
   * is to be read over REST.
   */
  replaceOpen(plans: Plan[]): boolean {
    const inSnapshot = new Set(plans.map((p) => p.id));
    let gone = false;
    for (const [id, held] of [...this.plans]) {
      if (isOpen(held) && !inSnapshot.has(id)) {
        this.plans.delete(id);
        gone = true;
      }
    }
    for (const p of plans) {
      this.put(p);
    }
    return gone;
  }

  /** Forgets the ended plans held (another page of them is about to be read). */
  dropEnded(): void {
    for (const [id, held] of [...this.plans]) {
      if (!isOpen(held)) this.plans.delete(id);
    }
  }

  apply(message: LiveMessage): Applied {
    if (message.type === 'snapshot') {
      const gone = this.replaceOpen(Array.isArray(message.plans) ? message.plans : []);
      return { changed: true, resync: gone, event: null };
    }
    if (message.type !== 'update' || typeof message.sequence !== 'number') {
      return NOTHING;
    }
    const verdict = this.sequence.accept(message.sequence);
    if (verdict === 'duplicate') {
      // A repeat of what was applied, unless it carries a newer plan: then the server's counter
      // restarted (a restarted server counts from 1 again and cannot replay), and the plan's version,
      // which is stored, is the guard. Continue from the server's new count and reload the rest.
      const held = message.plan ? this.plans.get(message.plan.id) : undefined;
      if (message.plan && held !== undefined && message.plan.version > held.version) {
        this.sequence.restartAt(message.sequence);
        this.plans.set(message.plan.id, message.plan);
        const event = message.event ? { planId: message.planId, event: message.event } : null;
        return { changed: true, resync: true, event };
      }
      return NOTHING;
    }
    const changed = message.plan ? this.putLive(message.plan) : false;
    const event = message.event ? { planId: message.planId, event: message.event } : null;
    return { changed, resync: verdict === 'gap', event };
  }
}
