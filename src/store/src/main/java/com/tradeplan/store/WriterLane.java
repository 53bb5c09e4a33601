package com.tradeplan.store;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.PlanWrites.Batch;
import com.tradeplan.store.PlanWrites.EventBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One writer thread of the {@link TradeWriter} and the plans hashed to it. Plans someone waits for
 * ({@code urgent}: an order intent, a flush of some plans) are written first, then the others
 * ({@code ready}), each in FIFO order; a plan is in at most one of the two, and a plan's batch is
 * written completely before the lane takes the next, so per plan the writes keep their submission
 * order.
 *
 * <p>Bounds: the waiting writes are bounded by the writer's queue room (a submission holds its
 * permit until written); the per-plan map forgets a plan once it has ended and is idle.
 */
final class WriterLane implements Runnable {
  /** Plans one writer thread takes together; their snapshot-only writes go in one command. */
  static final int BULK_MAX = 128;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Map<String, PlanWrites> plans = new HashMap<>();
  private final LinkedHashMap<String, PlanWrites> ready = new LinkedHashMap<>();
  private final LinkedHashMap<String, PlanWrites> urgent = new LinkedHashMap<>();
  private final Thread thread;
  private final WriterCounters counters;
  private final BooleanSupplier closed;
  private final IntConsumer release;
  private final PlanBatchWriter planWriter;
  private final IntentBulk intentBulk;

  /**
   * @param closed whether the writer is closed
   * @param release gives queue room back (permits of a batch that is done)
   */
  WriterLane(
      int index,
      TradeStore store,
      TradeWriter.Config config,
      StoreAlertListener alerts,
      WriterCounters counters,
      BooleanSupplier closed,
      IntConsumer release) {
    this.counters = counters;
    this.closed = closed;
    this.release = release;
    this.planWriter = new PlanBatchWriter(store, config, alerts, counters, this);
    this.intentBulk = new IntentBulk(store, counters, this);
    this.thread = new Thread(this, "trade-writer-" + index);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  // ------------------------------------------------------------------ called by the writer

  /**
   * Adds one accepted submission of a plan (its queue room is taken). With {@code durable} someone
   * waits for it: the plan goes ahead of the plans whose writes are only behind.
   */
  void add(
      String planId,
      PlanSnapshot snapshot,
      List<PlanEvent> events,
      CompletableFuture<Boolean> durable) {
    lock.lock();
    try {
      PlanWrites p = plans.computeIfAbsent(planId, PlanWrites::new);
      if (snapshot != null) {
        p.owner = snapshot.plan().owner();
        if (p.pendingSnapshot != null) {
          counters.coalesced.incrementAndGet();
        }
        p.pendingSnapshot = snapshot;
      }
      if (!events.isEmpty()) {
        p.pendingEvents.add(
            new EventBatch(snapshot == null ? -1 : snapshot.version(), List.copyOf(events)));
      }
      p.pendingPermits++;
      if (durable != null) {
        p.waiters.add(durable);
        // Someone waits for this plan (an order intent, the sender blocked until it is durable):
        // the plan goes ahead of the plans whose writes are only behind. Its own earlier writes
        // are part of the same batch, so per plan the order stays the submission order.
        ready.remove(planId);
        urgent.putIfAbsent(planId, p);
      } else if (!urgent.containsKey(planId)) {
        ready.putIfAbsent(planId, p);
      }
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The store holds {@code storedVersion} of the plan: write on top of it, lift a fence. */
  void adopt(String planId, long storedVersion) {
    lock.lock();
    try {
      PlanWrites p = plans.computeIfAbsent(planId, PlanWrites::new);
      p.storedVersion = storedVersion;
      // Another process may have appended history meanwhile (a cluster member that ran the plan):
      // the next seq is read from the store again.
      p.nextSeq = -1;
      p.fenced = false;
    } finally {
      lock.unlock();
    }
  }

  /** Someone waits for the plan: its queued writes go ahead of the others (as an intent's do). */
  void putFirst(String planId) {
    lock.lock();
    try {
      PlanWrites p = ready.remove(planId);
      if (p != null) {
        urgent.putIfAbsent(planId, p);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether anything of the plan is queued or being written. */
  boolean busy(String planId) {
    lock.lock();
    try {
      PlanWrites p = plans.get(planId);
      return p != null && (p.pendingPermits > 0 || p.writing);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes the thread so that it sees the writer closed (and stops a backoff), and interrupts it.
   */
  void close() {
    lock.lock();
    try {
      work.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
  }

  /** Waits up to {@code millis} for the thread to end. */
  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  // ------------------------------------------------------------------ the lane's thread

  @Override
  public void run() {
    while (true) {
      List<Batch> batches = take();
      if (batches == null) {
        return;
      }
      if (batches.size() == 1) {
        writeAndFinish(batches.get(0));
      } else {
        intentBulk.write(batches);
      }
    }
  }

  /**
   * The next plans to write, in FIFO order: up to {@value #BULK_MAX} from {@code urgent} while it
   * has any (someone waits for each of them), else one from {@code ready} (an intent arriving
   * meanwhile waits for one plan's write, not for a backlog's). Null when closed.
   */
  private List<Batch> take() {
    lock.lock();
    try {
      while (ready.isEmpty() && urgent.isEmpty()) {
        if (closed.getAsBoolean()) {
          return null;
        }
        work.awaitUninterruptibly();
      }
      LinkedHashMap<String, PlanWrites> from = urgent.isEmpty() ? ready : urgent;
      int max = from == urgent ? BULK_MAX : 1;
      List<Batch> out = new ArrayList<>();
      var it = from.entrySet().iterator();
      while (it.hasNext() && out.size() < max) {
        PlanWrites p = it.next().getValue();
        it.remove();
        out.add(p.take());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Writes one plan's batch (retrying as {@link PlanBatchWriter} does), then finishes it. */
  void writeAndFinish(Batch b) {
    finish(b, planWriter.write(b));
  }

  /** The batch is done (durable or not): its waiters answered, its room given back. */
  void finish(Batch b, boolean durable) {
    for (CompletableFuture<Boolean> w : b.waiters()) {
      w.complete(durable);
    }
    lock.lock();
    try {
      b.plan().writing = false;
    } finally {
      lock.unlock();
    }
    if (durable || !closed.getAsBoolean()) {
      release.accept(b.permits());
    }
    forgetIfDone(b.plan());
  }

  boolean closed() {
    return closed.getAsBoolean();
  }

  /**
   * Waits {@code delayNanos} before a retry, or less when the writer closes.
   *
   * @return false when the writer closed (or the thread was interrupted): stop retrying
   */
  boolean backoff(long delayNanos) {
    lock.lock();
    try {
      long left = delayNanos;
      while (left > 0 && !closed.getAsBoolean()) {
        left = work.awaitNanos(left);
      }
      return !closed.getAsBoolean();
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Bounds the per-plan map: an ended, idle plan is forgotten (re-read if it writes again). */
  private void forgetIfDone(PlanWrites p) {
    lock.lock();
    try {
      if (!ready.containsKey(p.planId)
          && !urgent.containsKey(p.planId)
          && p.pendingPermits == 0
          && !p.fenced
          && p.terminal) {
        plans.remove(p.planId);
      }
    } finally {
      lock.unlock();
    }
  }
}
