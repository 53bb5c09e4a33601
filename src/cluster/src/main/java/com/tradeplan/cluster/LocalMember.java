package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * This member as the leases see it: the id it writes as lease holder, and whether it may act now
 * ({@link #active}). Kept in one place because every write, every acquire and every send decision
 * asks the same question, and two copies of "may this member act" would drift.
 *
 * <p>Hazelcast gives a member a new id when it merges into another cluster after a split. The
 * leases taken under the old id then name a member the others no longer know, so they may take
 * those users at any moment: the ownership thread drops every user and follows the new id ({@link
 * #followId}); until then {@link #active} is false.
 *
 * <p>Any thread may read; the flags are written by {@link ClusterNode#stop}/{@code terminate} and
 * Hazelcast's lifecycle events, the id by the ownership thread only. Nothing here throws.
 */
final class LocalMember {
  private final HazelcastInstance hz;
  private final String address;
  private final PauseDetector pauses;

  /** The lease holder id this member writes; follows Hazelcast's id after a merge. */
  private volatile UUID id;

  /** False once the member stops or is terminated, for good. */
  private volatile boolean accepting = true;

  /**
   * Set by lifecycle events (shutting down, merging) and by terminate; cleared by a merge's end.
   */
  private volatile boolean suspended;

  LocalMember(HazelcastInstance hz, String address, PauseDetector pauses) {
    this.hz = hz;
    this.address = address;
    this.pauses = pauses;
    this.id = hz.getCluster().getLocalMember().getUuid();
  }

  /** host:port, as the others and the logs know this member. */
  String address() {
    return address;
  }

  /** The id the leases this member takes name. */
  UUID id() {
    return id;
  }

  /** Ownership thread only, after every user held under the old id was dropped. */
  void followId(UUID current) {
    this.id = current;
  }

  /** Hazelcast's id of the local member now, or null when Hazelcast is not running. */
  UUID currentId() {
    try {
      return hz.getCluster().getLocalMember().getUuid();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether the embedded member is still running (false after stop, terminate or a crash). */
  boolean isRunning() {
    return hz.getLifecycleService().isRunning();
  }

  /** The ids of the members this member sees now. */
  Set<UUID> liveMemberIds() {
    Set<UUID> live = new HashSet<>();
    for (Member m : hz.getCluster().getMembers()) {
      live.add(m.getUuid());
    }
    return live;
  }

  boolean isAccepting() {
    return accepting;
  }

  /** The member is stopping or terminated: it takes and keeps no user from now on. */
  void stopAccepting() {
    accepting = false;
  }

  boolean isSuspended() {
    return suspended;
  }

  void suspend() {
    suspended = true;
  }

  void resume() {
    suspended = false;
  }

  /**
   * True while this member may act: started, not stopping, not suspended, not paused or in the
   * quarantine after a pause, and still the member its leases name (no merge changed its id).
   */
  boolean active() {
    if (!accepting || suspended || !pauses.allowsActing()) {
      return false;
    }
    return id.equals(currentId());
  }

  /**
   * A member of the version before account affinity keys users by their name alone: next to it, two
   * members could hold one user by two keys. This member leaves at once rather than join such a
   * cluster (the older members keep running their users; the upgrade is a full restart,
   * docs/cluster.md, "Account affinity").
   */
  static void refuseOlderMembers(HazelcastInstance hz) {
    for (Member m : hz.getCluster().getMembers()) {
      if (!ClusterConfig.USER_KEYS_BY_ACCOUNT.equals(
          m.getAttribute(ClusterConfig.USER_KEYS_ATTRIBUTE))) {
        hz.getLifecycleService().terminate();
        throw new IllegalStateException(
            "cluster member "
                + m.getAddress()
                + " keys users by name only (a version before account affinity): this member"
                + " cannot share a cluster with it; stop every member and start them all on this"
                + " version (docs/cluster.md, \"Account affinity\")");
      }
    }
  }
}
