package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.tradeplan.domain.state.PlanSnapshot;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Hazelcast member and the users it runs: what the runtime talks to. It starts the
 * member, wires the parts below and answers for them; the decisions live in the parts.
 *
 * <p>Why one class: it is the module's one public door (Hazelcast stays inside the module), so
 * every operation the runtime needs has its short delegate here, with the contract it documents;
 * the work itself is in the parts below.
 *
 * <h2>Ownership</h2>
 *
 * A user belongs to the Hazelcast partition of its account ({@link UserKeys}; of its user id when
 * it has none); the member that owns that partition should run the user. Running is guarded by a
 * <b>lease</b> in the user's replicated entry ({@link UserState}): a holder and an epoch. A member
 * takes the lease ({@link UserProcessors.Acquire}) only when nobody holds it or the holder is no
 * longer a cluster member; the epoch goes up by one each time. Every write of the user's state
 * ({@link #replicate}) carries the writer's epoch and is refused unless it is the entry's current
 * holder and epoch, so a member that lost the user cannot write — and since the runtime only sends
 * after a successful write, cannot send.
 *
 * <p>Order of a handover: the old member removes the user from its local holdings ({@link
 * ClusterGuard#maySend} false from then on), calls {@link OwnershipListener#onRelease}, and only
 * then clears the lease; the new member's acquire succeeds only after that (or after the old member
 * has left the cluster), and then calls {@link OwnershipListener#onAcquire} with the replicated
 * state.
 *
 * <h2>Parts</h2>
 *
 * <ul>
 *   <li>{@link UserLeases}: the users held and their epochs; acquire, release, drop all.
 *   <li>{@link OwnershipThread}: the single thread that changes the holdings, and the order of the
 *       checks of one ownership pass.
 *   <li>{@link Replication}: writes and reads of the replicated snapshots, their outcomes, the
 *       re-issue of indeterminate writes.
 *   <li>{@link PauseDetector}: this process stood still or its clock stepped; the quarantine.
 *   <li>{@link QuorumWatch}: split-brain protection.
 *   <li>{@link LocalMember}: the id the leases name and whether this member may act now.
 *   <li>{@link ClusterEvents}: Hazelcast's membership, migration and lifecycle events.
 *   <li>{@link RiskLimitsNotices}: the push of a risk-limit change's number to every member.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * One ownership thread ({@code tradeplan-cluster-ownership}) is the single writer of the holdings:
 * it reconciles ownership on every membership, migration and partition-lost event and every {@value
 * OwnershipThread#RECONCILE_MILLIS} ms, and runs every {@link OwnershipListener} callback. A beat
 * thread ({@code tradeplan-cluster-beat}) watches for pauses. {@link #replicate}, {@link #stateOf},
 * {@link #addPlans} and {@link ClusterGuard#maySend} may be called from any thread; {@code
 * replicate} blocks for at most {@value Replication#WRITE_TIMEOUT_MILLIS} ms.
 */
public final class ClusterNode implements AutoCloseable {
  static final String USER_CONTEXT_KEY = "tradeplan.clusterNode";

  /** Where {@link #setCallTarget} keeps the object that {@link HolderCall}s run against. */
  static final String CALL_TARGET_KEY = "tradeplan.callTarget";

  /** Hazelcast's executor that carries {@link HolderCall}s to the member holding a user. */
  static final String HOLDER_EXECUTOR = "tradeplan.commands";

  /** How long {@link #stop} and {@link #terminate} wait for the users' release callbacks. */
  static final long CALLBACK_WAIT_MILLIS = 30_000;

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final HazelcastInstance hz;
  private final IMap<String, UserState> users;
  private final SymbolDemand demand;
  private final PauseDetector pauses;
  private final LocalMember member;
  private final QuorumWatch quorum;
  private final UserLeases leases;
  private final OwnershipThread ownershipThread;
  private final Placements placements;
  private final Replication replication;
  private final ClusterGuard guard;
  private final RuleSetDeployments rules;
  private final RiskLimitsNotices limitsNotices;

  private ClusterNode(
      ClusterConfig config, OwnershipListener ownership, MarketDataListener marketData) {
    this.demand = new SymbolDemand(marketData);
    var hzConfig = config.toHazelcastConfig();
    // The entry processors and holder calls that run on this member find it here.
    hzConfig.getUserContext().put(USER_CONTEXT_KEY, this);
    this.hz = Hazelcast.newHazelcastInstance(hzConfig);
    this.users = hz.getMap(ClusterConfig.USERS_MAP);
    LocalMember.refuseOlderMembers(hz);
    this.placements = new Placements(hz.getMap(ClusterConfig.PLACEMENTS_MAP), users);
    Member local = hz.getCluster().getLocalMember();
    String address = local.getAddress().getHost() + ":" + local.getAddress().getPort();
    this.pauses = new PauseDetector(config, address);
    this.member = new LocalMember(hz, address, pauses);
    this.quorum = new QuorumWatch(config, hz, address);
    this.leases = new UserLeases(users, hz.getPartitionService(), member, ownership, demand);
    this.ownershipThread = new OwnershipThread(member, pauses, quorum, leases);
    this.replication =
        new Replication(
            users, placements, member, leases, demand, ownershipThread::requestReconcile);
    this.guard = new ClusterGuard(this);
    this.rules = new RuleSetDeployments(hz);
    this.limitsNotices = new RiskLimitsNotices(hz);
  }

  static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, "tradeplan-cluster-" + name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Starts an embedded member, joins the configured cluster and begins acquiring the users whose
   * partitions it owns. Returns once the member has joined (Hazelcast's own join wait).
   */
  public static ClusterNode start(
      ClusterConfig config, OwnershipListener ownership, MarketDataListener marketData) {
    ClusterNode node = bind(config, ownership, marketData);
    ClusterEvents.listen(node.hz, node.users, node.member, node.ownershipThread, node.replication);
    node.pauses.start(node.ownershipThread::requestReconcile);
    node.ownershipThread.start();
    return node;
  }

  /** Bind attempts for a member whose port was picked free: another process may take it first. */
  static final int PICKED_PORT_ATTEMPTS = 5;

  /**
   * Creates the member. A port picked free ({@link ClusterConfig#portPicked}) can be taken by
   * another process before Hazelcast binds it; then another free port is tried, at most {@link
   * #PICKED_PORT_ATTEMPTS} times, after which the start fails. A configured port is never moved.
   */
  private static ClusterNode bind(
      ClusterConfig config, OwnershipListener ownership, MarketDataListener marketData) {
    ClusterConfig attempt = config;
    for (int i = 1; ; i++) {
      try {
        return new ClusterNode(attempt, ownership, marketData);
      } catch (RuntimeException e) {
        if (!attempt.portPicked() || i >= PICKED_PORT_ATTEMPTS || !portTaken(e)) {
          throw e;
        }
        LOG.warn(
            "Cluster port {} was taken before the member bound it; picking another",
            attempt.port());
        attempt = attempt.withFreshPort();
      }
    }
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || (t.getMessage() != null && t.getMessage().contains("is already in use"))) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ membership and partitions

  /** Whether the embedded member is still running (false after stop, terminate or a crash). */
  public boolean isRunning() {
    return member.isRunning();
  }

  /**
   * Whether this member owns the partition of {@code owner} now, i.e. should run the user (it may
   * not hold the user's lease yet: see {@link #epochOf}).
   */
  public boolean ownsPartitionOf(String owner) {
    if (!isRunning()) {
      return false;
    }
    Member m = hz.getPartitionService().getPartition(partitionKeyOf(owner)).getOwner();
    return m != null && m.localMember();
  }

  /**
   * Whether this member owns the partition of each of {@code owners}, as a test that reads the
   * placement directory once (one call for all of them) and then only the local partition table:
   * for a start that waits, in a loop, until its users run here. A user moved after this call is
   * judged by where it was.
   */
  public Predicate<String> partitionOwnership(Set<String> owners) {
    return placements.ownership(owners, hz.getPartitionService(), this::isRunning);
  }

  /**
   * What the partition of {@code owner} is decided by now: its account when it is placed in one,
   * else its name ({@link UserKeys}). The key this member holds it by, else the directory's.
   */
  private String partitionKeyOf(String owner) {
    String held = leases.keyOf(owner);
    return UserKeys.partitionKey(held != null ? held : placements.keyOf(owner));
  }

  /** Whether every partition has its backups in sync (migrations settled), cluster-wide. */
  public boolean isClusterSafe() {
    return isRunning() && hz.getPartitionService().isClusterSafe();
  }

  /** Whether this member's partitions have their backups in sync. */
  public boolean isLocalMemberSafe() {
    return isRunning() && hz.getPartitionService().isLocalMemberSafe();
  }

  /** The partition owner of the user now (who should run it), as host:port. */
  public String partitionOwnerOf(String owner) {
    Partition p = hz.getPartitionService().getPartition(partitionKeyOf(owner));
    Member m = p.getOwner();
    return m == null ? null : m.getAddress().getHost() + ":" + m.getAddress().getPort();
  }

  public String address() {
    return member.address();
  }

  /** The id this member's leases name now (Hazelcast gives a member a new one in a merge). */
  public UUID memberId() {
    return member.id();
  }

  public int clusterSize() {
    return isRunning() ? hz.getCluster().getMembers().size() : 0;
  }

  /** Split-brain protection: enough recently active members on this side. */
  public boolean hasQuorum() {
    return quorum.hasQuorum();
  }

  // ------------------------------------------------------------------ users held here

  /** The send decision for the runtime (see {@link ClusterGuard}). */
  public ClusterGuard guard() {
    return guard;
  }

  /** The epoch this member holds for {@code owner}, or null. */
  public Long epochOf(String owner) {
    return leases.epochOf(owner);
  }

  /** Every user this member holds, with its epoch. */
  public Map<String, Long> heldUsers() {
    return leases.heldUsers();
  }

  /** The symbols this member's users need now. */
  public Set<String> symbolsNeeded() {
    return demand.symbols();
  }

  /**
   * True while this member may act (see {@link LocalMember#active}): for {@link ClusterGuard} and
   * this module's tests.
   */
  boolean active() {
    return member.active();
  }

  /** From {@link UserProcessors.AddPlans} on a partition thread: hand over, never block there. */
  void plansAdded(String owner, String key, long epoch, List<PlanSnapshot> plans) {
    ownershipThread.execute(() -> leases.plansAdded(owner, key, epoch, plans));
  }

  /**
   * From {@link PlacementProcessors.Seal} on a partition thread: release on the ownership thread.
   */
  void userSealed(String owner, String key) {
    ownershipThread.execute(() -> leases.releaseSealed(owner, key));
    ownershipThread.requestReconcile();
  }

  /** From {@link PlacementProcessors.Reopen} on a partition thread: acquire it at the next pass. */
  void keyReopened(String key) {
    ownershipThread.execute(() -> leases.keyReopened(key));
    ownershipThread.requestReconcile();
  }

  // ------------------------------------------------------------------ placement in an account

  /**
   * What {@link #place} came to: {@code placed} when the user's entry is now the account's; else
   * {@code reason} says why it stays where it is.
   */
  public record Placement(boolean placed, String reason) {}

  /**
   * Places {@code owner} in {@code account} (null: none), so that it runs on the member owning the
   * account's partition with every other user of the account (docs/cluster.md, "Account affinity").
   * A user with unfinished plans elsewhere is not moved ({@code placed} false, with the reason):
   * those plans run where they are until they end. Any member; a few blocking map calls.
   *
   * @throws SplitBrainProtectionException when this side of the cluster is too small to trust
   */
  public Placement place(String owner, String account) {
    Placements.Placed p = placements.place(owner, account);
    if (p.moved()) {
      ownershipThread.requestReconcile();
    }
    return new Placement(p.moved(), p.refusal());
  }

  // ------------------------------------------------------------------ replicated state

  /**
   * Writes the changed snapshots of one user this member holds (all or nothing), on the partition
   * owner and its sync backups, refusing stale versions. Call on every status change, fill and
   * order intent — before the orders are sent — never per tick. Blocks the calling thread for at
   * most {@value Replication#WRITE_TIMEOUT_MILLIS} ms.
   */
  public ReplicationResult replicate(String owner, List<PlanSnapshot> snapshots) {
    return replicateAll(Map.of(owner, snapshots)).get(owner);
  }

  /**
   * As {@link #replicate} for several users at once (one step of a lane that woke several users):
   * every user's write is sent before any answer is awaited, so the batch takes about as long as
   * its slowest write, and each user gets its own result. Blocks for at most {@value
   * Replication#WRITE_TIMEOUT_MILLIS} ms in all.
   */
  public Map<String, ReplicationResult> replicateAll(Map<String, List<PlanSnapshot>> byOwner) {
    return replication.replicateAll(byOwner);
  }

  /**
   * Adds plans the cluster does not know yet (a new plan, or plans loaded from the store at start),
   * from any member. The holder of the user, if any, gets {@link OwnershipListener#onPlansAdded};
   * otherwise the plans are part of the state the next {@code onAcquire} carries.
   */
  public ReplicationResult addPlans(String owner, List<PlanSnapshot> snapshots) {
    return replication.addPlans(owner, snapshots);
  }

  /** Drops finished plans of a user this member holds (their history is in the store). */
  public ReplicationResult removePlans(String owner, List<String> planIds) {
    return replication.removePlans(owner, planIds);
  }

  /**
   * The replicated snapshots of a user, from any member (the UI, the API). Empty when the cluster
   * knows no plans of the user.
   *
   * @throws SplitBrainProtectionException when this side of the cluster is too small to trust
   */
  public List<PlanSnapshot> stateOf(String owner) {
    return replication.stateOf(owner);
  }

  /**
   * The replicated snapshots of several users in one call (a batch of rebuilds); a user the cluster
   * knows no plans of is absent.
   *
   * @throws SplitBrainProtectionException when this side of the cluster is too small to trust
   */
  public Map<String, List<PlanSnapshot>> statesOf(Set<String> owners) {
    return replication.statesOf(owners);
  }

  /**
   * The replicated entry of a user (lease and plans) as any member reads it, or null. Nothing in
   * production reads it; this module's tests check the lease with it.
   */
  public UserState entryOf(String owner) {
    return replication.entryOf(owner);
  }

  /** Indeterminate replications whose re-issue got a determinate answer, since the start. */
  long reissuedReplications() {
    return replication.reissuedReplications();
  }

  /** Replications handed to Hazelcast by {@link #replicateAll}, since the start. */
  long submittedReplications() {
    return replication.submittedReplications();
  }

  // ------------------------------------------------------------------ calls on a user's holder

  /**
   * Registers what {@link HolderCall}s sent to this member run against (the runtime's command
   * handler). Until it is set, calls are answered {@link HolderReply.Unavailable}.
   */
  public void setCallTarget(Object target) {
    hz.getUserContext().put(CALL_TARGET_KEY, target);
  }

  /**
   * Runs {@code call} on the member holding {@code call.owner()} (this one included) and waits at
   * most {@code timeout} for its answer. Never throws for an expected outcome: no holder, a
   * take-over in progress, a member that died or did not answer are {@link
   * HolderReply.Unavailable}.
   */
  public <C, T extends Serializable> HolderReply<T> callOnHolder(
      HolderCall<C, T> call, Duration timeout) {
    try {
      return hz.getExecutorService(HOLDER_EXECUTOR)
          .submitToKeyOwner(new HolderTask<>(call), partitionKeyOf(call.owner()))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new HolderReply.Unavailable<>("interrupted");
    } catch (Exception e) {
      return new HolderReply.Unavailable<>(
          "the member running user " + call.owner() + " did not answer: " + e);
    }
  }

  // ------------------------------------------------------------------ this module's tests

  /** For this module's tests: the embedded member. Nothing outside the module sees Hazelcast. */
  HazelcastInstance hazelcast() {
    return hz;
  }

  /** For this module's tests: they simulate a pause or a clock step through it. */
  PauseDetector pauses() {
    return pauses;
  }

  // ------------------------------------------------------------------ leaving

  /**
   * Leaves gracefully: stops sending for every user at once, runs every {@code onRelease}, clears
   * the leases, then lets Hazelcast migrate the partitions to the remaining members (which then
   * acquire the users). Blocks until done.
   */
  public void stop() {
    if (!member.isAccepting()) {
      return;
    }
    member.stopAccepting();
    Future<?> released = ownershipThread.submit(() -> leases.dropAll("stopping", isRunning()));
    try {
      released.get(CALLBACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.error("{}: releasing users before leaving failed", address(), e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    if (isRunning()) {
      hz.shutdown();
    }
    shutdownThreads();
  }

  /**
   * Kills the member without leaving gracefully, as a process crash would: the others see it vanish
   * and take its users over from the replicated state; here every session is stopped and no lease
   * is cleared. The runtime uses it when its start fails halfway; the tests of member loss use it
   * as the crash.
   */
  public void terminate() {
    member.stopAccepting();
    member.suspend();
    hz.getLifecycleService().terminate();
    Future<?> dropped = ownershipThread.submit(() -> leases.dropAll("terminated", false));
    try {
      dropped.get(CALLBACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    shutdownThreads();
  }

  // ------------------------------------------------------------------ rule-set deploys

  /** Sets what this member does when a rule-set version is proposed and switched to. */
  public void setRuleSetListener(RuleSetListener listener) {
    rules.setListener(listener);
  }

  /**
   * A deploy's outcome: whether the cluster switched to {@code number}, and each member's answer
   * (its address to "ready", the reason it is not, or "no answer").
   */
  public record RuleSetDeploy(boolean switched, int number, Map<String, String> answers) {}

  /**
   * Deploys rule-set version {@code number} cluster-wide: every member prepares it ({@link
   * RuleSetListener#prepare}), and only when every member is ready does the deployed version switch
   * (one replicated write, heard by every member through {@link RuleSetListener#deployed}). Blocks
   * up to {@code timeout}; a member that does not answer in time refuses the deploy.
   */
  public RuleSetDeploy deployRuleSet(int number, Duration timeout) {
    RuleSetDeployments.Outcome o = rules.deploy(number, timeout);
    return new RuleSetDeploy(o.switched(), o.number(), o.answers());
  }

  /**
   * Deploys version {@code canary.number()} to {@code canary.users()} only, through the same
   * barrier as {@link #deployRuleSet}; replaces a running canary; a later deploy ends it.
   */
  public RuleSetDeploy deployRuleSetCanary(RuleSetCanary canary, Duration timeout) {
    RuleSetDeployments.Outcome o = rules.deployCanary(canary, timeout);
    return new RuleSetDeploy(o.switched(), o.number(), o.answers());
  }

  /** Ends the running canary, if any: new plans of its users take the deployed version again. */
  public void endRuleSetCanary() {
    rules.endCanary();
  }

  /** The canary running cluster-wide, if any. */
  public java.util.Optional<RuleSetCanary> ruleSetCanary() {
    return rules.canary();
  }

  /** Sets the canary if the cluster has none (a cluster started from cold takes the store's). */
  public void seedRuleSetCanary(RuleSetCanary canary) {
    rules.seedCanary(canary);
  }

  /**
   * The version a plan of {@code owner} activated now is pinned to ({@code RuleSetDeployments}).
   */
  public java.util.OptionalInt ruleSetFor(String owner) {
    return rules.forOwner(owner);
  }

  /** The rule-set version deployed cluster-wide; empty before any deploy in this cluster. */
  public java.util.OptionalInt deployedRuleSet() {
    return rules.deployed();
  }

  /**
   * Sets the cluster's deployed version to {@code number} if it has none (a cluster started from
   * cold takes the store's); returns the cluster's deployed version.
   */
  public int seedDeployedRuleSet(int number) {
    return rules.seed(number);
  }

  // ------------------------------------------------------------------ risk-limit changes

  /** Sets what this member does when any member announces a risk-limit change. */
  public void setRiskLimitsListener(RiskLimitsListener listener) {
    limitsNotices.setListener(listener);
  }

  /**
   * Tells every member (this one too) that the store holds risk-limit changes numbered up to {@code
   * seq}; each reads them from the store at once ({@link RiskLimitsListener}) and acknowledges.
   * Waits at most {@code wait} for every member of the cluster to acknowledge; returns the
   * addresses of those that had not by then (empty: in force on every member). A member that missed
   * the notice reads the change at its next poll of the store.
   */
  public List<String> announceRiskLimits(long seq, Duration wait) {
    return limitsNotices.announce(seq, wait);
  }

  private void shutdownThreads() {
    limitsNotices.stop();
    rules.stop();
    pauses.stop();
    ownershipThread.shutdown(CALLBACK_WAIT_MILLIS);
  }

  @Override
  public void close() {
    stop();
  }
}
