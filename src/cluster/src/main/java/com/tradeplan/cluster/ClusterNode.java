package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.tradeplan.domain.state.PlanSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Hazelcast member and the users it runs.
 *
 * <h2>Ownership</h2>
 *
 * A user belongs to the Hazelcast partition of its user id; the member that owns that partition
 * should run the user. Running is guarded by a <b>lease</b> in the user's replicated entry ({@link
 * UserState}): a holder and an epoch. A member takes the lease ({@link UserProcessors.Acquire})
 * only when nobody holds it or the holder is no longer a cluster member; the epoch goes up by one
 * each time. Every write of the user's state ({@link #replicate}) carries the writer's epoch and is
 * refused unless it is the entry's current holder and epoch, so a member that lost the user cannot
 * write — and since the runtime only sends after a successful write, cannot send.
 *
 * <p>Order of a handover: the old member removes the user from its local holdings ({@link
 * ClusterGuard#maySend} false from then on), calls {@link OwnershipListener#onRelease}, and only
 * then clears the lease; the new member's acquire succeeds only after that (or after the old member
 * has left the cluster), and then calls {@link OwnershipListener#onAcquire} with the replicated
 * state.
 *
 * <h2>Threads</h2>
 *
 * One ownership thread ({@code tradeplan-cluster-ownership}) is the single writer of the holdings:
 * it reconciles ownership on every membership, migration and partition-lost event and every {@value
 * #RECONCILE_MILLIS} ms, and runs every {@link OwnershipListener} callback. {@link #replicate},
 * {@link #stateOf}, {@link #addPlans} and {@link ClusterGuard#maySend} may be called from any
 * thread; {@code replicate} blocks for at most {@value #WRITE_TIMEOUT_MILLIS} ms.
 */
public final class ClusterNode implements AutoCloseable {
  static final String USER_CONTEXT_KEY = "tradeplan.clusterNode";

  /** Where {@link #setCallTarget} keeps the object that {@link HolderCall}s run against. */
  static final String CALL_TARGET_KEY = "tradeplan.callTarget";

  /** Hazelcast's executor that carries {@link HolderCall}s to the member holding a user. */
  static final String HOLDER_EXECUTOR = "tradeplan.commands";

  static final long RECONCILE_MILLIS = 250;
  static final long WRITE_TIMEOUT_MILLIS = 5_000;
  static final long CALLBACK_WAIT_MILLIS = 30_000;

  /** An acquire refused for this long (the holder is alive and does not release) is an alert. */
  static final long STUCK_HANDOVER_MILLIS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterConfig config;
  private final OwnershipListener ownership;
  private final SymbolDemand demand;
  private final ScheduledExecutorService worker;

  /** owner -> epoch this member holds. Written only on the ownership thread. */
  private final ConcurrentHashMap<String, Long> held = new ConcurrentHashMap<>();

  /** owner -> since when an acquire is refused (alerting only). Ownership thread only. */
  private final Map<String, Long> refusedSinceMillis = new HashMap<>();

  private final AtomicBoolean reconcileQueued = new AtomicBoolean();
  private final HazelcastInstance hz;
  private final IMap<String, UserState> users;

  private final String myAddress;
  private final PauseDetector pauses;
  private final LocalMember member;
  private final QuorumWatch quorum;
  private final ClusterGuard guard;

  /** Members removed from the cluster so far, and when the last one was (System.nanoTime). */
  private final AtomicLong membersRemoved = new AtomicLong();

  private volatile long lastRemovalNanos;

  /** Indeterminate replications whose re-issue got a determinate answer (for tests, metrics). */
  private final AtomicLong reissued = new AtomicLong();

  /**
   * A replication still unanswered this long after a member left, that was sent before it left, is
   * reported INDETERMINATE at once instead of after the backup timeout: its backup (or its
   * partition) may have been on that member, and an ack that never comes would hold the lane for
   * the backup timeout plus Hazelcast's 1 s scan. Fail closed: the caller does not send and the
   * user is rebuilt. Long enough for the writes the loss did not touch, and for promotions.
   */
  static final long MEMBER_LEFT_GRACE_MILLIS = 250;

  private static final long NOT_WATCHED = -1;

  private ClusterNode(
      ClusterConfig config, OwnershipListener ownership, MarketDataListener marketData) {
    this.config = config;
    this.ownership = ownership;
    this.demand = new SymbolDemand(marketData);
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "ownership"));
    var hzConfig = config.toHazelcastConfig();
    hzConfig.getUserContext().put(USER_CONTEXT_KEY, this);
    this.hz = Hazelcast.newHazelcastInstance(hzConfig);
    this.users = hz.getMap(ClusterConfig.USERS_MAP);
    Member local = hz.getCluster().getLocalMember();
    this.myAddress = local.getAddress().getHost() + ":" + local.getAddress().getPort();
    this.pauses = new PauseDetector(config, myAddress);
    this.member = new LocalMember(hz, myAddress, pauses);
    this.quorum = new QuorumWatch(config, hz, myAddress);
    this.guard = new ClusterGuard(this);
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
    ClusterNode node = new ClusterNode(config, ownership, marketData);
    node.listen();
    return node;
  }

  private void listen() {
    hz.getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent e) {
                LOG.info("{}: member joined {}", myAddress, e.getMember().getAddress());
                requestReconcile();
              }

              @Override
              public void memberRemoved(MembershipEvent e) {
                LOG.warn("{}: member left {}", myAddress, e.getMember().getAddress());
                lastRemovalNanos = System.nanoTime();
                membersRemoved.incrementAndGet();
                requestReconcile();
              }
            });
    hz.getPartitionService()
        .addMigrationListener(
            new MigrationListener() {
              @Override
              public void migrationStarted(MigrationState state) {}

              @Override
              public void migrationFinished(MigrationState state) {
                requestReconcile();
              }

              @Override
              public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
                if (event.getReplicaIndex() == 0) {
                  requestReconcile();
                }
              }

              @Override
              public void replicaMigrationFailed(ReplicaMigrationEvent event) {
                requestReconcile();
              }
            });
    users.addPartitionLostListener(
        e -> {
          // Every replica of this partition's user entries died (more members than the backup
          // count at once): those users have no replicated state. The runtime must reload them
          // from the store (addPlans) before anyone trades them.
          LOG.error(
              "ALERT {}: replicated user state of partition {} lost; reload its users from the"
                  + " store",
              myAddress,
              e.getPartitionId());
          requestReconcile();
        });
    hz.getLifecycleService()
        .addLifecycleListener(
            e -> {
              LifecycleEvent.LifecycleState s = e.getState();
              if (s == LifecycleEvent.LifecycleState.SHUTTING_DOWN
                  || s == LifecycleEvent.LifecycleState.MERGING) {
                // Stop sending at once; the ownership thread releases the sessions.
                member.suspend();
                requestReconcile();
              } else if (s == LifecycleEvent.LifecycleState.MERGED
                  || s == LifecycleEvent.LifecycleState.MERGE_FAILED) {
                member.resume();
                requestReconcile();
              }
              LOG.info("{}: lifecycle {}", myAddress, s);
            });
    pauses.start(this::requestReconcile);
    worker.scheduleWithFixedDelay(
        this::requestReconcile, 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
  }

  void requestReconcile() {
    if (reconcileQueued.compareAndSet(false, true)) {
      try {
        worker.execute(this::reconcile);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        reconcileQueued.set(false);
      }
    }
  }

  // ------------------------------------------------------------------ ownership thread

  private void reconcile() {
    reconcileQueued.set(false);
    try {
      if (!member.isRunning() || member.isSuspended() || !member.isAccepting()) {
        dropAll(
            "member " + (member.isAccepting() ? "suspended" : "stopping"),
            !member.isAccepting() && !member.isSuspended() && member.isRunning());
        return;
      }
      pauses.handlePause(() -> dropAll("this process was paused", false));
      UUID current = member.currentId();
      if (current == null) {
        dropAll("no local member", false);
        return;
      }
      UUID me = member.id();
      if (!current.equals(me)) {
        // Merged into another cluster after a split: Hazelcast gave this member a new id. The
        // leases taken under the old id name a member the others no longer know, so they may
        // take those users over at any moment: stop them all, then act under the new id.
        dropAll("this member's id changed from " + me + " to " + current + " (merged)", false);
        LOG.warn("{}: member id changed from {} to {} after a merge", myAddress, me, current);
        member.followId(current);
      }
      if (pauses.inQuarantine()) {
        return;
      }
      if (!quorum.confirm(held.size())) {
        dropAll("no quorum", false);
        return;
      }
      releaseMoved();
      acquireOwned();
    } catch (RuntimeException e) {
      LOG.error("{}: ownership reconcile failed; retrying", myAddress, e);
    }
  }

  /** Whether the embedded member is still running (false after stop, terminate or a crash). */
  public boolean isRunning() {
    return hz.getLifecycleService().isRunning();
  }

  /**
   * Whether this member owns the partition of {@code owner} now, i.e. should run the user (it may
   * not hold the user's lease yet: see {@link #epochOf}).
   */
  public boolean ownsPartitionOf(String owner) {
    if (!isRunning()) {
      return false;
    }
    Member m = hz.getPartitionService().getPartition(owner).getOwner();
    return m != null && m.localMember();
  }

  /** Whether every partition has its backups in sync (migrations settled), cluster-wide. */
  public boolean isClusterSafe() {
    return isRunning() && hz.getPartitionService().isClusterSafe();
  }

  /** Whether this member's partitions have their backups in sync. */
  public boolean isLocalMemberSafe() {
    return isRunning() && hz.getPartitionService().isLocalMemberSafe();
  }

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
  public <C, T extends java.io.Serializable> HolderReply<T> callOnHolder(
      HolderCall<C, T> call, java.time.Duration timeout) {
    try {
      return hz.getExecutorService(HOLDER_EXECUTOR)
          .submitToKeyOwner(new HolderTask<>(call), call.owner())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new HolderReply.Unavailable<>("interrupted");
    } catch (Exception e) {
      return new HolderReply.Unavailable<>(
          "the member running user " + call.owner() + " did not answer: " + e);
    }
  }

  /** Users whose partition is no longer ours: stop, then hand the lease back. */
  private void releaseMoved() {
    for (String owner : List.copyOf(held.keySet())) {
      Member partitionOwner = hz.getPartitionService().getPartition(owner).getOwner();
      if (partitionOwner == null || !partitionOwner.localMember()) {
        release(owner, "partition moved to " + (partitionOwner == null ? "?" : partitionOwner));
      }
    }
  }

  private void release(String owner, String why) {
    Long epoch = held.remove(owner);
    if (epoch == null) {
      return;
    }
    LOG.info("{}: releasing {} (epoch {}): {}", myAddress, owner, epoch, why);
    stopSession(owner);
    clearLease(owner, epoch);
  }

  /** Hands the lease back in the entry (only if this member still holds that epoch). */
  private void clearLease(String owner, long epoch) {
    try {
      users
          .submitToKey(owner, new UserProcessors.Release(member.id(), epoch))
          .toCompletableFuture()
          .get(WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // The lease stays with us in the entry; the next owner sees a member that left (after our
      // shutdown) or we retry through acquire/release on the next pass. Never unsafe: we already
      // stopped.
      LOG.warn("{}: could not clear the lease of {}: {}", myAddress, owner, e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops every session locally without touching the replicated entries (they may be unreachable).
   */
  private void dropAll(String why, boolean clearLeases) {
    if (held.isEmpty()) {
      return;
    }
    // Every user leaves the holdings before the first callback runs: a callback can take long
    // (the runtime joins the user's lane), and a user still in `held` meanwhile could send.
    Map<String, Long> dropped = new TreeMap<>(held);
    held.keySet().removeAll(dropped.keySet());
    LOG.warn("{}: stopping all {} users: {}", myAddress, dropped.size(), why);
    for (Map.Entry<String, Long> e : dropped.entrySet()) {
      stopSession(e.getKey());
      if (clearLeases) {
        clearLease(e.getKey(), e.getValue());
      }
    }
  }

  private void stopSession(String owner) {
    try {
      ownership.onRelease(owner);
    } catch (RuntimeException e) {
      LOG.error("{}: onRelease({}) failed; its sends are refused anyway", myAddress, owner, e);
    }
    demand.removeUser(owner);
  }

  private void acquireOwned() {
    UUID id = member.id();
    Set<String> candidates = new HashSet<>(users.localKeySet());
    candidates.removeAll(held.keySet());
    if (candidates.isEmpty()) {
      refusedSinceMillis.clear();
      return;
    }
    Set<UUID> live = new HashSet<>();
    for (Member m : hz.getCluster().getMembers()) {
      live.add(m.getUuid());
    }
    Map<String, UserState> acquired;
    try {
      acquired = users.executeOnKeys(candidates, new UserProcessors.Acquire(id, myAddress, live));
    } catch (RuntimeException e) {
      // Some entries may now name us at a new epoch without us knowing it: the next pass
      // acquires them again (a holder may always re-acquire), so nothing is stuck.
      LOG.warn("{}: acquiring {} users failed: {}", myAddress, candidates.size(), e.toString());
      return;
    }
    long now = System.currentTimeMillis();
    if (!member.active() || !id.equals(member.currentId())) {
      // Paused, merging or stopping meanwhile: the entries may name us at a new epoch; the next
      // pass re-acquires them (a holder may) or they go with this member's old id.
      return;
    }
    List<OwnershipListener.Acquired> batch = new ArrayList<>();
    for (String owner : new TreeMap<>(acquired).keySet()) {
      UserState u = acquired.get(owner);
      if (u == null) {
        continue;
      }
      refusedSinceMillis.remove(owner);
      List<PlanSnapshot> state = u.planList();
      held.put(owner, u.epoch());
      demand.update(owner, state);
      batch.add(new OwnershipListener.Acquired(owner, u.epoch(), state));
    }
    // One call for the whole pass: after a member's death that is all of its users here, and the
    // runtime reads the store once for them instead of once per user.
    Set<String> failed;
    try {
      failed = ownership.onAcquireAll(batch);
    } catch (RuntimeException e) {
      LOG.error("{}: taking over {} users failed; giving them back", myAddress, batch.size(), e);
      failed = new HashSet<>();
      for (OwnershipListener.Acquired a : batch) {
        failed.add(a.owner());
      }
    }
    for (String owner : failed) {
      release(owner, "onAcquire failed");
    }
    for (String owner : candidates) {
      if (acquired.get(owner) == null) {
        long since = refusedSinceMillis.computeIfAbsent(owner, o -> now);
        if (now - since > STUCK_HANDOVER_MILLIS) {
          LOG.error(
              "ALERT {}: user {} is still held by another live member after {} ms",
              myAddress,
              owner,
              now - since);
          refusedSinceMillis.put(owner, now);
        }
      }
    }
  }

  /** From {@link UserProcessors.AddPlans} on a partition thread: hand over, never block there. */
  void plansAdded(String owner, long epoch, List<PlanSnapshot> plans) {
    worker.execute(
        () -> {
          Long e = held.get(owner);
          if (e != null && e == epoch) {
            demand.update(owner, plans);
            try {
              ownership.onPlansAdded(owner, plans);
            } catch (RuntimeException ex) {
              LOG.error("{}: onPlansAdded({}) failed", myAddress, owner, ex);
            }
          }
        });
  }

  // ------------------------------------------------------------------ any thread

  /** The send decision for the runtime (see {@link ClusterGuard}). */
  public ClusterGuard guard() {
    return guard;
  }

  /** The epoch this member holds for {@code owner}, or null. */
  public Long epochOf(String owner) {
    return held.get(owner);
  }

  /** Every user this member holds, with its epoch. */
  public Map<String, Long> heldUsers() {
    return Map.copyOf(held);
  }

  /**
   * True while this member may act (see {@link LocalMember#active}). Package-private for {@link
   * ClusterGuard} and this module's tests.
   */
  boolean active() {
    return member.active();
  }

  /** Pause detection, for this module's tests (they simulate a pause or a clock step). */
  PauseDetector pauses() {
    return pauses;
  }

  /** Split-brain protection: enough recently active members on this side. */
  public boolean hasQuorum() {
    return quorum.hasQuorum();
  }

  /**
   * Writes the changed snapshots of one user this member holds (all or nothing), on the partition
   * owner and its sync backups, refusing stale versions. Call on every status change, fill and
   * order intent — before the orders are sent — never per tick. Blocks the calling thread for at
   * most {@value #WRITE_TIMEOUT_MILLIS} ms.
   */
  public ReplicationResult replicate(String owner, List<PlanSnapshot> snapshots) {
    return replicateAll(Map.of(owner, snapshots)).get(owner);
  }

  /**
   * As {@link #replicate} for several users at once (one step of a lane that woke several users):
   * every user's write is sent before any answer is awaited, so the batch takes about as long as
   * its slowest write, and each user gets its own result. Blocks for at most {@value
   * #WRITE_TIMEOUT_MILLIS} ms in all.
   */
  public Map<String, ReplicationResult> replicateAll(Map<String, List<PlanSnapshot>> byOwner) {
    Map<String, ReplicationResult> results = new HashMap<>();
    Map<String, Future<String>> pending = new java.util.LinkedHashMap<>();
    long removalsBefore = membersRemoved.get();
    for (Map.Entry<String, List<PlanSnapshot>> e : byOwner.entrySet()) {
      String owner = e.getKey();
      Long epoch = held.get(owner);
      if (epoch == null) {
        results.put(
            owner,
            ReplicationResult.of(
                ReplicationResult.Outcome.NOT_HOLDER, myAddress + " does not hold " + owner));
      } else if (!member.active()) {
        // Paused (about to drop every user), quarantined, merging or stopping: write nothing.
        results.put(
            owner,
            ReplicationResult.of(
                ReplicationResult.Outcome.NOT_HOLDER,
                myAddress + " is not active (paused, quarantined, merging or stopping)"));
      } else if (e.getValue().isEmpty()) {
        results.put(owner, ReplicationResult.replicated());
      } else {
        try {
          pending.put(
              owner,
              users
                  .submitToKey(
                      owner, new UserProcessors.Replicate(member.id(), epoch, e.getValue()))
                  .toCompletableFuture());
        } catch (RuntimeException ex) {
          results.put(owner, classify(owner, "replicate", ex));
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_TIMEOUT_MILLIS);
    Map<String, ReplicationResult> indeterminate = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Future<String>> e : pending.entrySet()) {
      String owner = e.getKey();
      ReplicationResult r = await(owner, "replicate", e.getValue(), deadline, removalsBefore);
      if (r.outcome() == ReplicationResult.Outcome.INDETERMINATE) {
        indeterminate.put(owner, r);
      } else {
        results.put(owner, r);
      }
    }
    results.putAll(reissue(indeterminate, byOwner, deadline));
    byOwner.forEach(
        (owner, snapshots) -> {
          if (results.get(owner).ok() && !snapshots.isEmpty()) {
            demand.update(owner, snapshots);
          }
        });
    return results;
  }

  /**
   * How long a re-issued replication (see {@link #reissue}) may take before it, too, is
   * INDETERMINATE: short, because the lane that asked waits, and the fallback (hold, rebuild) is
   * safe.
   */
  static final long REISSUE_WAIT_MILLIS = 1_000;

  /**
   * Re-issues, once, the replications whose outcome was INDETERMINATE (unanswered after a member
   * left, or Hazelcast's indeterminate state), and returns their final outcomes. Safe because a
   * {@link UserProcessors.Replicate} is idempotent and ordered by version: snapshots equal to the
   * stored ones change nothing, older ones are refused (STALE), and it applies only under this
   * member's epoch (FENCED otherwise). So whether the first attempt landed, is lost, or is still
   * retried by Hazelcast and lands later, the map ends holding the same state, and an answer to the
   * re-issue is a determinate one: REPLICATED means the state is on the partition's owner now. This
   * is about the replicated state only: the orders these snapshots hold were not sent (the send
   * waits for this answer), so nothing is re-sent. A re-issue that is still unanswered after
   * {@value #REISSUE_WAIT_MILLIS} ms, or after another member left, stays INDETERMINATE (fail
   * closed: the caller holds the send and the user is rebuilt).
   */
  private Map<String, ReplicationResult> reissue(
      Map<String, ReplicationResult> indeterminate,
      Map<String, List<PlanSnapshot>> byOwner,
      long deadline) {
    Map<String, ReplicationResult> out = new HashMap<>(indeterminate);
    if (indeterminate.isEmpty()) {
      return out;
    }
    long removalsBefore = membersRemoved.get();
    Map<String, Future<String>> again = new java.util.LinkedHashMap<>();
    for (String owner : indeterminate.keySet()) {
      Long epoch = held.get(owner);
      if (epoch == null || !member.active()) {
        continue; // released meanwhile: stays INDETERMINATE
      }
      try {
        again.put(
            owner,
            users
                .submitToKey(
                    owner, new UserProcessors.Replicate(member.id(), epoch, byOwner.get(owner)))
                .toCompletableFuture());
      } catch (RuntimeException ex) {
        LOG.warn("{}: replicate of {} not re-issued: {}", myAddress, owner, ex.toString());
      }
    }
    long until =
        Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REISSUE_WAIT_MILLIS));
    for (Map.Entry<String, Future<String>> e : again.entrySet()) {
      String owner = e.getKey();
      ReplicationResult r =
          await(owner, "re-issued replicate", e.getValue(), until, removalsBefore);
      if (r.outcome() != ReplicationResult.Outcome.INDETERMINATE) {
        reissued.incrementAndGet();
        out.put(owner, r);
      }
    }
    if (!again.isEmpty()) {
      LOG.info(
          "{}: {} indeterminate replications re-issued, {} answered",
          myAddress,
          again.size(),
          again.keySet().stream()
              .filter(o -> out.get(o).outcome() != ReplicationResult.Outcome.INDETERMINATE)
              .count());
    }
    return out;
  }

  /**
   * Adds plans the cluster does not know yet (a new plan, or plans loaded from the store at start),
   * from any member. The holder of the user, if any, gets {@link OwnershipListener#onPlansAdded};
   * otherwise the plans are part of the state the next {@code onAcquire} carries.
   */
  public ReplicationResult addPlans(String owner, List<PlanSnapshot> snapshots) {
    ReplicationResult r = write(owner, new UserProcessors.AddPlans(snapshots), "add plans");
    if (r.ok()) {
      // A user nobody held yet (its first plan): acquire it now rather than at the next periodic
      // pass, so that a new plan is monitored within milliseconds on this member.
      requestReconcile();
    }
    return r;
  }

  /** Drops finished plans of a user this member holds (their history is in the store). */
  public ReplicationResult removePlans(String owner, List<String> planIds) {
    Long epoch = held.get(owner);
    if (epoch == null) {
      return ReplicationResult.of(
          ReplicationResult.Outcome.NOT_HOLDER, myAddress + " does not hold " + owner);
    }
    return write(
        owner, new UserProcessors.RemovePlans(member.id(), epoch, planIds), "remove plans");
  }

  private ReplicationResult write(
      String owner, com.hazelcast.map.EntryProcessor<String, UserState, String> p, String what) {
    Future<String> f;
    try {
      f = users.submitToKey(owner, p).toCompletableFuture();
    } catch (RuntimeException e) {
      return classify(owner, what, e);
    }
    return await(
        owner,
        what,
        f,
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_TIMEOUT_MILLIS),
        NOT_WATCHED);
  }

  /**
   * The outcome of a submitted write, waiting for it until {@code deadlineNanos}; when {@code
   * removalsBefore} is the count of removed members at submission (not {@link #NOT_WATCHED}), a
   * write still unanswered {@value #MEMBER_LEFT_GRACE_MILLIS} ms after a later removal is
   * INDETERMINATE.
   */
  private ReplicationResult await(
      String owner, String what, Future<String> f, long deadlineNanos, long removalsBefore) {
    try {
      String code;
      while (true) {
        if (!f.isDone() && memberLeftWhileWaiting(removalsBefore)) {
          LOG.warn(
              "{}: {} of {} unanswered after a member left; possibly written",
              myAddress,
              what,
              owner);
          return ReplicationResult.of(
              ReplicationResult.Outcome.INDETERMINATE,
              what
                  + " of "
                  + owner
                  + " unanswered "
                  + MEMBER_LEFT_GRACE_MILLIS
                  + " ms after a member left (its backup may have been there)");
        }
        long left = deadlineNanos - System.nanoTime();
        long slice =
            removalsBefore == NOT_WATCHED
                ? left
                : Math.min(left, TimeUnit.MILLISECONDS.toNanos(50));
        try {
          code = f.get(Math.max(0, slice), TimeUnit.NANOSECONDS);
          break;
        } catch (TimeoutException e) {
          if (System.nanoTime() - deadlineNanos >= 0) {
            throw e;
          }
        }
      }
      if (code.startsWith(UserProcessors.REPLICATED)) {
        return ReplicationResult.replicated();
      }
      if (code.startsWith(UserProcessors.FENCED)) {
        return ReplicationResult.of(ReplicationResult.Outcome.FENCED, code);
      }
      if (code.startsWith(UserProcessors.STALE)) {
        return ReplicationResult.of(ReplicationResult.Outcome.STALE_VERSION, code);
      }
      return ReplicationResult.of(ReplicationResult.Outcome.FAILED, code);
    } catch (TimeoutException e) {
      // The operation may still run on the owner: possibly written.
      LOG.warn("{}: {} of {} unanswered by its deadline", myAddress, what, owner);
      return ReplicationResult.of(
          ReplicationResult.Outcome.INDETERMINATE,
          what + " of " + owner + " unanswered by its deadline");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ReplicationResult.of(
          ReplicationResult.Outcome.INDETERMINATE, what + " of " + owner + " interrupted");
    } catch (ExecutionException e) {
      return classify(owner, what, e.getCause() == null ? e : e.getCause());
    }
  }

  /** A member left after the write was sent, at least the grace ago (see the constant). */
  private boolean memberLeftWhileWaiting(long removalsBefore) {
    return removalsBefore != NOT_WATCHED
        && membersRemoved.get() != removalsBefore
        && System.nanoTime() - lastRemovalNanos
            >= TimeUnit.MILLISECONDS.toNanos(MEMBER_LEFT_GRACE_MILLIS);
  }

  private ReplicationResult classify(String owner, String what, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IndeterminateOperationStateException) {
        LOG.warn("{}: {} of {} is indeterminate: {}", myAddress, what, owner, t.toString());
        return ReplicationResult.of(ReplicationResult.Outcome.INDETERMINATE, t.toString());
      }
      if (t instanceof SplitBrainProtectionException) {
        return ReplicationResult.of(ReplicationResult.Outcome.NO_QUORUM, t.getMessage());
      }
    }
    LOG.warn("{}: {} of {} failed: {}", myAddress, what, owner, e.toString());
    return ReplicationResult.of(ReplicationResult.Outcome.FAILED, e.toString());
  }

  /**
   * The replicated snapshots of a user, from any member (the UI, the API). Empty when the cluster
   * knows no plans of the user.
   *
   * @throws SplitBrainProtectionException when this side of the cluster is too small to trust
   */
  public List<PlanSnapshot> stateOf(String owner) {
    UserState u = users.get(owner);
    return u == null ? List.of() : u.planList();
  }

  /**
   * The replicated snapshots of several users in one call (a batch of rebuilds); a user the cluster
   * knows no plans of is absent.
   *
   * @throws SplitBrainProtectionException when this side of the cluster is too small to trust
   */
  public Map<String, List<PlanSnapshot>> statesOf(Set<String> owners) {
    Map<String, List<PlanSnapshot>> out = new TreeMap<>();
    users.getAll(owners).forEach((owner, u) -> out.put(owner, u.planList()));
    return out;
  }

  /** The replicated entry of a user (lease and plans), for operators and tests. */
  public UserState entryOf(String owner) {
    return users.get(owner);
  }

  /** The symbols this member's users need now. */
  public Set<String> symbolsNeeded() {
    return demand.symbols();
  }

  /** The partition owner of the user now (who should run it), as host:port. */
  public String partitionOwnerOf(String owner) {
    Partition p = hz.getPartitionService().getPartition(owner);
    Member m = p.getOwner();
    return m == null ? null : m.getAddress().getHost() + ":" + m.getAddress().getPort();
  }

  public String address() {
    return myAddress;
  }

  public UUID memberId() {
    return member.id();
  }

  public int clusterSize() {
    return isRunning() ? hz.getCluster().getMembers().size() : 0;
  }

  /** Indeterminate replications whose re-issue got a determinate answer, since the start. */
  long reissuedReplications() {
    return reissued.get();
  }

  /** For this module's tests: the embedded member. Nothing outside the module sees Hazelcast. */
  HazelcastInstance hazelcast() {
    return hz;
  }

  /** Users this member's partitions hold entries for (ownership snapshot for tests). */
  List<String> localUsers() {
    return new ArrayList<>(users.localKeySet());
  }

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
    Future<?> released = worker.submit(() -> dropAll("stopping", isRunning()));
    try {
      released.get(CALLBACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.error("{}: releasing users before leaving failed", myAddress, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    if (isRunning()) {
      hz.shutdown();
    }
    shutdownThreads();
  }

  /** Kills the member without leaving gracefully (tests of member loss, like a process crash). */
  public void terminate() {
    member.stopAccepting();
    member.suspend();
    hz.getLifecycleService().terminate();
    Future<?> dropped = worker.submit(() -> dropAll("terminated", false));
    try {
      dropped.get(CALLBACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    shutdownThreads();
  }

  private void shutdownThreads() {
    pauses.stop();
    worker.shutdown();
    try {
      worker.awaitTermination(CALLBACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
