package com.tradeplan.runtime;

import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.ReplicationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Membership} of this platform over its Hazelcast node ({@link ClusterNode}), and the
 * quorum alert: the minority side of a split says so in the platform's alerts.
 *
 * <p>Called on lane threads (replication and the send decision of every engine call) and request
 * threads (activation); {@link #reportQuorum} on the platform's timer. A replication that fails is
 * logged, not thrown: the store write of the step still happens, and a send is decided by {@link
 * #recordBeforeSendAll}, which answers false instead of throwing.
 */
final class ClusterMembership implements Membership {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

  private final Supplier<ClusterNode> cluster;
  private final Alerts alerts;
  private final Consumer<String> rebuildLater;
  private volatile boolean quorumReported = true;

  /**
   * @param cluster this member's node; null until {@link ClusterNode#start} returned (no user runs
   *     here until then)
   * @param rebuildLater rebuilds a user whose send was held, off the calling thread
   */
  ClusterMembership(Supplier<ClusterNode> cluster, Alerts alerts, Consumer<String> rebuildLater) {
    this.cluster = cluster;
    this.alerts = alerts;
    this.rebuildLater = rebuildLater;
  }

  @Override
  public boolean holds(String owner) {
    ClusterNode node = cluster.get();
    return node != null && node.epochOf(owner) != null;
  }

  @Override
  public boolean shouldRun(String owner) {
    ClusterNode node = cluster.get();
    return node != null && node.ownsPartitionOf(owner);
  }

  @Override
  public Map<String, Boolean> recordBeforeSendAll(Map<String, List<PlanSnapshot>> byOwner) {
    return cluster.get().guard().recordBeforeSendAll(byOwner);
  }

  @Override
  public void replicate(String owner, List<PlanSnapshot> changed) {
    replicateAll(Map.of(owner, changed));
  }

  @Override
  public void replicateAll(Map<String, List<PlanSnapshot>> changedByOwner) {
    cluster
        .get()
        .replicateAll(changedByOwner)
        .forEach(
            (owner, r) -> {
              if (!r.ok() && r.outcome() != ReplicationResult.Outcome.NOT_HOLDER) {
                LOG.warn(
                    "replication of {} plans of {}: {}",
                    changedByOwner.get(owner).size(),
                    owner,
                    r);
              }
            });
  }

  @Override
  public void rebuildLater(String owner) {
    rebuildLater.accept(owner);
  }

  @Override
  public String placeIn(String owner, String account) {
    ClusterNode node = cluster.get();
    if (node == null) {
      return "this member has not joined the cluster yet";
    }
    try {
      ClusterNode.Placement p = node.place(owner, account);
      return p.placed() ? null : p.reason();
    } catch (RuntimeException e) {
      // No quorum, a member lost mid-call: fail closed, the trader may try again.
      return "the cluster could not place user " + owner + " in account " + account + ": " + e;
    }
  }

  @Override
  public boolean addPlan(PlanSnapshot activated) {
    ReplicationResult r = cluster.get().addPlans(activated.plan().owner(), List.of(activated));
    return r.ok();
  }

  /**
   * Raises {@code CLUSTER_NO_QUORUM} once when this member sees fewer members than the split-brain
   * protection needs (it then sends no orders and runs no user), and logs when the quorum is back.
   */
  void reportQuorum() {
    ClusterNode node = cluster.get();
    boolean quorum = node.hasQuorum();
    if (!quorum && quorumReported) {
      alerts.alert(
          "CLUSTER_NO_QUORUM",
          "member "
              + node.address()
              + " sees fewer cluster members than the split-brain protection needs: it sends no"
              + " orders and runs no user until the cluster is whole again");
    } else if (quorum && !quorumReported) {
      LOG.warn("member {}: split-brain protection satisfied again", node.address());
    }
    quorumReported = quorum;
  }
}
