package com.tradeplan.cluster;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.List;

/**
 * What the runtime does when this member starts or stops running a user. Every callback runs on the
 * node's single ownership thread ({@code tradeplan-cluster-ownership}), one at a time, in order. A
 * callback that throws is logged as an error; the cluster then carries on as if it had returned
 * (for {@link #onAcquire} the lease is given back so that another attempt rebuilds the user).
 */
public interface OwnershipListener {
  /**
   * This member now holds the user's lease at {@code epoch}: rebuild the user's session from {@code
   * state} (the replicated snapshots, as of the moment the lease was taken), reconcile its working
   * orders with the broker by orderRef, and only then let it send. {@link ClusterGuard#maySend}
   * already answers true for this user when this is called.
   */
  void onAcquire(String owner, long epoch, List<PlanSnapshot> state);

  /** One user acquired in an acquire pass, with its epoch and replicated snapshots. */
  record Acquired(String owner, long epoch, List<PlanSnapshot> state) {}

  /**
   * Every user one acquire pass took (after a member died: all of its users in this member's
   * partitions), as {@link #onAcquire} for each, in one call so that the runtime can read what it
   * needs for all of them at once. Returns the users it could not take over: the node gives their
   * leases back, as for an {@code onAcquire} that throws. If this throws, every user of the batch
   * is given back. The default calls {@link #onAcquire} for each, in order.
   */
  default java.util.Set<String> onAcquireAll(List<Acquired> users) {
    java.util.Set<String> failed = new java.util.TreeSet<>();
    for (Acquired a : users) {
      try {
        onAcquire(a.owner(), a.epoch(), a.state());
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(OwnershipListener.class)
            .error("onAcquire({}) failed; giving the user back", a.owner(), e);
        failed.add(a.owner());
      }
    }
    return failed;
  }

  /**
   * This member lost or gives up the user: remove the session (e.g. {@code
   * LaneEngine.removeUser(owner).join()}) and return only once it can no longer send. {@link
   * ClusterGuard#maySend} already answers false for this user when this is called; the lease is
   * handed to the next owner only after this returns.
   */
  void onRelease(String owner);

  /** Plans added through {@link ClusterNode#addPlans} for a user this member holds. */
  default void onPlansAdded(String owner, List<PlanSnapshot> plans) {}

  OwnershipListener NONE =
      new OwnershipListener() {
        @Override
        public void onAcquire(String owner, long epoch, List<PlanSnapshot> state) {}

        @Override
        public void onRelease(String owner) {}
      };
}
