package com.tradeplan.store;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-behind path from the engine's rule threads to the {@link TradeStore}.
 *
 * <ul>
 *   <li>{@link #submit} returns at once: it never waits on MongoDB, only (briefly, bounded) on a
 *       full queue.
 *   <li>The queue is bounded: at most {@code capacity} submissions are accepted and not yet
 *       durable. When it is full, {@code submit} waits up to {@code submitBlockMax}, then fires
 *       {@link StoreAlertListener#queueFull} and returns false: the write was <em>not</em> taken
 *       and the caller still holds it. Nothing accepted is ever dropped.
 *   <li>Per plan, writes reach MongoDB in submission order: a plan always goes to the same lane,
 *       and a lane writes one plan's batch completely before the next. Successive snapshots of a
 *       plan waiting together are coalesced to the newest (each is the full state); their events
 *       are all kept, in order, and written before the snapshot, so the log never lacks an entry
 *       for a state the document shows.
 *   <li>A failed write is retried with capped exponential backoff, forever; {@link
 *       StoreAlertListener#cannotDrain} fires when it keeps failing.
 *   <li>History entries get their seq here, once per entry (0, 1, 2... per plan, continuing the
 *       stored log), so a retried append is idempotent in the store.
 * </ul>
 *
 * <p>{@link #recordIntentDurably} is the synchronous exception: the order intent is written through
 * the same per-plan lane (so it cannot overtake earlier writes of the plan) and the caller waits
 * until it is durable; it sends the order only when this returns true. A plan with such a waiter is
 * written before the plans whose writes are only behind (its own earlier writes go with it), so an
 * order never waits for a backlog of other plans' fills and history. The intents waiting together
 * (an engine step that woke many users) are taken together, up to {@value WriterLane#BULK_MAX}, and
 * their snapshot writes go in one conditional bulk update; anything a bulk cannot settle for sure
 * is written plan by plan.
 *
 * <p>Thread-safe. Each plan must have a single submitting thread (its rule session's), which is
 * what makes "submission order" meaningful.
 *
 * <p>This class holds the queue's bound (its room), the callers' waits and the shutdown; behind it:
 * {@link WriterLane} (one thread and the plans hashed to it, urgent ones first), {@link PlanWrites}
 * (what waits for one plan and what is stored of it), {@link PlanBatchWriter} (one plan's batch:
 * seqs, events, conditional snapshot write, retries and alerts) and {@link IntentBulk} (the intents
 * of several plans in one bulk update).
 */
public final class TradeWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TradeWriter.class);

  /**
   * Limits and timings.
   *
   * @param capacity submissions accepted and not yet durable, across all plans
   * @param lanes writer threads; plans are spread over them by id
   * @param submitBlockMax how long a submit waits for room in a full queue before refusing
   * @param backoffInitial first retry delay; doubled per failed attempt
   * @param backoffMax the cap of the retry delay
   * @param alertAfterAttempts failed attempts in a row before {@code cannotDrain} fires (and every
   *     multiple after)
   * @param intentTimeout how long {@link #recordIntentDurably} waits for the write
   */
  public record Config(
      int capacity,
      int lanes,
      Duration submitBlockMax,
      Duration backoffInitial,
      Duration backoffMax,
      int alertAfterAttempts,
      Duration intentTimeout) {
    public Config {
      if (capacity < 1 || lanes < 1 || lanes > 64 || alertAfterAttempts < 1) {
        throw new IllegalArgumentException(
            "capacity >= 1, lanes 1..64, alertAfterAttempts >= 1: " + capacity + "/" + lanes);
      }
      Objects.requireNonNull(submitBlockMax, "submitBlockMax");
      Objects.requireNonNull(backoffInitial, "backoffInitial");
      Objects.requireNonNull(backoffMax, "backoffMax");
      Objects.requireNonNull(intentTimeout, "intentTimeout");
    }

    /** 10,000 queued writes, 2 lanes, 1 s of back-pressure, backoff 10 ms..2 s, alert after 5. */
    public static Config defaults() {
      return new Config(
          10_000,
          2,
          Duration.ofSeconds(1),
          Duration.ofMillis(10),
          Duration.ofSeconds(2),
          5,
          Duration.ofSeconds(10));
    }
  }

  /**
   * Counters for the metrics endpoint.
   *
   * @param queueDepth submissions accepted and not yet durable
   * @param written batches written (events and/or snapshot of one plan)
   * @param retries failed attempts that were retried
   * @param failures writes that were refused for good or lost a race (see the listener)
   * @param refusedSubmits submits refused because the queue stayed full
   * @param coalesced snapshots replaced by a newer one of the same plan before being written
   */
  public record Metrics(
      int queueDepth,
      long written,
      long retries,
      long failures,
      long refusedSubmits,
      long coalesced) {}

  private final Config config;
  private final StoreAlertListener alerts;
  private final Semaphore room;
  private final WriterLane[] lanes;
  private final OutstandingWrites outstanding = new OutstandingWrites();
  private final WriterCounters counters = new WriterCounters();

  private volatile boolean closed;

  public TradeWriter(TradeStore store, Config config, StoreAlertListener listener) {
    Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.alerts = new GuardedAlerts(Objects.requireNonNull(listener, "listener"));
    this.room = new Semaphore(config.capacity(), true);
    this.lanes = new WriterLane[config.lanes()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new WriterLane(i, store, config, alerts, counters, () -> closed, this::release);
      lanes[i].start();
    }
  }

  /**
   * Queues a plan's new state and the history entries that came with it, and returns without
   * waiting for MongoDB. {@code snapshot} may be null to write events only.
   *
   * @return true when queued; false when the queue stayed full for {@code submitBlockMax} (the
   *     write was not taken: the caller must keep it and stop sending orders)
   */
  public boolean submit(PlanSnapshot snapshot, List<PlanEvent> events) {
    return enqueue(snapshot, events, null);
  }

  /**
   * Writes {@code snapshot} (which holds the new order in state CREATED) and returns once it is
   * durable in MongoDB, or false when that did not happen within {@code intentTimeout} (MongoDB
   * down, a conflict, the queue full). Blocks the caller on purpose: the order may be sent only
   * after this returns true, so that after a crash the order can always be found by its orderRef.
   */
  public boolean recordIntentDurably(PlanSnapshot snapshot) {
    return recordIntentsDurably(List.of(snapshot)).get(0);
  }

  /**
   * As {@link #recordIntentDurably} for several plans at once (the order intents of one engine step
   * that woke several users): all are queued before any is awaited, so the writer lanes write them
   * side by side, and the caller waits about as long as for the slowest, at most {@code
   * intentTimeout} in all. One answer per snapshot, in order.
   */
  public List<Boolean> recordIntentsDurably(List<PlanSnapshot> snapshots) {
    List<CompletableFuture<Boolean>> durable = new ArrayList<>(snapshots.size());
    for (PlanSnapshot snapshot : snapshots) {
      Objects.requireNonNull(snapshot, "snapshot");
      CompletableFuture<Boolean> f = new CompletableFuture<>();
      enqueue(snapshot, List.of(), f); // a refused one completes f with false
      durable.add(f);
    }
    long deadline = System.nanoTime() + config.intentTimeout().toNanos();
    List<Boolean> out = new ArrayList<>(snapshots.size());
    for (int i = 0; i < snapshots.size(); i++) {
      PlanSnapshot snapshot = snapshots.get(i);
      try {
        out.add(
            durable.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        LOG.error(
            "plan {}: order intent v{} not durable within {}",
            snapshot.planId(),
            snapshot.version(),
            config.intentTimeout());
        out.add(false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(false);
      } catch (ExecutionException e) {
        out.add(false);
      }
    }
    return out;
  }

  /**
   * Tells the writer that the store holds {@code storedVersion} of the plan (after the engine
   * loaded it for recovery or failover, or reloaded it after a {@code conflict}): the next snapshot
   * is written on top of that version, and a conflict fence is lifted.
   */
  public void adopt(String planId, long storedVersion) {
    laneOf(planId).adopt(planId, storedVersion);
  }

  /**
   * Waits until everything accepted so far is durable, for a clean shutdown.
   *
   * @return true when the queue drained within {@code timeout}
   */
  public boolean flush(Duration timeout) {
    return outstanding.awaitNone(timeout);
  }

  /**
   * Waits until everything accepted so far for {@code planIds} is durable (or failed for good):
   * nothing of theirs queued, nothing of theirs being written. Their queued writes go ahead of the
   * other plans' (as an intent's do); other plans may still be behind.
   *
   * @return true when those plans were idle within {@code timeout}
   */
  public boolean flush(Collection<String> planIds, Duration timeout) {
    for (String planId : planIds) {
      laneOf(planId).putFirst(planId);
    }
    // Checked again after every batch written (release) and every 5 ms.
    return outstanding.awaitUntil(
        () -> planIds.stream().noneMatch(planId -> laneOf(planId).busy(planId)), timeout);
  }

  /** Bulk snapshot writes (several plans in one command) that matched in full, since the start. */
  long bulkWrites() {
    return counters.bulkWrites.get();
  }

  public Metrics metrics() {
    return counters.metrics((int) outstanding.count());
  }

  /**
   * Stops the lanes. Call {@link #flush} first: what is still queued when this is called is not
   * written (it is logged, and recovery re-derives it from the broker as after a crash).
   */
  @Override
  public void close() {
    closed = true;
    for (WriterLane lane : lanes) {
      lane.close();
    }
    for (WriterLane lane : lanes) {
      try {
        lane.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (outstanding.count() > 0) {
      LOG.error("closed with {} accepted writes not durable", outstanding.count());
    }
  }

  // ------------------------------------------------------------------ internals

  private boolean enqueue(
      PlanSnapshot snapshot, List<PlanEvent> events, CompletableFuture<Boolean> durable) {
    if (closed) {
      throw new IllegalStateException("the trade writer is closed");
    }
    if (snapshot == null && events.isEmpty()) {
      return true;
    }
    String planId = snapshot != null ? snapshot.planId() : events.get(0).planId();
    for (PlanEvent e : events) {
      if (!e.planId().equals(planId)) {
        throw new IllegalArgumentException("event of plan " + e.planId() + " with " + planId);
      }
    }
    if (!acquireRoom()) {
      if (durable != null) {
        durable.complete(false);
      }
      return false;
    }
    outstanding.began();
    laneOf(planId).add(planId, snapshot, events, durable);
    return true;
  }

  private boolean acquireRoom() {
    if (room.tryAcquire()) {
      return true;
    }
    try {
      if (room.tryAcquire(config.submitBlockMax().toNanos(), TimeUnit.NANOSECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    counters.refusedSubmits.incrementAndGet();
    LOG.error(
        "trade write queue full ({}) for {}: write refused",
        config.capacity(),
        config.submitBlockMax());
    alerts.queueFull((int) outstanding.count(), config.submitBlockMax());
    return false;
  }

  private void release(int permits) {
    room.release(permits);
    // Every written batch wakes the flushes: the whole queue's, and those of some plans only.
    outstanding.ended(permits);
  }

  private WriterLane laneOf(String planId) {
    return lanes[Math.floorMod(planId.hashCode(), lanes.length)];
  }
}
