package com.tradeplan.cluster;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.tradeplan.domain.state.PlanSnapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads the users' replicated plan snapshots, and turns every answer of Hazelcast into a
 * {@link ReplicationResult}: the runtime sends a step's orders only after its snapshots are
 * REPLICATED, so this class decides what "written" means, including when it cannot know (a member
 * that held the backup died while the write waited: INDETERMINATE, re-issued once, see {@link
 * #reissue}).
 *
 * <p>Writes carry this member's epoch of the user ({@link UserLeases}) and are refused by the entry
 * processors unless it is still the entry's holder and epoch, so a member that lost the user cannot
 * write. Nothing is written while this member is not {@link LocalMember#active}.
 *
 * <p>Threads: any (the runtime's lane threads write, the UI and API read); a write blocks the
 * caller for at most {@value #WRITE_TIMEOUT_MILLIS} ms. Expected outcomes (fenced, stale, no
 * quorum, indeterminate, failed) are result values, never exceptions; the reads throw {@link
 * SplitBrainProtectionException} on the minority side of a split. {@link #memberRemoved} runs on a
 * Hazelcast event thread.
 */
final class Replication {
  static final long WRITE_TIMEOUT_MILLIS = 5_000;

  /**
   * A replication still unanswered this long after a member left, that was sent before it left, is
   * reported INDETERMINATE at once instead of after the backup timeout: its backup (or its
   * partition) may have been on that member, and an ack that never comes would hold the lane for
   * the backup timeout plus Hazelcast's 1 s scan. Fail closed: the caller does not send and the
   * user is rebuilt. Long enough for the writes the loss did not touch, and for promotions.
   */
  static final long MEMBER_LEFT_GRACE_MILLIS = 250;

  /**
   * How long a re-issued replication (see {@link #reissue}) may take before it, too, is
   * INDETERMINATE: short, because the lane that asked waits, and the fallback (hold, rebuild) is
   * safe.
   */
  static final long REISSUE_WAIT_MILLIS = 1_000;

  private static final long NOT_WATCHED = -1;
  private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

  private final IMap<String, UserState> users;
  private final Placements placements;
  private final LocalMember member;
  private final UserLeases leases;
  private final SymbolDemand demand;

  /** Asks the ownership thread for a pass (a user's first plan: acquire it now). */
  private final Runnable requestReconcile;

  /** Members removed from the cluster so far, and when the last one was (System.nanoTime). */
  private final AtomicLong membersRemoved = new AtomicLong();

  private volatile long lastRemovalNanos;

  /** Indeterminate replications whose re-issue got a determinate answer, since the start. */
  private final AtomicLong reissued = new AtomicLong();

  /** Replications handed to Hazelcast by {@link #replicateAll}, since the start. */
  private final AtomicLong submitted = new AtomicLong();

  Replication(
      IMap<String, UserState> users,
      Placements placements,
      LocalMember member,
      UserLeases leases,
      SymbolDemand demand,
      Runnable requestReconcile) {
    this.users = users;
    this.placements = placements;
    this.member = member;
    this.leases = leases;
    this.demand = demand;
    this.requestReconcile = requestReconcile;
  }

  /** A member left the cluster: writes sent before now may wait for an ack that never comes. */
  void memberRemoved() {
    lastRemovalNanos = System.nanoTime();
    membersRemoved.incrementAndGet();
  }

  long reissuedReplications() {
    return reissued.get();
  }

  long submittedReplications() {
    return submitted.get();
  }

  /** See {@link ClusterNode#replicateAll}. */
  Map<String, ReplicationResult> replicateAll(Map<String, List<PlanSnapshot>> byOwner) {
    Map<String, ReplicationResult> results = new HashMap<>();
    Map<String, Future<String>> pending = new LinkedHashMap<>();
    long removalsBefore = membersRemoved.get();
    for (Map.Entry<String, List<PlanSnapshot>> e : byOwner.entrySet()) {
      String owner = e.getKey();
      ReplicationResult refused = submit(owner, e.getValue(), pending);
      if (refused != null) {
        results.put(owner, refused);
      }
    }
    submitted.addAndGet(pending.size());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_TIMEOUT_MILLIS);
    Map<String, ReplicationResult> indeterminate = new LinkedHashMap<>();
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
   * Sends one user's write into {@code pending}, or returns its result at once when there is
   * nothing to send (not held, not active, no snapshots) or the send itself failed.
   */
  private ReplicationResult submit(
      String owner, List<PlanSnapshot> snapshots, Map<String, Future<String>> pending) {
    Long epoch = leases.epochOf(owner);
    String key = leases.keyOf(owner);
    if (epoch == null || key == null) {
      return ReplicationResult.of(
          ReplicationResult.Outcome.NOT_HOLDER, member.address() + " does not hold " + owner);
    }
    if (!member.active()) {
      // Paused (about to drop every user), quarantined, merging or stopping: write nothing.
      return ReplicationResult.of(
          ReplicationResult.Outcome.NOT_HOLDER,
          member.address() + " is not active (paused, quarantined, merging or stopping)");
    }
    if (snapshots.isEmpty()) {
      return ReplicationResult.replicated();
    }
    try {
      pending.put(
          owner,
          users
              .submitToKey(key, new UserProcessors.Replicate(member.id(), epoch, snapshots))
              .toCompletableFuture());
      return null;
    } catch (RuntimeException ex) {
      return classify(owner, "replicate", ex);
    }
  }

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
    Map<String, Future<String>> again = new LinkedHashMap<>();
    for (String owner : indeterminate.keySet()) {
      Long epoch = leases.epochOf(owner);
      String key = leases.keyOf(owner);
      if (epoch == null || key == null || !member.active()) {
        continue; // released meanwhile: stays INDETERMINATE
      }
      try {
        again.put(
            owner,
            users
                .submitToKey(
                    key, new UserProcessors.Replicate(member.id(), epoch, byOwner.get(owner)))
                .toCompletableFuture());
      } catch (RuntimeException ex) {
        LOG.warn("{}: replicate of {} not re-issued: {}", member.address(), owner, ex.toString());
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
          member.address(),
          again.size(),
          again.keySet().stream()
              .filter(o -> out.get(o).outcome() != ReplicationResult.Outcome.INDETERMINATE)
              .count());
    }
    return out;
  }

  /**
   * See {@link ClusterNode#addPlans}. The plans go to the user's entry: placed first in the account
   * of the plans (a move when the user has no unfinished plans elsewhere). When it cannot move, or
   * the entry was sealed by a move that raced with this add, the plans still go to the user's one
   * open entry (a plan is never left unwatched) and an alert says that the account's figures on the
   * members running its other users do not count them.
   */
  ReplicationResult addPlans(String owner, List<PlanSnapshot> snapshots) {
    String account = snapshots.isEmpty() ? null : snapshots.get(0).account();
    Placements.Placed placed;
    try {
      placed = placements.place(owner, account);
    } catch (RuntimeException e) {
      return classify(owner, "place", e);
    }
    ReplicationResult r =
        write(placed.key(), owner, new UserProcessors.AddPlans(snapshots), "add plans");
    if (!r.ok() && r.detail() != null && r.detail().contains(" moved to ")) {
      // Sealed by a move that raced with this add: the user's open entry is where it moved.
      String key = placements.follow(owner);
      placed = new Placements.Placed(key, "a move of the user raced with the add");
      r = write(key, owner, new UserProcessors.AddPlans(snapshots), "add plans");
    }
    if (r.ok() && !placed.moved()) {
      LOG.error(
          "ALERT {}: ACCOUNT_AFFINITY_BROKEN plans {} of {} for {} run in entry {}: {}; the figures"
              + " of their account on the member running its other users do not count them",
          member.address(),
          snapshots.stream().map(PlanSnapshot::planId).toList(),
          owner,
          account,
          placed.key(),
          placed.refusal());
    }
    if (r.ok()) {
      // A user nobody held yet (its first plan): acquire it now rather than at the next periodic
      // pass, so that a new plan is monitored within milliseconds on this member.
      requestReconcile.run();
    }
    return r;
  }

  /** See {@link ClusterNode#removePlans}. */
  ReplicationResult removePlans(String owner, List<String> planIds) {
    Long epoch = leases.epochOf(owner);
    String key = leases.keyOf(owner);
    if (epoch == null || key == null) {
      return ReplicationResult.of(
          ReplicationResult.Outcome.NOT_HOLDER, member.address() + " does not hold " + owner);
    }
    return write(
        key, owner, new UserProcessors.RemovePlans(member.id(), epoch, planIds), "remove plans");
  }

  private ReplicationResult write(
      String key, String owner, EntryProcessor<String, UserState, String> p, String what) {
    Future<String> f;
    try {
      f = users.submitToKey(key, p).toCompletableFuture();
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
      Optional<String> code = answerOf(f, deadlineNanos, removalsBefore);
      if (code.isEmpty()) {
        LOG.warn(
            "{}: {} of {} unanswered after a member left; possibly written",
            member.address(),
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
      return resultOf(code.get());
    } catch (TimeoutException e) {
      // The operation may still run on the owner: possibly written.
      LOG.warn("{}: {} of {} unanswered by its deadline", member.address(), what, owner);
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

  /**
   * The processor's answer, or empty when a member left while it was awaited (see {@link
   * #memberLeftWhileWaiting}). Watched writes are polled every 50 ms for that.
   *
   * @throws TimeoutException unanswered by {@code deadlineNanos}
   */
  private Optional<String> answerOf(Future<String> f, long deadlineNanos, long removalsBefore)
      throws TimeoutException, InterruptedException, ExecutionException {
    while (true) {
      if (!f.isDone() && memberLeftWhileWaiting(removalsBefore)) {
        return Optional.empty();
      }
      long left = deadlineNanos - System.nanoTime();
      long slice =
          removalsBefore == NOT_WATCHED ? left : Math.min(left, TimeUnit.MILLISECONDS.toNanos(50));
      try {
        return Optional.of(f.get(Math.max(0, slice), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        if (System.nanoTime() - deadlineNanos >= 0) {
          throw e;
        }
      }
    }
  }

  /** The result a processor's answer code stands for (see {@link UserProcessors}). */
  private static ReplicationResult resultOf(String code) {
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
        LOG.warn("{}: {} of {} is indeterminate: {}", member.address(), what, owner, t.toString());
        return ReplicationResult.of(ReplicationResult.Outcome.INDETERMINATE, t.toString());
      }
      if (t instanceof SplitBrainProtectionException) {
        return ReplicationResult.of(ReplicationResult.Outcome.NO_QUORUM, t.getMessage());
      }
    }
    LOG.warn("{}: {} of {} failed: {}", member.address(), what, owner, e.toString());
    return ReplicationResult.of(ReplicationResult.Outcome.FAILED, e.toString());
  }

  /** See {@link ClusterNode#stateOf}. */
  List<PlanSnapshot> stateOf(String owner) {
    UserState u = entryOf(owner);
    return u == null ? List.of() : u.planList();
  }

  /** See {@link ClusterNode#statesOf}. */
  Map<String, List<PlanSnapshot>> statesOf(Set<String> owners) {
    Map<String, List<PlanSnapshot>> out = new TreeMap<>();
    Map<String, String> keys = new HashMap<>();
    for (String owner : owners) {
      String held = leases.keyOf(owner);
      if (held != null) {
        keys.put(owner, held);
      }
    }
    Set<String> unheld = new HashSet<>(owners);
    unheld.removeAll(keys.keySet());
    if (!unheld.isEmpty()) {
      keys.putAll(placements.keysOf(unheld));
    }
    Map<String, UserState> entries = users.getAll(new HashSet<>(keys.values()));
    keys.forEach(
        (owner, key) -> {
          UserState u = entries.get(key);
          if (u != null) {
            out.put(owner, u.planList());
          }
        });
    return out;
  }

  /** See {@link ClusterNode#entryOf}. */
  UserState entryOf(String owner) {
    String held = leases.keyOf(owner);
    return users.get(held != null ? held : placements.keyOf(owner));
  }
}
