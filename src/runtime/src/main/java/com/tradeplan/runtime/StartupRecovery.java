package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.ReplicationResult;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.LoadResult;
import com.tradeplan.store.QuarantinedDocument;
import com.tradeplan.store.TradeStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a platform does at start before it trades (docs/persistence.md, "Recovery in practice"): the
 * store's monitored plans are handed to the cluster (a plan the cluster knows already is left
 * alone), the member holding each user rebuilds it ({@link UserTakeover}), and once the users of
 * this member's partitions run here (a single process: every user) the broker connects, so that its
 * first reconcile delivers what was missed while down into the rebuilt sessions; then the cancels
 * that were recorded but may not have reached IB are sent again.
 *
 * <p>{@link #recover} runs once, on the thread that starts the platform; {@link
 * #handPlansToCluster} again every second on the platform's timer, for plans a member without
 * quorum could not hand yet (bounded by the store's monitored plans). A store that cannot be read
 * throws out of {@link #recover}, and the platform does not start.
 */
final class StartupRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);

  /** How long start waits for this member's take-overs of the store's users. */
  static final Duration START_TAKEOVER_WAIT = Duration.ofSeconds(30);

  private final TradeStore store;
  private final IbBroker broker;
  private final RiskGate riskGate;
  private final Duration brokerReadyTimeout;
  private final Alerts alerts;
  private final LocalUsers users;
  private final UserTakeover takeover;
  private final Supplier<ClusterNode> cluster;

  /** Store plans not handed to the cluster yet (no quorum at start): retried every second. */
  private final Queue<PlanSnapshot> notHandedYet = new ConcurrentLinkedQueue<>();

  StartupRecovery(
      TradeStore store,
      IbBroker broker,
      RiskGate riskGate,
      Duration brokerReadyTimeout,
      Alerts alerts,
      LocalUsers users,
      UserTakeover takeover,
      Supplier<ClusterNode> cluster) {
    this.store = store;
    this.broker = broker;
    this.riskGate = riskGate;
    this.brokerReadyTimeout = brokerReadyTimeout;
    this.alerts = alerts;
    this.users = users;
    this.takeover = takeover;
    this.cluster = cluster;
  }

  /**
   * Loads, hands over, waits for the local take-overs, connects the broker, cancels again; returns
   * what was resumed, quarantined, resent and restored. Called once, after the cluster node
   * started.
   */
  Platform.RecoveryReport recover() {
    LoadResult loaded = store.loadMonitored();
    for (QuarantinedDocument q : loaded.quarantined()) {
      alerts.alert(
          "QUARANTINED_PLAN",
          "plan " + q.planId() + " (" + q.collection() + ") not resumed: " + q.reason());
    }
    Map<String, List<PlanSnapshot>> byOwner = new TreeMap<>();
    for (PlanSnapshot s : loaded.plans()) {
      byOwner.computeIfAbsent(s.plan().owner(), o -> new ArrayList<>()).add(s);
    }
    for (List<PlanSnapshot> plans : byOwner.values()) {
      notHandedYet.addAll(plans);
    }
    handPlansToCluster();
    // The users this member runs are rebuilt before the broker connects, as a restart of a single
    // process always did: the first reconcile then delivers the fills and statuses missed while
    // down to the rebuilt sessions, and the orders queued at take-over are written after it.
    Set<String> waitFor = new TreeSet<>(byOwner.keySet());
    for (PlanSnapshot s : notHandedYet) {
      waitFor.remove(s.plan().owner()); // not in the cluster yet (no quorum): nobody takes it
    }
    awaitLocalTakeOvers(waitFor);
    connectBroker();
    UserTakeover.AtStart atStart = takeover.endStart();
    for (OrderRequest r : atStart.cancels()) {
      // The cancel was recorded before it was sent; it may not have reached IB. A second cancel of
      // an order IB still works is what the uninterrupted run did; of a done order it is refused.
      riskGate.cancel(r.ref());
    }
    LOG.info(
        "cluster member {}: {} monitored plans of {} users loaded from the store; {} orders"
            + " restored, {} resent",
        cluster.get().address(),
        loaded.plans().size(),
        byOwner.size(),
        atStart.restored(),
        atStart.resent().size());
    return new Platform.RecoveryReport(
        loaded.plans().size(), loaded.quarantined(), atStart.resent(), atStart.restored());
  }

  /** Connects IB and waits (bounded) for its first reconcile; an alert when it does not come. */
  private void connectBroker() {
    broker.start();
    boolean ready;
    try {
      ready = broker.awaitReady(brokerReadyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready = false;
    }
    if (!ready) {
      alerts.alert(
          "BROKER_NOT_READY",
          "IB not connected and reconciled within " + brokerReadyTimeout + "; retrying");
    }
  }

  /**
   * Waits until every user of {@code owners} whose partition this member owns has been taken over
   * here (the others are run by other members). Bounded: an alert, then start goes on.
   */
  private void awaitLocalTakeOvers(Set<String> owners) {
    long deadline = System.nanoTime() + START_TAKEOVER_WAIT.toNanos();
    ClusterNode node = cluster.get();
    // Where each user is placed is read once; each round then asks only the partition table.
    Predicate<String> ownedHere = node == null ? o -> false : node.partitionOwnership(owners);
    while (true) {
      List<String> missing = new ArrayList<>();
      for (String owner : owners) {
        if (!users.isTakenOver(owner) && ownedHere.test(owner)) {
          missing.add(owner);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        alerts.alert(
            "TAKEOVER_SLOW",
            "users "
                + missing
                + " not running here "
                + START_TAKEOVER_WAIT
                + " after start; the broker connects anyway");
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /**
   * Hands the store's monitored plans to the cluster, one at a time (a plan the cluster holds at
   * another version is STALE and left alone, the others still go in). Without quorum (the first
   * member of a cluster that is starting) they wait for the next call; any other failure is an
   * alert and the plan is tried again too.
   */
  void handPlansToCluster() {
    ClusterNode node = cluster.get();
    if (notHandedYet.isEmpty() || !node.hasQuorum()) {
      return;
    }
    int handed = 0;
    for (int n = notHandedYet.size(); n > 0; n--) {
      PlanSnapshot s = notHandedYet.poll();
      if (s == null) {
        break;
      }
      ReplicationResult r = node.addPlans(s.plan().owner(), List.of(s));
      if (r.ok() || r.outcome() == ReplicationResult.Outcome.STALE_VERSION) {
        handed++;
        continue;
      }
      notHandedYet.add(s);
      if (r.outcome() != ReplicationResult.Outcome.NO_QUORUM) {
        alerts.alert(
            "CLUSTER_LOAD_FAILED",
            "plan " + s.planId() + " not handed to the cluster yet (retried): " + r);
      }
    }
    LOG.info(
        "cluster member {}: {} store plans handed to the cluster, {} still to hand",
        node.address(),
        handed,
        notHandedYet.size());
  }
}
