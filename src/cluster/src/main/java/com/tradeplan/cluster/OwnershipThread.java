package com.tradeplan.cluster;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ownership thread ({@code tradeplan-cluster-ownership}): the single writer of the holdings
 * ({@link UserLeases}) and the thread every {@link OwnershipListener} callback runs on. It
 * reconciles on every membership, migration, partition-lost and lifecycle event ({@link
 * ClusterEvents}), after a detected pause, after plans were added, and every {@value
 * #RECONCILE_MILLIS} ms. One pass decides, in this order, because each step must hold before the
 * next may act:
 *
 * <ol>
 *   <li>a member stopping, suspended (merging, shutting down) or no longer running drops every user
 *       (and clears the leases when it leaves gracefully);
 *   <li>a pause not yet handled sets the quarantine and drops every user ({@link PauseDetector});
 *   <li>a new member id (a merge) drops every user held under the old id, then follows the new one
 *       ({@link LocalMember});
 *   <li>nothing more during the quarantine;
 *   <li>without quorum every user is dropped ({@link QuorumWatch});
 *   <li>users whose partition moved away are released, those in local partitions acquired.
 * </ol>
 *
 * <p>A pass that throws is logged and the next request runs a new one; requests coalesce while a
 * pass is queued. After {@link #shutdown} requests are ignored.
 */
final class OwnershipThread {
  static final long RECONCILE_MILLIS = 250;

  private static final Logger LOG = LoggerFactory.getLogger(OwnershipThread.class);

  private final LocalMember member;
  private final PauseDetector pauses;
  private final QuorumWatch quorum;
  private final UserLeases leases;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean reconcileQueued = new AtomicBoolean();

  OwnershipThread(LocalMember member, PauseDetector pauses, QuorumWatch quorum, UserLeases leases) {
    this.member = member;
    this.pauses = pauses;
    this.quorum = quorum;
    this.leases = leases;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(r -> ClusterNode.thread(r, "ownership"));
  }

  /** Begins the periodic passes (the first one at once). */
  void start() {
    worker.scheduleWithFixedDelay(
        this::requestReconcile, 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Queues one pass unless one is queued already. Any thread; never blocks. */
  void requestReconcile() {
    if (reconcileQueued.compareAndSet(false, true)) {
      try {
        worker.execute(this::reconcile);
      } catch (RejectedExecutionException e) {
        reconcileQueued.set(false);
      }
    }
  }

  /**
   * Runs {@code task} on this thread, after what is queued. Any thread; throws {@link
   * RejectedExecutionException} after {@link #shutdown}.
   */
  void execute(Runnable task) {
    worker.execute(task);
  }

  /** As {@link #execute}, with a future to wait for. */
  Future<?> submit(Runnable task) {
    return worker.submit(task);
  }

  /** Lets the queued work finish (at most {@code waitMillis}), then ends the thread. */
  void shutdown(long waitMillis) {
    worker.shutdown();
    try {
      worker.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void reconcile() {
    reconcileQueued.set(false);
    try {
      if (!member.isRunning() || member.isSuspended() || !member.isAccepting()) {
        leases.dropAll(
            "member " + (member.isAccepting() ? "suspended" : "stopping"),
            !member.isAccepting() && !member.isSuspended() && member.isRunning());
        return;
      }
      pauses.handlePause(() -> leases.dropAll("this process was paused", false));
      if (!followMemberId()) {
        return;
      }
      if (pauses.inQuarantine()) {
        return;
      }
      if (!quorum.confirm(leases.heldCount())) {
        leases.dropAll("no quorum", false);
        return;
      }
      leases.releaseMoved();
      leases.acquireOwned();
    } catch (RuntimeException e) {
      LOG.error("{}: ownership reconcile failed; retrying", member.address(), e);
    }
  }

  /**
   * Drops every user when Hazelcast's local member id is not the one the leases name, and follows
   * it; false when there is no local member (every user dropped, nothing more to do).
   */
  private boolean followMemberId() {
    UUID current = member.currentId();
    if (current == null) {
      leases.dropAll("no local member", false);
      return false;
    }
    UUID me = member.id();
    if (!current.equals(me)) {
      // Merged into another cluster after a split: Hazelcast gave this member a new id. The
      // leases taken under the old id name a member the others no longer know, so they may
      // take those users over at any moment: stop them all, then act under the new id.
      leases.dropAll("this member's id changed from " + me + " to " + current + " (merged)", false);
      LOG.warn("{}: member id changed from {} to {} after a merge", member.address(), me, current);
      member.followId(current);
    }
    return true;
  }
}
