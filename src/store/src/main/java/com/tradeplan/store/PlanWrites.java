package com.tradeplan.store;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.state.PlanSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@link TradeWriter} knows about one plan: the writes that wait for its lane (guarded by
 * the lane's lock) and what the lane thread last stored for it (read and written by that thread,
 * set by {@link TradeWriter#adopt}).
 */
final class PlanWrites {
  final String planId;

  // Under the lane lock: what waits to be taken for writing.
  String owner;
  PlanSnapshot pendingSnapshot;
  List<EventBatch> pendingEvents = new ArrayList<>();
  int pendingPermits;
  List<CompletableFuture<Boolean>> waiters = new ArrayList<>();

  /** Under the lane lock: a batch of this plan is being written now. */
  boolean writing;

  // Used by the lane thread, set by adopt: the stored version (null: not known yet), the next free
  // seq (-1: not known yet), the fence after a conflict, whether the last snapshot written was an
  // end state.
  volatile Long storedVersion;
  volatile long nextSeq = -1;
  volatile boolean fenced;
  volatile boolean terminal;

  PlanWrites(String planId) {
    this.planId = planId;
  }

  /**
   * Takes everything waiting as one batch (under the lane lock); the plan is then being written.
   */
  Batch take() {
    Batch b = new Batch(this, pendingSnapshot, pendingEvents, pendingPermits, waiters);
    writing = true;
    pendingSnapshot = null;
    pendingEvents = new ArrayList<>();
    pendingPermits = 0;
    waiters = new ArrayList<>();
    return b;
  }

  /** History entries submitted with one snapshot version; seqs assigned on the first attempt. */
  static final class EventBatch {
    final long version;
    final List<PlanEvent> events;
    long firstSeq = -1;

    EventBatch(long version, List<PlanEvent> events) {
      this.version = version;
      this.events = events;
    }
  }

  /**
   * One batch taken from a plan for writing: the newest snapshot (null: events only), every event
   * batch that waited, the queue room they hold, and the callers waiting for them to be durable.
   */
  record Batch(
      PlanWrites plan,
      PlanSnapshot snapshot,
      List<EventBatch> events,
      int permits,
      List<CompletableFuture<Boolean>> waiters) {}
}
