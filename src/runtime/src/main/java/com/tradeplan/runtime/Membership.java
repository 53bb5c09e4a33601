package com.tradeplan.runtime;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.List;
import java.util.Map;

/**
 * What the trader commands and the step persistence need from the cluster (every platform is a
 * member; a single process a one-member cluster): who runs a user, replication of plan state, the
 * cluster's half of every send decision. {@link ClusterMembership} is the implementation over the
 * Hazelcast node; tests give their own.
 *
 * <p>Every method may be called from lane threads and request threads, concurrently. A throw goes
 * back to the caller: on a lane thread the engine call fails and the lane logs it.
 */
interface Membership {
  /** Whether this member runs {@code owner} now (holds the lease and may send). */
  boolean holds(String owner);

  /**
   * Whether this member owns the user's partition, i.e. runs the user now or is about to take it
   * over.
   */
  boolean shouldRun(String owner);

  /**
   * The cluster's half of the send decision, for several users at once: replicate each user's
   * snapshots, then check the right to send; one answer per user.
   */
  Map<String, Boolean> recordBeforeSendAll(Map<String, List<PlanSnapshot>> byOwner);

  /** Replicates a step's changed plans (status changes, fills); false: no longer the holder. */
  void replicate(String owner, List<PlanSnapshot> changed);

  /** As {@link #replicate} for several users at once (their writes in flight together). */
  void replicateAll(Map<String, List<PlanSnapshot>> changedByOwner);

  /**
   * Places {@code owner} in {@code account} before a plan for that account is activated, so that
   * every user of the account runs on one member (docs/cluster.md, "Account affinity"). Null when
   * placed; otherwise why not (the user still has unfinished plans in another account, or the
   * cluster could not be asked): the activation is refused with it. A test double without a cluster
   * places every user.
   */
  default String placeIn(String owner, String account) {
    return null;
  }

  /** Hands a newly activated plan to the cluster; the member holding the user monitors it. */
  boolean addPlan(PlanSnapshot activated);

  /**
   * A send of a user this member still holds was HELD (not replicated): rebuild the user's session
   * from the replicated state and reconcile, off the lane thread.
   */
  void rebuildLater(String owner);
}
