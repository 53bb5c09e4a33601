/**
 * The live-update sequence logic, kept free of any socket so it can be tested alone.
 *
 * The server numbers a trader's live updates 1, 2, 3, ... (one counter per trader) and, on a
 * (re)subscription, replays every update after the sequence the client names, while it still
 * holds them (docs/api.md). The client therefore remembers the last sequence it applied and:
 *  - applies an update whose sequence is the next one;
 *  - drops one it has already seen (a replay overlapping what arrived before the drop);
 *  - on a jump (an update was missed: the server's window no longer held it) applies the update
 *    and asks for a resync: reload the plans over REST, which is the truth, and go on from there.
 */

export type Verdict = 'apply' | 'duplicate' | 'gap';

export class SequenceTracker {
  private lastSeq: number | null;

  constructor(lastSeq: number | null = null) {
    this.lastSeq = lastSeq;
  }

  /** The last sequence applied; what a resubscription asks to resume after (0: from the start). */
  get last(): number | null {
    return this.lastSeq;
  }

  /** Decides what to do with an update, and records it when it is applied. */
  accept(seq: number): Verdict {
    if (!Number.isSafeInteger(seq) || seq < 0) {
      throw new Error(`bad sequence number ${seq}`);
    }
    if (this.lastSeq === null) {
      // the first update of a session with no snapshot sequence: nothing to compare with
      this.lastSeq = seq;
      return 'apply';
    }
    if (seq <= this.lastSeq) {
      return 'duplicate';
    }
    const verdict: Verdict = seq === this.lastSeq + 1 ? 'apply' : 'gap';
    this.lastSeq = seq;
    return verdict;
  }

  /**
   * The server's counter started again (a restarted server counts from 1; its replay window is
   * gone): continue from `seq`, even backwards.
   */
  restartAt(seq: number): void {
    this.lastSeq = seq;
  }

  /**
   * After a REST snapshot: the snapshot reflects everything up to `seq` (when the server says), so
   * later updates continue from it. Never moves backwards.
   */
  resetTo(seq: number | null): void {
    if (seq === null) {
      return;
    }
    if (this.lastSeq === null || seq > this.lastSeq) {
      this.lastSeq = seq;
    }
  }
}
