package com.tradeplan.store;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * (an engine step that woke many users) are taken together, up to {@value #BULK_MAX}, and their
 * snapshot writes go in one conditional bulk update; anything a bulk cannot settle for sure is
 * written plan by plan.
 *
 * <p>Thread-safe. Each plan must have a single submitting thread (its rule session's), which is
 * what makes "submission order" meaningful.
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

  private final TradeStore store;
  private final Config config;
  private final StoreAlertListener listener;
  private final Semaphore room;
  private final Lane[] lanes;
  private final Object idle = new Object();
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong refusedSubmits = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();
  private final AtomicLong bulkWrites = new AtomicLong();

  /** Plans one writer thread takes together; their snapshot-only writes go in one command. */
  static final int BULK_MAX = 128;

  private volatile boolean closed;

  public TradeWriter(TradeStore store, Config config, StoreAlertListener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.room = new Semaphore(config.capacity(), true);
    this.lanes = new Lane[config.lanes()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(i);
      lanes[i].thread.start();
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
    Lane lane = laneOf(planId);
    lane.lock.lock();
    try {
      PlanLane p = lane.plan(planId);
      p.storedVersion = storedVersion;
      // Another process may have appended history meanwhile (a cluster member that ran the plan):
      // the next seq is read from the store again.
      p.nextSeq = -1;
      p.fenced = false;
    } finally {
      lane.lock.unlock();
    }
  }

  /**
   * Waits until everything accepted so far is durable, for a clean shutdown.
   *
   * @return true when the queue drained within {@code timeout}
   */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (outstanding.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Waits until everything accepted so far for {@code planIds} is durable (or failed for good):
   * nothing of theirs queued, nothing of theirs being written. Their queued writes go ahead of the
   * other plans' (as an intent's do); other plans may still be behind.
   *
   * @return true when those plans were idle within {@code timeout}
   */
  public boolean flush(java.util.Collection<String> planIds, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Someone waits for these plans: their queued writes go ahead of the others (as for an intent).
    for (String planId : planIds) {
      Lane lane = laneOf(planId);
      lane.lock.lock();
      try {
        PlanLane p = lane.ready.remove(planId);
        if (p != null) {
          lane.urgent.putIfAbsent(planId, p);
        }
      } finally {
        lane.lock.unlock();
      }
    }
    while (true) {
      boolean busy = false;
      for (String planId : planIds) {
        Lane lane = laneOf(planId);
        lane.lock.lock();
        try {
          PlanLane p = lane.plans.get(planId);
          busy = p != null && (p.pendingPermits > 0 || p.writing);
        } finally {
          lane.lock.unlock();
        }
        if (busy) {
          break;
        }
      }
      if (!busy) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (idle) {
        try {
          // Woken after every batch written (release); bounded in case the notify came first.
          TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  /** Bulk snapshot writes (several plans in one command) that matched in full, since the start. */
  long bulkWrites() {
    return bulkWrites.get();
  }

  public Metrics metrics() {
    return new Metrics(
        (int) outstanding.get(),
        written.get(),
        retries.get(),
        failures.get(),
        refusedSubmits.get(),
        coalesced.get());
  }

  /**
   * Stops the lanes. Call {@link #flush} first: what is still queued when this is called is not
   * written (it is logged, and recovery re-derives it from the broker as after a crash).
   */
  @Override
  public void close() {
    closed = true;
    for (Lane lane : lanes) {
      lane.lock.lock();
      try {
        lane.work.signalAll();
      } finally {
        lane.lock.unlock();
      }
      lane.thread.interrupt();
    }
    for (Lane lane : lanes) {
      try {
        lane.thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (outstanding.get() > 0) {
      LOG.error("closed with {} accepted writes not durable", outstanding.get());
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
    outstanding.incrementAndGet();
    Lane lane = laneOf(planId);
    lane.lock.lock();
    try {
      PlanLane p = lane.plan(planId);
      if (snapshot != null) {
        p.owner = snapshot.plan().owner();
        if (p.pendingSnapshot != null) {
          coalesced.incrementAndGet();
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
      }
      if (durable != null) {
        // Someone waits for this plan (an order intent, the sender blocked until it is durable):
        // the plan goes ahead of the plans whose writes are only behind. Its own earlier writes
        // are part of the same batch, so per plan the order stays the submission order.
        lane.ready.remove(planId);
        lane.urgent.putIfAbsent(planId, p);
      } else if (!lane.urgent.containsKey(planId)) {
        lane.ready.putIfAbsent(planId, p);
      }
      lane.work.signal();
    } finally {
      lane.lock.unlock();
    }
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
    refusedSubmits.incrementAndGet();
    LOG.error(
        "trade write queue full ({}) for {}: write refused",
        config.capacity(),
        config.submitBlockMax());
    alert(() -> listener.queueFull((int) outstanding.get(), config.submitBlockMax()));
    return false;
  }

  private void release(int permits) {
    room.release(permits);
    outstanding.addAndGet(-permits);
    // Every written batch wakes the flushes: the whole queue's, and those of some plans only.
    synchronized (idle) {
      idle.notifyAll();
    }
  }

  private Lane laneOf(String planId) {
    return lanes[Math.floorMod(planId.hashCode(), lanes.length)];
  }

  private void alert(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("store alert listener failed", e);
    }
  }

  /** History entries submitted with one snapshot version; seqs assigned on the first attempt. */
  private static final class EventBatch {
    final long version;
    final List<PlanEvent> events;
    long firstSeq = -1;

    EventBatch(long version, List<PlanEvent> events) {
      this.version = version;
      this.events = events;
    }
  }

  /** What the writer knows about one plan. Pending fields under the lane lock. */
  private static final class PlanLane {
    final String planId;
    String owner;
    PlanSnapshot pendingSnapshot;
    List<EventBatch> pendingEvents = new ArrayList<>();
    int pendingPermits;
    List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
    // Used by the lane thread, set by adopt: the stored version, the next free seq, the fence,
    // whether the last snapshot written was an end state.
    volatile Long storedVersion;
    volatile long nextSeq = -1;
    volatile boolean fenced;
    volatile boolean terminal;
    // Under the lane lock: a batch of this plan is being written now.
    boolean writing;

    PlanLane(String planId) {
      this.planId = planId;
    }
  }

  /** One batch taken from a plan for writing. */
  private record Batch(
      PlanLane plan,
      PlanSnapshot snapshot,
      List<EventBatch> events,
      int permits,
      List<CompletableFuture<Boolean>> waiters) {}

  /**
   * One writer thread and the plans hashed to it: plans someone waits for ({@code urgent}) first,
   * then the others, each in FIFO order. A plan is in at most one of the two.
   */
  private final class Lane implements Runnable {
    final ReentrantLock lock = new ReentrantLock();
    final Condition work = lock.newCondition();
    final Map<String, PlanLane> plans = new HashMap<>();
    final LinkedHashMap<String, PlanLane> ready = new LinkedHashMap<>();
    final LinkedHashMap<String, PlanLane> urgent = new LinkedHashMap<>();
    final Thread thread;

    Lane(int index) {
      thread = new Thread(this, "trade-writer-" + index);
      thread.setDaemon(true);
    }

    PlanLane plan(String planId) {
      return plans.computeIfAbsent(planId, PlanLane::new);
    }

    @Override
    public void run() {
      while (true) {
        List<Batch> batches = take();
        if (batches == null) {
          return;
        }
        if (batches.size() == 1) {
          write(batches.get(0));
        } else {
          writeBulk(batches);
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
          if (closed) {
            return null;
          }
          work.awaitUninterruptibly();
        }
        LinkedHashMap<String, PlanLane> from = urgent.isEmpty() ? ready : urgent;
        int max = from == urgent ? BULK_MAX : 1;
        List<Batch> out = new ArrayList<>();
        var it = from.entrySet().iterator();
        while (it.hasNext() && out.size() < max) {
          PlanLane p = it.next().getValue();
          it.remove();
          out.add(new Batch(p, p.pendingSnapshot, p.pendingEvents, p.pendingPermits, p.waiters));
          p.writing = true;
          p.pendingSnapshot = null;
          p.pendingEvents = new ArrayList<>();
          p.pendingPermits = 0;
          p.waiters = new ArrayList<>();
        }
        return out;
      } finally {
        lock.unlock();
      }
    }

    /**
     * Several plans taken together (the order intents of an engine step): the snapshot-only writes
     * on top of a known stored version go in one {@link TradeStore#updateAll} (one round trip
     * instead of one per plan). Everything else, and every plan of a bulk that did not match in
     * full or failed, takes the one-plan path ({@link #write}), which settles each on its own: the
     * writes are conditional on the version, so one that did land is recognised as such.
     */
    private void writeBulk(List<Batch> batches) {
      List<Batch> single = new ArrayList<>();
      List<Batch> bulk = new ArrayList<>();
      List<TradeStore.Update> updates = new ArrayList<>();
      for (Batch b : batches) {
        PlanLane p = b.plan();
        PlanSnapshot s = b.snapshot();
        Long stored = p.storedVersion;
        if (s == null
            || !b.events().isEmpty()
            || p.fenced
            || stored == null
            || s.version() <= stored) {
          single.add(b);
        } else {
          bulk.add(b);
          updates.add(new TradeStore.Update(s, stored, p.nextSeq));
        }
      }
      if (bulk.size() > 1) {
        try {
          if (store.updateAll(updates) == bulk.size()) {
            for (Batch b : bulk) {
              b.plan().storedVersion = b.snapshot().version();
              b.plan().terminal = b.snapshot().status().isTerminal();
              written.incrementAndGet();
              finish(b, true);
            }
            bulk.clear();
            bulkWrites.incrementAndGet();
          }
        } catch (RuntimeException e) {
          LOG.warn(
              "bulk write of {} plans failed ({}); writing them one by one",
              bulk.size(),
              e.toString());
        }
      }
      single.addAll(bulk);
      for (Batch b : single) {
        write(b);
      }
    }

    private void write(Batch b) {
      String planId = b.plan().planId;
      int attempts = 0;
      boolean durable = false;
      while (true) {
        try {
          durable = writeOnce(b);
          written.incrementAndGet();
          if (attempts >= config.alertAfterAttempts()) {
            int a = attempts;
            alert(() -> listener.drained(planId, a));
          }
          break;
        } catch (IllegalArgumentException | BadDocumentException e) {
          // Retrying cannot help, and would block every plan behind this one.
          failures.incrementAndGet();
          LOG.error("plan {}: write refused for good", planId, e);
          alert(() -> listener.writeRefused(planId, e));
          break;
        } catch (RuntimeException e) {
          attempts++;
          if (closed) {
            LOG.error("plan {}: closed while retrying a write ({} attempts)", planId, attempts);
            break;
          }
          retries.incrementAndGet();
          if (attempts % config.alertAfterAttempts() == 0) {
            int a = attempts;
            LOG.error("plan {}: write failed {} times, retrying", planId, attempts, e);
            alert(() -> listener.cannotDrain(planId, a, e));
          }
          if (!backoff(attempts)) {
            break;
          }
        }
      }
      finish(b, durable);
    }

    /** The batch is done (durable or not): its waiters answered, its room given back. */
    private void finish(Batch b, boolean durable) {
      for (CompletableFuture<Boolean> w : b.waiters()) {
        w.complete(durable);
      }
      lock.lock();
      try {
        b.plan().writing = false;
      } finally {
        lock.unlock();
      }
      if (durable || !closed) {
        release(b.permits());
      }
      forgetIfDone(b.plan());
    }

    /** True when the snapshot (if any) is durable; false when a conflict fenced it. */
    private boolean writeOnce(Batch b) {
      PlanLane p = b.plan();
      // Every step's entries waiting for this plan go in one insert, each under its own seq.
      List<TradeStore.SequencedEvent> entries = new ArrayList<>();
      long lastVersion = -1;
      for (EventBatch e : b.events()) {
        if (e.firstSeq < 0) {
          if (p.nextSeq < 0) {
            p.nextSeq = store.nextSeq(p.planId);
          }
          e.firstSeq = p.nextSeq;
          p.nextSeq += e.events.size();
        }
        for (int i = 0; i < e.events.size(); i++) {
          entries.add(new TradeStore.SequencedEvent(e.firstSeq + i, e.version, e.events.get(i)));
        }
        lastVersion = Math.max(lastVersion, e.version);
      }
      if (!entries.isEmpty()) {
        AppendResult r = store.appendEvents(p.owner, p.planId, entries);
        if (r.conflicting() > 0) {
          failures.incrementAndGet();
          long version = lastVersion;
          alert(() -> listener.conflict(p.planId, version, -1));
        }
      }
      PlanSnapshot s = b.snapshot();
      if (s == null) {
        return true;
      }
      if (p.fenced) {
        LOG.error("plan {}: v{} not written: fenced after a conflict", p.planId, s.version());
        return false;
      }
      while (true) {
        if (p.storedVersion == null) {
          OptionalLong stored = store.storedVersion(p.planId);
          if (stored.isEmpty()) {
            if (store.create(s, p.nextSeq) == CreateResult.CREATED) {
              p.storedVersion = s.version();
              p.terminal = s.status().isTerminal();
              return true;
            }
            continue; // created meanwhile by someone else: read its version
          }
          p.storedVersion = stored.getAsLong();
        }
        p.terminal = s.status().isTerminal();
        if (s.version() <= p.storedVersion) {
          return true; // already stored (a retry whose first attempt did succeed)
        }
        UpdateResult r = store.update(s, p.storedVersion, p.nextSeq);
        switch (r.outcome()) {
          case UPDATED -> {
            p.storedVersion = s.version();
            return true;
          }
          case NOT_FOUND -> p.storedVersion = null;
          case CONFLICT -> {
            if (r.storedVersion() == s.version()) {
              // Our own earlier attempt landed but its reply was lost.
              p.storedVersion = s.version();
              return true;
            }
            p.fenced = true;
            failures.incrementAndGet();
            long stored = r.storedVersion();
            LOG.error(
                "plan {}: stored v{} is not the v{} this writer wrote; v{} not written",
                p.planId,
                stored,
                p.storedVersion,
                s.version());
            alert(() -> listener.conflict(p.planId, s.version(), stored));
            return false;
          }
          default -> throw new IllegalStateException(r.toString());
        }
      }
    }

    private boolean backoff(int attempts) {
      long initial = config.backoffInitial().toNanos();
      long max = config.backoffMax().toNanos();
      long delay = Math.min(max, initial << Math.min(attempts - 1, 30));
      lock.lock();
      try {
        long left = delay;
        while (left > 0 && !closed) {
          left = work.awaitNanos(left);
        }
        return !closed;
      } catch (InterruptedException e) {
        return false;
      } finally {
        lock.unlock();
      }
    }

    /** Bounds the per-plan map: an ended, idle plan is forgotten (re-read if it writes again). */
    private void forgetIfDone(PlanLane p) {
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
}
