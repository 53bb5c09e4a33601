package com.tradeplan.broker;

import com.tradeplan.domain.IllegalTransitionException;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One order {@link IbBroker} answers for: where it is on its way to IB ({@link Stage}, one enum,
 * every change through its transition table) and what IB last said of it ({@link OrderStatus},
 * moved through the domain's own table).
 *
 * <p>Not thread-safe: {@link OrderRegistry} owns every tracked order and calls these methods with
 * its lock held. A move the stage table forbids throws {@link IllegalTransitionException}: that is
 * a broken invariant of this package, never an expected outcome.
 */
final class TrackedOrder {

  /**
   * Where a tracked order is on its way to IB. {@link #DONE} exactly when its status is final
   * (FILLED, CANCELLED, API_CANCELLED).
   */
  enum Stage {
    /** Accepted by submit, waiting in the outbound queue; never written by this process. */
    QUEUED,
    /**
     * Queued again by a reconcile that proved a journaled send never reached IB: written by this
     * process into a connection that died, or journaled by an earlier process (the one re-send,
     * under the same orderRef, journaled with {@code beforeResend}).
     */
    QUEUED_FOR_RESEND,
    /** Given an order id; the send journal is being asked whether it may be written. */
    JOURNALING,
    /** placeOrder written under our order id; IB has not reported on it yet. */
    WRITTEN,
    /** IB reported on it under our order id (a status, or an open order of this client). */
    ACKNOWLEDGED,
    /**
     * Possibly at IB, known by orderRef only, without an order id of ours: restored from the store,
     * seen in IB's answer by orderRef only (another client's, in all-clients mode), or executed at
     * IB while it still waited in the queue. Never written by this process.
     */
    RESTORED,
    /**
     * Restored with status CREATED: an earlier process journaled it and died before any
     * acknowledgement was recorded, so it may never have reached IB. A reconcile after the grace
     * that finds it neither open nor executed queues it for its one re-send.
     */
    RESTORED_UNACKNOWLEDGED,
    /** Its status is final; nothing more is sent for it. */
    DONE;

    /** The one transition table: every pair not listed is refused. Staying put is allowed. */
    private static final Map<Stage, Set<Stage>> NEXT = new EnumMap<>(Stage.class);

    static {
      // A queued order: the sender takes it; a restore or IB's own answer shows it is at IB
      // already (it is then never written); a cancel before it is written ends it unsent.
      Set<Stage> fromQueue =
          EnumSet.of(JOURNALING, RESTORED, RESTORED_UNACKNOWLEDGED, ACKNOWLEDGED, DONE);
      NEXT.put(QUEUED, fromQueue);
      NEXT.put(QUEUED_FOR_RESEND, fromQueue);
      // The journal allows the write, or refuses it (ended, reported rejected).
      NEXT.put(JOURNALING, EnumSet.of(WRITTEN, DONE));
      // IB reports on it; it ends; or a reconcile proves IB never heard of it (its one re-send).
      NEXT.put(WRITTEN, EnumSet.of(ACKNOWLEDGED, DONE, QUEUED_FOR_RESEND));
      NEXT.put(ACKNOWLEDGED, EnumSet.of(DONE));
      // IB shows it open under this client's id; or it is restored again as never acknowledged.
      NEXT.put(RESTORED, EnumSet.of(ACKNOWLEDGED, RESTORED_UNACKNOWLEDGED, DONE));
      // Proven absent after the grace (re-send); executed or shown open (it reached IB).
      NEXT.put(
          RESTORED_UNACKNOWLEDGED, EnumSet.of(QUEUED_FOR_RESEND, RESTORED, ACKNOWLEDGED, DONE));
      NEXT.put(DONE, EnumSet.noneOf(Stage.class));
    }

    boolean canMoveTo(Stage next) {
      return NEXT.get(this).contains(next);
    }

    /** Returns {@code next} when the table allows it (or it is this stage); throws otherwise. */
    Stage moveTo(Stage next) {
      if (next != this && !canMoveTo(next)) {
        throw new IllegalTransitionException("tracked order stage", this, next);
      }
      return next;
    }

    /** Waiting in the outbound queue to be written by this process. */
    boolean isQueued() {
      return this == QUEUED || this == QUEUED_FOR_RESEND;
    }
  }

  /** What a reconcile needs of a tracked order, copied under the registry's lock. */
  record View(
      String ref,
      OrderRequest request,
      Stage stage,
      OrderStatus status,
      Integer orderId,
      long filled,
      long writtenAtNanos,
      int restoredInReconcile,
      long restoredAtNanos,
      boolean resent) {}

  final OrderRequest request;
  private Stage stage;
  private OrderStatus status = OrderStatus.CREATED;
  private Integer orderId;
  private long filled;
  // System.nanoTime() when placeOrder was written; 0 once IB reported on it (or never written).
  // Kept after the order ended: a rejection (error 201) ends it before IB's first status, and the
  // send-to-ack latency is still measured on that status.
  private long writtenAtNanos;
  // The number of the last reconcile begun when it was restored: that reconcile may have read the
  // open orders before the restore, so only a later one judges it. -1: never restored.
  private int restoredInReconcile = -1;
  private long restoredAtNanos;
  // This process took it from the queue for its one re-send: a second loss is not re-sent.
  private boolean resent;

  private TrackedOrder(OrderRequest request, Stage stage) {
    this.request = request;
    this.stage = stage;
  }

  static TrackedOrder queued(OrderRequest request) {
    return new TrackedOrder(request, Stage.QUEUED);
  }

  /** A tracked order registered by a restore (see {@link #restore}). */
  static TrackedOrder restored(
      OrderRequest request, OrderStatus knownStatus, int reconcile, long nowNanos) {
    TrackedOrder t = new TrackedOrder(request, Stage.RESTORED);
    t.restore(knownStatus, reconcile, nowNanos);
    return t;
  }

  String ref() {
    return request.ref().toString();
  }

  Stage stage() {
    return stage;
  }

  OrderStatus status() {
    return status;
  }

  Integer orderId() {
    return orderId;
  }

  long filled() {
    return filled;
  }

  View view() {
    return new View(
        ref(),
        request,
        stage,
        status,
        orderId,
        filled,
        writtenAtNanos,
        restoredInReconcile,
        restoredAtNanos,
        resent);
  }

  private void moveTo(Stage next) {
    stage = stage.moveTo(next);
  }

  /** Ends it with a final status (moved through the status table), stage DONE. */
  void end(OrderStatus finalStatus) {
    if (!finalStatus.isDone()) {
      throw new IllegalArgumentException("not a final status: " + finalStatus);
    }
    status = status.moveTo(finalStatus);
    moveTo(Stage.DONE);
  }

  /**
   * The store (or the replicated state) says this order may have been sent, with its last known
   * status. A final status is kept as the store's word (between two final statuses there is no move
   * to check); CREATED on an order without an id of ours means journaled, never acknowledged. An
   * order queued here is never written after this: the store's copy may be at IB already.
   */
  void restore(OrderStatus knownStatus, int reconcile, long nowNanos) {
    if (orderId == null) {
      restoredInReconcile = reconcile;
    }
    if (knownStatus != null && knownStatus.isDone()) {
      status = stage == Stage.DONE ? knownStatus : status.moveTo(knownStatus);
      moveTo(Stage.DONE);
      return;
    }
    if (orderId != null || stage == Stage.DONE) {
      return; // written by this process (or ended): its own reports say more than the store
    }
    if (knownStatus == OrderStatus.CREATED) {
      restoredAtNanos = nowNanos;
      moveTo(Stage.RESTORED_UNACKNOWLEDGED);
    } else if (stage.isQueued()) {
      moveTo(Stage.RESTORED);
    }
  }

  /** The sender takes it from the queue and gives it an order id; true for the one re-send. */
  boolean startSending(int id) {
    boolean resend = stage == Stage.QUEUED_FOR_RESEND;
    moveTo(Stage.JOURNALING);
    orderId = id;
    resent |= resend;
    return resend;
  }

  /**
   * The journal allowed it and placeOrder is being written. A reconcile on a new connection may
   * have ended it while the journal was asked; it stays ended, and the write time is still kept.
   */
  void written(long nowNanos) {
    writtenAtNanos = nowNanos;
    if (stage == Stage.JOURNALING) {
      moveTo(Stage.WRITTEN);
    }
  }

  /**
   * IB reported on it under our order id. Returns the nanoseconds since it was written, or -1 when
   * it was not waiting for a first report.
   */
  long acknowledge(long nowNanos) {
    long latency = writtenAtNanos == 0 ? -1 : nowNanos - writtenAtNanos;
    writtenAtNanos = 0;
    if (stage == Stage.WRITTEN || stage == Stage.QUEUED_FOR_RESEND) {
      // Queued for its re-send and IB reports on the first send after all: it reached IB, and
      // the re-send is never written.
      moveTo(Stage.ACKNOWLEDGED);
    }
    return latency;
  }

  /** IB's status report, already checked with {@link OrderStatus#canMoveTo}. */
  void reportStatus(OrderStatus next) {
    if (next.isDone()) {
      end(next);
    } else {
      status = status.moveTo(next);
    }
  }

  /** IB lists it open by orderRef only (another client's order id means nothing here). */
  void seenOpenByRef() {
    if (stage.isQueued()) {
      moveTo(Stage.RESTORED);
    }
  }

  /** IB lists it open under this client's order {@code id}. */
  void seenOpenUnderId(int id) {
    boolean unmapped = orderId == null;
    if (unmapped) {
      orderId = id;
    }
    if (stage.isQueued()
        || (unmapped && (stage == Stage.RESTORED || stage == Stage.RESTORED_UNACKNOWLEDGED))) {
      moveTo(Stage.ACKNOWLEDGED);
    }
  }

  /**
   * An execution of {@code quantity}: it reached IB. Returns true when it completes the order
   * (FILLED; the status is reported after the fill, see {@link ReportTranslator}).
   */
  boolean applyFill(long quantity) {
    filled += quantity;
    if (stage.isQueued() || stage == Stage.RESTORED_UNACKNOWLEDGED) {
      moveTo(Stage.RESTORED);
    }
    if (filled >= request.quantity() && status.canMoveTo(OrderStatus.FILLED)) {
      end(OrderStatus.FILLED);
      return true;
    }
    return false;
  }

  /** The one re-send was taken from the queue (whether or not it then reached IB). */
  boolean resent() {
    return resent;
  }

  /** A reconcile proved it never reached IB: queued for its one re-send. */
  void queueForResend() {
    moveTo(Stage.QUEUED_FOR_RESEND);
  }

  /** Not written while the journal was asked, or IB refused it: ended, CANCELLED. */
  void refuse() {
    if (stage != Stage.DONE) {
      end(OrderStatus.CANCELLED);
    }
  }
}
