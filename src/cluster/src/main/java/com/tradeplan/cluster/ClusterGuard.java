package com.tradeplan.cluster;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster's half of the engine's send decision. The runtime calls {@link #recordBeforeSend}
 * from {@code EngineListener.recordBeforeSend(owner, snapshots)} (on the user's lane thread): the
 * snapshots that record the step's order intents are replicated first, then the member's right to
 * send is checked, so an order is only ever sent after its intent is on the owner and its sync
 * backups, by the member holding the user's current epoch, on the majority side of the cluster.
 *
 * <p>When the answer is false nothing may be sent for that step. After an {@link
 * ReplicationResult.Outcome#INDETERMINATE} result the intents are possibly replicated: the member
 * that runs the user next (this one after re-acquiring, or another) must reconcile the plan's
 * working orders with the broker by orderRef — open orders and executions — before anything is
 * re-sent; an intent found nowhere at the broker was never sent and may be sent again under the
 * same orderRef.
 */
public final class ClusterGuard {
  private final ClusterNode node;
  private volatile SendDecisionListener decisions = SendDecisionListener.NONE;

  ClusterGuard(ClusterNode node) {
    this.node = node;
  }

  /** Observes every decision (metrics, the invariant checks of the tests, ClusterMemberMain). */
  public void setDecisionListener(SendDecisionListener listener) {
    this.decisions = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Whether this member may send orders for {@code owner} now: it holds the user's current epoch,
   * split-brain protection is satisfied, and the member is neither stopping, merging nor paused.
   * Cheap (local state only); any thread.
   */
  public boolean maySend(String owner) {
    return node.epochOf(owner) != null && node.active() && node.hasQuorum();
  }

  /**
   * Replicates {@code snapshots} (the step's changed plans, order intents included), then checks
   * {@link #maySend}. True only if both succeeded: then, and only then, the step's orders may be
   * sent. Blocks for at most the replication timeout.
   */
  public boolean recordBeforeSend(String owner, List<PlanSnapshot> snapshots) {
    return recordBeforeSendAll(Map.of(owner, snapshots)).get(owner);
  }

  /**
   * As {@link #recordBeforeSend} for several users (one lane step that woke several users): all
   * replications are in flight together ({@link ClusterNode#replicateAll}), then each user's right
   * to send is checked on its own. One answer per user; blocks for at most the replication timeout.
   */
  public Map<String, Boolean> recordBeforeSendAll(Map<String, List<PlanSnapshot>> byOwner) {
    Map<String, Long> epochs = new HashMap<>();
    for (String owner : byOwner.keySet()) {
      epochs.put(owner, node.epochOf(owner));
    }
    Map<String, ReplicationResult> results = node.replicateAll(byOwner);
    Map<String, Boolean> allowed = new HashMap<>();
    for (String owner : byOwner.keySet()) {
      Long epoch = epochs.get(owner);
      ReplicationResult r = results.get(owner);
      // Read before the check, not after: a check that runs after this process stood still is
      // refused (maySend reads the beat's age, PauseDetector.allowsActing), so an allowed decision
      // was checked within the heartbeat tolerance of this time. A time read after the check could
      // fall after a freeze that came between the check and the read.
      long checkedAt = System.currentTimeMillis();
      boolean ok = r.ok() && maySend(owner) && Objects.equals(epoch, node.epochOf(owner));
      allowed.put(owner, ok);
      decisions.onDecision(
          new SendDecision(checkedAt, node.address(), owner, epoch == null ? -1 : epoch, ok, r));
    }
    return allowed;
  }
}
