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
