package com.tradeplan.runtime;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.PlanCounts;
import com.tradeplan.store.TradeWriter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

/**
 * This process's member of the cluster as the platform sees it (docs/cluster.md): the users it runs
 * ({@link LocalUsers}), their take-over ({@link UserTakeover}) and rebuild ({@link UserRebuild}),
 * the recovery of their plans at start ({@link StartupRecovery}), the risk figures those rebuild
 * ({@link RiskFigures}), the cluster as the service sees it ({@link ClusterMembership}) and the
 * Hazelcast member itself. Each part's work is in its own class; this one binds them and holds the
 * member once it has joined.
 *
 * <p>Callbacks: {@link #rebuildLater} (a lane thread) and {@link #onStoreConflict} (the store
 * writer's thread) may fire before {@link #join}; until the rebuilds exist a store conflict does
 * nothing and a rebuild request is alerted (no user runs here before the join). {@link #node}
 * answers null until the member has joined. Thread-safe.
 */
final class ClusterMember {
  final LocalUsers users = new LocalUsers();
  private final ClusterMembership membership;
  private final Alerts alerts;

  // Set by join (callbacks may run before it returns); read from any thread.
  private volatile ClusterNode node;
  private volatile UserRebuild rebuild;
  private volatile UserTakeover takeover;
  private volatile StartupRecovery startup;
  private volatile RiskFigures figures;

  ClusterMember(Alerts alerts) {
    this.alerts = alerts;
    this.membership = new ClusterMembership(this::node, alerts, this::rebuildLater);
  }

  /** The Hazelcast member of this process, or null before {@link #join}. */
  ClusterNode node() {
    return node;
  }

  /** The members this member's Hazelcast view holds now (1 before it joined, and after it left). */
  int clusterSize() {
    ClusterNode n = node;
    return n == null ? 1 : Math.max(1, n.clusterSize());
  }

  ClusterMembership membership() {
    return membership;
  }

  /**
   * Joins the cluster and recovers the plans of the users this member runs before anything is sent;
   * commands for plans another member runs reach {@code callTarget} there. Called once.
   */
  Platform.RecoveryReport join(
      PlatformConfig config,
      PlatformParts parts,
      MongoConfig.MongoConnection conn,
      TradeWriter writer,
      LaneEngine engine,
      RiskGate riskGate,
      RuleVersions rules,
      PlanCommands callTarget) {
    RiskFigures riskFigures =
        new RiskFigures(
            RiskFigures.StoredPlans.of(parts.store(), new PlanCounts(conn)),
            parts.riskLimits().entryLimits(),
            parts.alerts(),
            config.clock());
    this.figures = riskFigures;
    // The platform's rate is shared equally by the members Hazelcast sees now (docs/risk.md).
    parts.riskLimits().entryLimits().setClusterMembers(this::clusterSize);
    UserTakeover takeover =
        new UserTakeover(
            parts.store(),
            writer,
            engine,
            parts.broker(),
            riskGate,
            parts.reads(),
            riskFigures,
            parts.alerts(),
            users,
            this::node);
    this.takeover = takeover;
    this.rebuild =
        new UserRebuild(
            engine,
            parts.broker(),
            writer,
            parts.reads(),
            parts.alerts(),
            users,
            takeover,
            this::node);
    ClusterNode joined = ClusterNode.start(config.cluster(), takeover, parts.marketData());
    this.node = joined;
    rules.joinCluster(joined);
    parts.riskLimits().joinCluster(joined);
    joined.setCallTarget(callTarget);
    StartupRecovery recovery =
        new StartupRecovery(
            parts.store(),
            parts.broker(),
            riskGate,
            config.brokerReadyTimeout(),
            parts.alerts(),
            users,
            takeover,
            this::node);
    this.startup = recovery;
    return recovery.recover();
  }

  /** The rebuilds run on {@code timer} from now on. */
  void startRebuilds(ScheduledExecutorService timer) {
    rebuild.start(timer);
  }

  /**
   * Every second (the platform's timer): the quorum reported and the plans handed to the cluster.
   */
  void reportAndHandOver() {
    membership.reportQuorum();
    startup.handPlansToCluster();
  }

  /** Every second, after the checks: another try at the figures a take-over could not rebuild. */
  void retryIncompleteFigures() {
    synchronized (users.ownershipLock) {
      figures.retryIncomplete();
    }
  }

  /** A user's send was held (a lane thread): its session is rebuilt, once rebuilds can run. */
  void rebuildLater(String owner) {
    UserRebuild r = rebuild;
    if (r != null) {
      r.rebuildLater(owner);
      return;
    }
    // No user runs here before the member joins, so this is not expected; never dropped silently.
    alerts.alert(
        "USER_REBUILD_FAILED",
        "user "
            + owner
            + ": rebuild asked for before this member joined the cluster; not rebuilt (its next"
            + " take-over restores it)");
  }

  /**
   * A plan's store write conflicted (the writer's thread): its user is rebuilt, if it runs here.
   */
  void onStoreConflict(String planId) {
    UserRebuild r = rebuild;
    if (r != null) {
      r.onStoreConflict(planId);
    }
  }

  /**
   * Users this member runs now: it holds their lease and their plans are back in its engine (a
   * take-over counts once the engine monitors every plan again).
   */
  Set<String> heldUsers() {
    return users.monitoredOf(node.heldUsers().keySet());
  }

  /**
   * Users whose lease this member holds and whose plans are not all in its engine: taken over or
   * rebuilt right now, or a rebuild that failed waiting for its retry. Empty before the member
   * joined.
   */
  Set<String> notMonitoredUsers() {
    ClusterNode n = node;
    if (n == null) {
      return Set.of();
    }
    Set<String> unwatched = new TreeSet<>(users.notMonitoredOf(n.heldUsers().keySet()));
    // A failed take-over gives the lease back: held by nobody, retried by this member while it
    // owns the user's partition, and watched by no one meanwhile.
    unwatched.addAll(users.takeOverFailures(n::ownsPartitionOf));
    return unwatched;
  }

  /** Every second (the platform's timer): a rebuild the full timer refused runs now. */
  void runRefusedRebuilds() {
    UserRebuild r = rebuild;
    if (r != null) {
      r.runRefused();
    }
  }

  /** Tests only: the rebuilds, once the member has joined. */
  UserRebuild rebuilds() {
    return rebuild;
  }

  /** Tests only: the take-overs, once the member has joined. */
  UserTakeover takeovers() {
    return takeover;
  }

  /** Users this member runs whose lane has caught up since their take-over. */
  Set<String> caughtUpUsers() {
    return users.caughtUpOf(heldUsers());
  }

  /**
   * Leaves the cluster: no more rebuilds; stops sending for every user, runs every onRelease, hands
   * the leases back.
   */
  void leave() {
    rebuild.stop();
    node.stop();
  }

  /** Tests only: gone as a killed process is (Hazelcast terminated, nothing handed over). */
  void crash() {
    rebuild.stop();
    node.terminate();
  }

  /** A start that failed: the member, if it joined, is terminated. */
  void abandon() {
    ClusterNode n = node;
    if (n != null) {
      n.terminate();
    }
  }
}
