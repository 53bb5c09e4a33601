package com.tradeplan.engine;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.engine.recording.LaneInput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane of {@link LaneEngine}: a thread that owns an {@link EngineCore}, and the queue that
 * feeds it. The queue holds three kinds of entries, run in the order they were queued:
 *
 * <ul>
 *   <li>broker reports ({@link ReportMessage}) and work (trader commands, plan changes, barriers),
 *       at most {@code messagesMax} together: a sender that finds that many waiting waits for room
 *       (never dropped), with an alert if it waits more than {@value #SLOW_PUT_MILLIS} ms;
 *   <li>tick batches ({@link TickBatch}): a tick never waits and is never dropped. It is folded
 *       into its symbol's open batch when no report or work was queued after that batch, else it
 *       opens a new batch at the tail, so ticks keep their order with reports and commands. Past
 *       {@code messagesMax} batches queued, a tick folds into its symbol's open batch whatever was
 *       queued after it (its evaluation moves ahead of those messages rather than the queue
 *       growing): so at most {@code messagesMax} batches plus one per symbol wait;
 *   <li>restores, put at the head ({@link LaneEngine#restorePlans}).
 * </ul>
 *
 * <p>The map of open batches holds at most one batch per symbol with ticks waiting; its bound is
 * the number of symbols subscribed, which IB bounds per account (market data lines). A throw while
 * evaluating one tick of a batch or running one message is logged and reported as an alert step;
 * the lane goes on with the next tick or message.
 */
final class Lane {
  static final long SLOW_PUT_MILLIS = 1_000;

  /** Bound on broker reports applied in one engine call. */
  static final int REPORT_BATCH_MAX = 512;

  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  /**
   * A broker report waiting in the queue. Reports that wait one after another (IB sends a fill as
   * status, execution, status and commission messages) are applied in one engine call, up to
   * {@value #REPORT_BATCH_MAX}: each is still applied on its own, in order, but the users'
   * resulting state is persisted and replicated once for the batch.
   */
  record ReportMessage(Object report) {}

  final EngineCore core;
  final Thread thread;
  private final EngineListener listener;
  private final EngineMetrics metrics;
  private final Clock clock;
  private final int messagesMax;
  private final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
  private final Semaphore messageRoom;
  private final ConcurrentHashMap<String, TickBatch> openBatches = new ConcurrentHashMap<>();
  private final AtomicLong messagesQueued = new AtomicLong();
  private final AtomicInteger batchesQueued = new AtomicInteger();
  private final AtomicLong ticksPending = new AtomicLong();
  private final AtomicLong ticksCoalesced;
  private final LaneRecording recording;
  private volatile boolean running = true;

  Lane(
      int index,
      EngineCore core,
      int messagesMax,
      EngineListener listener,
      EngineMetrics metrics,
      Clock clock,
      AtomicLong ticksCoalesced,
      LaneRecording recording) {
    this.core = core;
    this.recording = recording;
    this.messagesMax = messagesMax;
    this.messageRoom = new Semaphore(messagesMax);
    this.listener = listener;
    this.metrics = metrics;
    this.clock = clock;
    this.ticksCoalesced = ticksCoalesced;
    this.thread = new Thread(this::loop, "tradeplan-lane-" + index);
    this.thread.setDaemon(true);
  }

  /**
   * Hands a tick to the lane without waiting: folded into the symbol's open batch, or a new batch
   * queued at the tail (see the class comment for which).
   */
  void offerTick(Tick tick, long arrivalNanos) {
    ticksPending.incrementAndGet();
    openBatches.compute(
        tick.symbol(),
        (symbol, open) -> {
          boolean foldable =
              open != null
                  && (open.epoch() == messagesQueued.get() || batchesQueued.get() >= messagesMax);
          if (foldable && open.fold(tick)) {
            return open;
          }
          TickBatch fresh = new TickBatch(tick, arrivalNanos, messagesQueued.get());
          batchesQueued.incrementAndGet();
          queue.offerLast(fresh); // unbounded deque: never refuses, never waits
          return fresh;
        });
  }

  void put(Runnable work) {
    put(work, false);
  }

  void putReport(Object report) {
    put(new ReportMessage(report), false);
  }

  /**
   * Queues a report or work, at the head when {@code first} (a restore). Waits while {@code
   * messagesMax} wait already: back-pressure on the sender, with an alert after {@value
   * #SLOW_PUT_MILLIS} ms. That happens only when the lane stopped applying what it is given (a
   * store or cluster it waits on is down): ticks never count towards it.
   */
  void put(Object message, boolean first) {
    try {
      if (!messageRoom.tryAcquire(SLOW_PUT_MILLIS, TimeUnit.MILLISECONDS)) {
        alert(
            thread.getName()
                + ": "
                + messagesMax
                + " broker reports and commands waiting for "
                + SLOW_PUT_MILLIS
                + " ms; the sender waits for room (nothing is dropped)");
        messageRoom.acquire();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing a message to a lane", e);
    }
    if (first) {
      queue.offerFirst(message);
    } else {
      queue.offerLast(message);
      messagesQueued.incrementAndGet();
    }
  }

  <T> CompletableFuture<T> call(Supplier<T> work) {
    return call(work, false);
  }

  <T> CompletableFuture<T> call(Supplier<T> work, boolean first) {
    CompletableFuture<T> f = new CompletableFuture<>();
    put(
        (Runnable)
            () -> {
              try {
                f.complete(work.get());
              } catch (RuntimeException e) {
                f.completeExceptionally(e);
              }
            },
        first);
    return f;
  }

  /** Removes the reports waiting in the queue that {@code drop} accepts; runs on the lane. */
  void dropReports(Predicate<Object> drop) {
    int removed = 0;
    for (Iterator<Object> it = queue.iterator(); it.hasNext(); ) {
      if (it.next() instanceof ReportMessage r && drop.test(r.report())) {
        it.remove();
        removed++;
      }
    }
    messageRoom.release(removed);
  }

  /** Entries waiting in the queue: reports, work and tick batches. */
  int depth() {
    return queue.size();
  }

  /** Ticks that arrived and are not evaluated yet. */
  long ticksPending() {
    return ticksPending.get();
  }

  void stop() {
    running = false;
  }

  private void loop() {
    while (running) {
      Object next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      while (next != null) {
        next = run(next);
      }
    }
  }

  /** Runs one queue entry; returns an entry it took from the queue and did not run, or null. */
  private Object run(Object entry) {
    if (entry instanceof TickBatch batch) {
      evaluate(batch);
      return null;
    }
    messageRoom.release();
    if (entry instanceof ReportMessage first) {
      return applyReports(first);
    }
    try {
      ((Runnable) entry).run();
    } catch (RuntimeException e) {
      failed(e);
    }
    return null;
  }

  /**
   * Evaluates a batch's path, tick by tick, each its own engine call. The latency metric counts
   * from the arrival of the batch's first tick, so it never understates how long a crossing waited.
   */
  private void evaluate(TickBatch batch) {
    batchesQueued.decrementAndGet();
    TickBatch.Taken taken = batch.take();
    openBatches.remove(batch.symbol(), batch);
    ticksPending.addAndGet(-taken.count());
    if (taken.coalesced() > 0) {
      ticksCoalesced.addAndGet(taken.coalesced());
      metrics.ticksCoalesced(taken.coalesced());
    }
    for (Tick tick : taken.path()) {
      recording.record(new LaneInput.TickSeen(tick));
      try {
        core.onTick(tick, -1, taken.firstArrivalNanos());
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  /**
   * Applies {@code first} and the reports right behind it in the queue as one engine call. Returns
   * an entry taken from the head that was not a report (a restore put there meanwhile by another
   * thread), to be run next, or null.
   */
  private Object applyReports(ReportMessage first) {
    List<Object> batch = new ArrayList<>();
    batch.add(first.report());
    Object other = null;
    while (batch.size() < REPORT_BATCH_MAX && queue.peekFirst() instanceof ReportMessage) {
      Object next = queue.pollFirst();
      if (next instanceof ReportMessage m) {
        messageRoom.release();
        batch.add(m.report());
      } else {
        other = next;
        break;
      }
    }
    java.time.Instant time = clock.instant();
    recording.record(new LaneInput.ReportsSeen(batch, time));
    try {
      core.onReports(batch, time);
    } catch (RuntimeException e) {
      failed(e);
    }
    return other;
  }

  /** One bad message or tick must not stop every other user of this lane. */
  private void failed(RuntimeException e) {
    LOG.error("{} failed on a message; continuing", thread.getName(), e);
    alert(thread.getName() + " failed: " + e);
  }

  private void alert(String message) {
    listener.onStep("?", new Step(List.of(), List.of(), List.of(), List.of(), List.of(message)));
  }
}
