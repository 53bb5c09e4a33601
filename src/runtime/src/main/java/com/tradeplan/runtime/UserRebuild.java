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
 * {@link LocalUsers#ownershipLock}. A rebuild that cannot finish (store writes not flushed, the
 * replicated state unreadable, a user's take-over failed) asks again for those users. A throw ends
 * that run silently (the timer keeps it in the task's future): its users stay unmonitored until
 * they are asked for again; users asked for afterwards are scheduled as usual.
 */
final class UserRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(UserRebuild.class);

  /** How long after the first request the users waiting are rebuilt, together. */
  static final long REBUILD_DELAY_MILLIS = 200;

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
   * From now on rebuilds run on {@code timer}. Before this (during start) a request to rebuild is
   * ignored: start's own take-overs and the first reconcile are still to come.
   */
  void start(ScheduledExecutorService timer) {
    this.timer = timer;
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
    ScheduledExecutorService t = timer;
    if (t == null || closed) {
      return;
    }
    users.notMonitoring(owner);
    toRebuild.add(owner);
    if (rebuildScheduled.compareAndSet(false, true)) {
      try {
        t.schedule(this::rebuildWaiting, REBUILD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        rebuildScheduled.set(false);
      }
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
    ClusterNode node = cluster.get();
    synchronized (users.ownershipLock) {
      owners.removeIf(o -> closed || node.epochOf(o) == null); // released: its next holder
      if (owners.isEmpty()) {
        return;
      }
      long began = System.nanoTime();
      stopSessions(owners);
      long sessionsGone = System.nanoTime();
      forgetOrders(owners);
      // Their writes reach the store before the store is read, so the rebuilt sessions continue
      // from the versions the store holds (a write still queued would conflict with them).
      boolean flushed = writer.flush(users.planIdsOf(owners), REBUILD_FLUSH_WAIT);
      long writesDone = System.nanoTime();
      if (!flushed) {
        LOG.warn(
            "users {}: store writes not flushed within {}; rebuilding later",
            owners,
            REBUILD_FLUSH_WAIT);
        owners.forEach(this::rebuildLater);
        return;
      }
      owners.removeIf(o -> node.epochOf(o) == null);
      Map<String, List<PlanSnapshot>> state = new TreeMap<>();
      try {
        Map<String, List<PlanSnapshot>> replicated = node.statesOf(owners);
        owners.forEach(o -> state.put(o, replicated.getOrDefault(o, List.of())));
      } catch (RuntimeException e) {
        LOG.warn(
            "users {}: replicated state not readable ({}); rebuilding later", owners, e.toString());
        owners.forEach(this::rebuildLater);
        return;
      }
      alerts.alert(
          "USER_REBUILT",
          "users "
              + owners
              + ": sessions rebuilt from the replicated state and the store, and reconciled (a"
              + " send was held or a store write conflicted)");
      takeover.takeOver(state).forEach(this::rebuildLater);
      LOG.info(
          "{} users rebuilt in {} ms (sessions stopped in {} ms, their store writes done in {} ms)",
          owners.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
          TimeUnit.NANOSECONDS.toMillis(sessionsGone - began),
          TimeUnit.NANOSECONDS.toMillis(writesDone - sessionsGone));
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
