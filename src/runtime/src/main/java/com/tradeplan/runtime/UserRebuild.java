package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.store.TradeWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds users this member still holds whose session went ahead of what was sent: a step whose
 * send was HELD (the replication was indeterminate or had no quorum) or a store write that
 * conflicted. The session is dropped and the user taken over again by {@link UserTakeover}, from
 * the replicated state (possibly including the held write) and the store; the intents that were
 * never sent are then sent under their orderRef after a reconcile. Users waiting together are
 * rebuilt together, {@value #REBUILD_DELAY_MILLIS} ms after the first asked: after a member's death
 * that is every user whose write waited for a backup on it, one batch.
 *
 * <p>{@link #rebuildLater} and {@link #onStoreConflict} are called on lane threads and the store
 * writer's thread, return at once and never throw; the rebuild runs on the platform's timer, under
 * {@link LocalUsers#ownershipLock}.
 *
 * <p>A run that cannot finish has stopped its users' sessions already: they are not monitored on
 * this member. That is a run that throws (any {@link RuntimeException}, or an {@link Error} other
 * than a {@link VirtualMachineError}, which is rethrown), and equally one whose users' store writes
 * are not flushed within {@link #REBUILD_FLUSH_WAIT}, whose replicated state cannot be read, or
 * whose take-over fails for some of its users (those are retried). Every one of them is the same
 * failure, and never silent (these three used to ask again every 200 ms with a warning only, for
 * ever, unalerted): a {@code USER_REBUILD_FAILED} alert names the users, the cause, the attempt and
 * the delay of the next one, an ERROR is logged, and the users are asked for again after a backoff:
 * {@value #RETRY_FIRST_DELAY_MILLIS} ms after the first failed run, doubling after each failed run
 * in a row up to {@value #RETRY_MAX_DELAY_MILLIS} ms. At that bound it keeps retrying every {@value
 * #RETRY_MAX_DELAY_MILLIS} ms, each attempt alerted, until a run succeeds (the count starts again)
 * or the member no longer holds the user (its next holder rebuilds it). Users asked for while a
 * retry waits join it. Meanwhile the platform's health lists them ({@code usersNotMonitored}).
 *
 * <p>A request before {@link #start} (during start, after the user's take-over) is kept and run
 * once the timer starts, never dropped. A request the timer refuses while it is not shut down (its
 * {@value PlatformTimers#QUEUED_TASKS_MAX} tasks are waiting) is alerted ({@code
 * USER_REBUILD_FAILED}, once until that run) and run by the next {@link #runRefused} of the
 * every-second housekeeping; a timer that is shut down, or {@link #stop}, means the platform is
 * closing: nothing is alerted.
 */
final class UserRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(UserRebuild.class);

  /** How long after the first request the users waiting are rebuilt, together. */
  static final long REBUILD_DELAY_MILLIS = 200;

  /** The delay before the first retry of a run that threw; it doubles after each one in a row. */
  static final long RETRY_FIRST_DELAY_MILLIS = 200;

  /**
   * The longest delay between retries: at it a failing rebuild is retried (and alerted) forever.
   */
  static final long RETRY_MAX_DELAY_MILLIS = 30_000;

  /** How long a rebuild waits for the users' queued store writes before it tries again later. */
  static final Duration REBUILD_FLUSH_WAIT = Duration.ofSeconds(5);

  private final LaneEngine engine;
  private final IbBroker broker;
  private final TradeWriter writer;
  private final PlanReads plans;
  private final Alerts alerts;
  private final LocalUsers users;
  private final UserTakeover takeover;
  private final Supplier<ClusterNode> cluster;

  /** Users waiting to be rebuilt (at most the users held here); one timer task takes them all. */
  private final Set<String> toRebuild = ConcurrentHashMap.newKeySet();

  private final AtomicBoolean rebuildScheduled = new AtomicBoolean();

  /** The timer refused the run (full): the housekeeping runs it ({@link #runRefused}). */
  private final AtomicBoolean refused = new AtomicBoolean();

  /** Runs in a row that threw (timer thread only); 0 after a run that did not. */
  private int failedRuns;

  /** Tests only: runs in each run once the users' sessions are stopped (a throw fails the run). */
  private volatile Runnable afterSessionsStopped = () -> {};

  private volatile ScheduledExecutorService timer;
  private volatile boolean closed;

  UserRebuild(
      LaneEngine engine,
      IbBroker broker,
      TradeWriter writer,
      PlanReads plans,
      Alerts alerts,
      LocalUsers users,
      UserTakeover takeover,
      Supplier<ClusterNode> cluster) {
    this.engine = engine;
    this.broker = broker;
    this.writer = writer;
    this.plans = plans;
    this.alerts = alerts;
    this.users = users;
    this.takeover = takeover;
    this.cluster = cluster;
  }

  /**
   * From now on rebuilds run on {@code timer}; the users asked for before (during start) are
   * rebuilt {@value #REBUILD_DELAY_MILLIS} ms later.
   */
  void start(ScheduledExecutorService timer) {
    this.timer = timer;
    if (!toRebuild.isEmpty()) {
      schedule(REBUILD_DELAY_MILLIS);
    }
  }

  /** Tests only: {@code hook} runs in each run once the sessions are stopped. */
  void afterSessionsStopped(Runnable hook) {
    this.afterSessionsStopped = hook;
  }

  /** No more rebuilds: the platform is closing or crashed. */
  void stop() {
    closed = true;
  }

  /**
   * The user's session went ahead of what was sent (a held send, a store conflict): it no longer
   * counts as monitored from this moment, and is rebuilt {@value #REBUILD_DELAY_MILLIS} ms later,
   * with every other user waiting for the same, in one batch.
   */
  void rebuildLater(String owner) {
    if (closed) {
      return;
    }
    users.notMonitoring(owner);
    toRebuild.add(owner);
    if (timer == null) {
      LOG.warn("user {}: rebuild asked for during start; it runs once the timer starts", owner);
      return;
    }
    schedule(REBUILD_DELAY_MILLIS);
  }

  /**
   * Every second, on the timer thread (the housekeeping): a run the timer refused runs now. A run
   * already scheduled is left to its time.
   */
  void runRefused() {
    if (refused.getAndSet(false) && !rebuildScheduled.get()) {
      rebuildWaiting();
    }
  }

  /** One run for every user waiting, {@code delayMillis} from now, unless one is scheduled. */
  private void schedule(long delayMillis) {
    ScheduledExecutorService t = timer;
    if (t == null || !rebuildScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      t.schedule(this::rebuildWaiting, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      rebuildScheduled.set(false);
      if (closed || t.isShutdown()) {
        return; // the platform is closing: no member runs these users here any more
      }
      if (refused.getAndSet(true)) {
        return; // alerted at the first refusal; the housekeeping runs every user waiting
      }
      alerts.alert(
          "USER_REBUILD_FAILED",
          "users "
              + new TreeSet<>(toRebuild)
              + ": rebuild not scheduled, the platform's timer is full ("
              + e.getMessage()
              + "); their plans are NOT monitored on this member until a rebuild succeeds;"
              + " retried by the housekeeping within a second");
    }
  }

  /**
   * The store holds another version of a plan than this member's writer last wrote: its writes of
   * that plan are fenced, so its intents can no longer be recorded and nothing of it would be sent.
   * While this member still runs the user, the user is rebuilt from the store and the replicated
   * state (the writer adopts the stored version); otherwise the alert is all.
   */
  void onStoreConflict(String planId) {
    ClusterNode node = cluster.get();
    String owner = users.ownerOf(planId);
    if (node != null && owner != null && node.epochOf(owner) != null) {
      rebuildLater(owner);
    }
  }

  private void rebuildWaiting() {
    rebuildScheduled.set(false);
    Set<String> owners = new TreeSet<>(toRebuild);
    toRebuild.removeAll(owners);
    NotRebuilt notRebuilt;
    try {
      notRebuilt = rebuild(owners);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      retryAfterFailure(owners, e.toString(), e);
      return;
    }
    if (notRebuilt == null) {
      failedRuns = 0;
    } else {
      retryAfterFailure(notRebuilt.owners(), notRebuilt.cause(), null);
    }
  }

  /**
   * Users of a run that did not throw but could not be rebuilt, and why: their sessions are
   * stopped, so they are retried and alerted like a run that threw.
   */
  private record NotRebuilt(Set<String> owners, String cause) {}

  /**
   * A run threw: its users (their sessions possibly stopped) are alerted about and asked for again
   * after the backoff. Those the member no longer holds are dropped by the next run.
   */
  private void retryAfterFailure(Set<String> owners, String cause, Throwable thrown) {
    if (closed) {
      LOG.info("users {}: rebuild ended by the platform closing ({})", owners, cause);
      return;
    }
    failedRuns++;
    long delayMillis = retryDelayMillis(failedRuns);
    LOG.error(
        "users {}: rebuild attempt {} failed; NOT monitored here, retrying in {} ms",
        owners,
        failedRuns,
        delayMillis,
        thrown == null ? cause : thrown);
    alerts.alert(
        "USER_REBUILD_FAILED",
        "users "
            + owners
            + ": rebuild attempt "
            + failedRuns
            + " failed ("
            + cause
            + "); their plans are NOT monitored on this member until a rebuild succeeds;"
            + " retrying in "
            + delayMillis
            + " ms (doubling to at most "
            + RETRY_MAX_DELAY_MILLIS
            + " ms, every attempt alerted)");
    owners.forEach(users::notMonitoring);
    toRebuild.addAll(owners);
    schedule(delayMillis);
  }

  /** The delay after {@code failed} runs in a row: 200 ms doubling, at most 30 s. */
  static long retryDelayMillis(int failed) {
    int doublings = Math.min(failed - 1, 20);
    return Math.min(RETRY_FIRST_DELAY_MILLIS << doublings, RETRY_MAX_DELAY_MILLIS);
  }

  /**
   * Rebuilds {@code owners} (those this member still holds); returns null when every one of them is
   * rebuilt (or released), else the users to retry and why.
   */
  private NotRebuilt rebuild(Set<String> owners) {
    ClusterNode node = cluster.get();
    synchronized (users.ownershipLock) {
      owners.removeIf(o -> closed || node.epochOf(o) == null); // released: its next holder
      if (owners.isEmpty()) {
        return null;
      }
      long began = System.nanoTime();
      stopSessions(owners);
      afterSessionsStopped.run();
      long sessionsGone = System.nanoTime();
      forgetOrders(owners);
      // Their writes reach the store before the store is read, so the rebuilt sessions continue
      // from the versions the store holds (a write still queued would conflict with them).
      boolean flushed = writer.flush(users.planIdsOf(owners), REBUILD_FLUSH_WAIT);
      long writesDone = System.nanoTime();
      if (!flushed) {
        return new NotRebuilt(
            owners, "their store writes were not flushed within " + REBUILD_FLUSH_WAIT);
      }
      owners.removeIf(o -> node.epochOf(o) == null);
      Map<String, List<PlanSnapshot>> state = new TreeMap<>();
      try {
        Map<String, List<PlanSnapshot>> replicated = node.statesOf(owners);
        owners.forEach(o -> state.put(o, replicated.getOrDefault(o, List.of())));
      } catch (RuntimeException e) {
        return new NotRebuilt(owners, "their replicated state is not readable: " + e);
      }
      Map<String, String> failed = takeover.takeOver(state);
      Set<String> rebuilt = new TreeSet<>(owners);
      rebuilt.removeAll(failed.keySet());
      if (!rebuilt.isEmpty()) {
        alerts.alert(
            "USER_REBUILT",
            "users "
                + rebuilt
                + ": sessions rebuilt from the replicated state and the store, and reconciled (a"
                + " send was held or a store write conflicted)");
      }
      LOG.info(
          "{} users rebuilt in {} ms (sessions stopped in {} ms, their store writes done in {} ms)",
          rebuilt.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
          TimeUnit.NANOSECONDS.toMillis(sessionsGone - began),
          TimeUnit.NANOSECONDS.toMillis(writesDone - sessionsGone));
      if (failed.isEmpty()) {
        return null;
      }
      return new NotRebuilt(new TreeSet<>(failed.keySet()), "their take-over failed: " + failed);
    }
  }

  /**
   * The old sessions stop first: until they are gone they go on stepping (and writing) the users'
   * plans, so state read before this would be older than what they wrote. At the head of the lanes:
   * their reports still queued are read again by the take-over's reconcile.
   */
  private void stopSessions(Set<String> owners) {
    List<CompletableFuture<Void>> removed = new ArrayList<>();
    for (String owner : owners) {
      users.notMonitoring(owner);
      removed.add(engine.removeUserNow(owner));
    }
    CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)).join();
  }

  private void forgetOrders(Set<String> owners) {
    broker.awaitSendsInFlight();
    // The broker forgets the users' orders (and their executions as seen): reports that arrive
    // while the sessions are away would reach no plan; the take-over's reconcile reads every
    // order and execution of the users again, by orderRef, into the rebuilt sessions.
    owners.forEach(broker::forgetOwner);
    owners.forEach(plans::untrack);
  }
}
