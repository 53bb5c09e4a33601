package com.tradeplan.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Hazelcast tells this member, turned into what the other parts need: every change of the
 * membership or of partition ownership asks the ownership thread for a pass (who runs which user
 * may have changed); a member's removal is noted for {@link Replication} (a write may wait for that
 * member's backup); shutting down and merging suspend the member at once ({@link LocalMember}), so
 * nothing sends before the ownership thread has released the users.
 *
 * <p>The listeners run on Hazelcast's threads (event threads; a lifecycle event on the thread that
 * changes the state) and only log, set a flag or queue a pass: they never block and do not throw
 * ({@link OwnershipThread#requestReconcile} ignores a thread already shut down). Were an event
 * lost, the periodic pass every {@value OwnershipThread#RECONCILE_MILLIS} ms would catch up with
 * ownership; the pause detection and the quorum check do not depend on these events.
 */
final class ClusterEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);

  private ClusterEvents() {}

  /** Registers every listener on {@code hz}; they live as long as the member. */
  static void listen(
      HazelcastInstance hz,
      IMap<String, UserState> users,
      LocalMember member,
      OwnershipThread ownership,
      Replication replication) {
    hz.getCluster().addMembershipListener(membership(member, ownership, replication));
    hz.getPartitionService().addMigrationListener(migrations(ownership));
    users.addPartitionLostListener(
        e -> {
          // Every replica of this partition's user entries died (more members than the backup
          // count at once): those users have no replicated state. The runtime must reload them
          // from the store (addPlans) before anyone trades them.
          LOG.error(
              "ALERT {}: replicated user state of partition {} lost; reload its users from the"
                  + " store",
              member.address(),
              e.getPartitionId());
          ownership.requestReconcile();
        });
    hz.getLifecycleService()
        .addLifecycleListener(
            e -> {
              LifecycleEvent.LifecycleState s = e.getState();
              if (s == LifecycleEvent.LifecycleState.SHUTTING_DOWN
                  || s == LifecycleEvent.LifecycleState.MERGING) {
                // Stop sending at once; the ownership thread releases the sessions.
                member.suspend();
                ownership.requestReconcile();
              } else if (s == LifecycleEvent.LifecycleState.MERGED
                  || s == LifecycleEvent.LifecycleState.MERGE_FAILED) {
                member.resume();
                ownership.requestReconcile();
              }
              LOG.info("{}: lifecycle {}", member.address(), s);
            });
  }

  private static MembershipListener membership(
      LocalMember member, OwnershipThread ownership, Replication replication) {
    return new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        LOG.info("{}: member joined {}", member.address(), e.getMember().getAddress());
        if (!ClusterConfig.USER_KEYS_BY_ACCOUNT.equals(
            e.getMember().getAttribute(ClusterConfig.USER_KEYS_ATTRIBUTE))) {
          // Its code predates the check this member ran at its own start: it cannot read the
          // entries, so the users of the partitions it gets run nowhere until it is stopped.
          LOG.error(
              "ALERT {}: member {} keys users by name only (a version before account affinity):"
                  + " the users of its partitions are not run until it is stopped",
              member.address(),
              e.getMember().getAddress());
        }
        ownership.requestReconcile();
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        LOG.warn("{}: member left {}", member.address(), e.getMember().getAddress());
        replication.memberRemoved();
        ownership.requestReconcile();
      }
    };
  }

  private static MigrationListener migrations(OwnershipThread ownership) {
    return new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {}

      @Override
      public void migrationFinished(MigrationState state) {
        ownership.requestReconcile();
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        if (event.getReplicaIndex() == 0) {
          ownership.requestReconcile();
        }
      }

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        ownership.requestReconcile();
      }
    };
  }
}
