package com.tradeplan.broker;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.OrderStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The reconcile's judgement, as a pure function: the tracked orders and what IB answered after a
 * (re)connect or a take-over go in, a value saying what each order becomes, what the engine and the
 * operator are told and what is sent once more comes out. No socket, no clock, no listener: the
 * caller ({@link OrderRegistry#reconcile}) applies the verdicts, {@link IbConnection} raises the
 * alerts and passes the updates on, {@link Resends} queues the re-sends (an entry only while no
 * kill switch covers it: the judgement here knows nothing of switches).
 *
 * <p>IB's answer is matched by orderRef only. The executions of the answer have already been
 * applied as they arrived ({@link ReportTranslator}, which drops replays), so a tracked order's
 * filled quantity includes them; the answer only says which orderRefs IB executed at all.
 *
 * <p>The one re-send: an order whose send was journaled and that IB never heard of (never
 * acknowledged, not open, not executed) after a grace is sent again, once, under the same orderRef
 * (with a new order id): written by this process into a connection that died before the drop was
 * noticed, or journaled by an earlier process that died. An order lost again after its re-send is
 * not sent a third time: it is reported lost and alerted. The send journal enforces the same "once"
 * on its side ({@link IbBroker.SendJournal}).
 *
 * <p>What it never does: send again an order IB lists open or executed, or one IB acknowledged;
 * judge an order restored while this reconcile ran (it may have read IB's open orders before the
 * restore); or touch an order whose orderRef Tradeplan did not make (that one is alerted as it
 * arrives and left alone).
 */
final class Reconciler {
  /**
   * How long an order written and not yet acknowledged is given before "not open, not executed"
   * counts, from the later of its write and the connection the reconcile reads on: its bytes may
   * still be on their way (IB reads two connections independently, and a gateway that was frozen
   * reads what it had buffered when it resumes), and IB may list a new order only once it has
   * processed it.
   */
  static final long UNACKED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /**
   * How long after its restore an order that was never acknowledged must stay absent from IB (no
   * open order, no execution) before it counts as never sent: bytes the previous process wrote
   * before it died are read by IB within this time.
   */
  static final long RESTORED_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

  private Reconciler() {}

  /**
   * What IB answered in one reconcile: the orderRefs of its open orders (of this client, or of
   * every client in all-clients mode) and the orderRefs with an execution in its executions answer
   * (whether this process saw that execution before or not).
   */
  record BrokerAnswer(Set<String> openOrderRefs, Set<String> executedOrderRefs) {
    BrokerAnswer {
      openOrderRefs = Set.copyOf(openOrderRefs);
      executedOrderRefs = Set.copyOf(executedOrderRefs);
    }
  }

  /**
   * When the reconcile judges: its number (see {@link OrderRegistry#beginReconcile}), the monotonic
   * time in nanoseconds, whether it read every client's orders, and when the connection it reads on
   * was made (the same clock).
   */
  record Moment(int reconcile, long nowNanos, boolean allClients, long connectedAtNanos) {}

  /** What becomes of one tracked order. */
  enum Verdict {
    /** Still in the outbound queue: it goes out after the reconcile. */
    NOT_WRITTEN_YET,
    /** Already final: nothing to say again. */
    ALREADY_DONE,
    /** IB lists it open: working. */
    OPEN_AT_BROKER,
    /** Restored while this reconcile ran: the next reconcile judges it. */
    RESTORED_DURING_RECONCILE,
    /** Written, not acknowledged, within the grace: judged later. */
    AWAITING_ACKNOWLEDGEMENT,
    /** Restored as never acknowledged, within the restore grace: judged later. */
    AWAITING_RESTORE_GRACE,
    /**
     * Journaled and never heard of by IB (not acknowledged, not open, not executed) after the
     * grace, never re-sent: sent once more under the same orderRef.
     */
    RESEND,
    /** Like RESEND, but it was the re-send that got lost: not sent again. CANCELLED, alerted. */
    LOST_AFTER_RESEND,
    /** Not open, its executions cover it: FILLED. */
    FILLED_WHILE_AWAY,
    /** Not open, not (fully) executed: cancelled, rejected or never arrived. CANCELLED. */
    GONE
  }

  /** An operator alert to raise ({@link OperatorAlerts}). */
  record Alert(String kind, String message) {}

  /**
   * The judgement: a verdict for every tracked order (in the order given), the updates for the
   * engine and the alerts (in that order too), the orderRefs to send once more, and when the next
   * reconcile should run because an order was left for a grace (0: none).
   */
  record Reconciliation(
      Map<String, Verdict> verdicts,
      List<OrderUpdate> updates,
      List<Alert> alerts,
      List<String> resend,
      long rejudgeAtNanos) {}

  /** Judges every tracked order; see the class comment. */
  static Reconciliation judge(List<TrackedOrder.View> orders, BrokerAnswer answer, Moment now) {
    Map<String, Verdict> verdicts = new LinkedHashMap<>();
    List<OrderUpdate> updates = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    List<String> resend = new ArrayList<>();
    long rejudgeAt = 0;
    for (TrackedOrder.View t : orders) {
      Verdict v = verdict(t, answer, now);
      verdicts.put(t.ref(), v);
      switch (v) {
        case AWAITING_ACKNOWLEDGEMENT -> rejudgeAt = Math.max(rejudgeAt, unackedGraceEnd(t, now));
        case AWAITING_RESTORE_GRACE ->
            rejudgeAt = Math.max(rejudgeAt, t.restoredAtNanos() + RESTORED_GRACE_NANOS);
        case RESEND -> resend.add(t.ref());
        case FILLED_WHILE_AWAY ->
            updates.add(OrderUpdate.status(t.request().ref(), OrderStatus.FILLED));
        case GONE -> {
          updates.add(
              new OrderUpdate(
                  t.request().ref(),
                  OrderStatus.CANCELLED,
                  t.orderId() == null,
                  "not open at the broker after reconnect (filled " + t.filled() + ")"));
          alerts.add(
              new Alert(
                  "ORDER_GONE_AFTER_RECONNECT",
                  "order "
                      + t.ref()
                      + " (id "
                      + t.orderId()
                      + ") is not open at IB after reconnect;"
                      + " filled "
                      + t.filled()
                      + " of "
                      + t.request().quantity()));
        }
        case LOST_AFTER_RESEND -> {
          updates.add(
              new OrderUpdate(
                  t.request().ref(),
                  OrderStatus.CANCELLED,
                  false,
                  "lost on its way to IB twice (sent, then re-sent once under the same"
                      + " orderRef): not sent again"));
          alerts.add(
              new Alert(
                  "ORDER_LOST",
                  "order "
                      + t.ref()
                      + " (id "
                      + t.orderId()
                      + ") never reached IB, and neither did its one re-send: not sent again;"
                      + " reported cancelled to the engine"));
        }
        default -> {
          // nothing to tell
        }
      }
    }
    return new Reconciliation(
        Collections.unmodifiableMap(verdicts),
        List.copyOf(updates),
        List.copyOf(alerts),
        List.copyOf(resend),
        rejudgeAt);
  }

  /** The verdict on one order; the checks run in this order, the first that applies decides. */
  static Verdict verdict(TrackedOrder.View t, BrokerAnswer answer, Moment now) {
    if (t.stage().isQueued()) {
      return Verdict.NOT_WRITTEN_YET;
    }
    if (t.stage() == TrackedOrder.Stage.DONE) {
      return Verdict.ALREADY_DONE;
    }
    if (answer.openOrderRefs().contains(t.ref())) {
      return Verdict.OPEN_AT_BROKER;
    }
    if (t.restoredInReconcile() >= now.reconcile()) {
      return Verdict.RESTORED_DURING_RECONCILE;
    }
    if (t.stage() == TrackedOrder.Stage.WRITTEN) {
      if (now.nowNanos() - unackedGraceEnd(t, now) < 0) {
        // Written, not acknowledged yet: its bytes, or IB's answer to them, may be on their way.
        return Verdict.AWAITING_ACKNOWLEDGEMENT;
      }
      if (neverHeardOf(t, answer)) {
        // Journaled and written, and after the grace IB has never heard of it: it died with the
        // connection it was written into. The decision stands: sent once more, never twice.
        return t.resent() ? Verdict.LOST_AFTER_RESEND : Verdict.RESEND;
      }
    }
    if (t.stage() == TrackedOrder.Stage.RESTORED_UNACKNOWLEDGED && neverHeardOf(t, answer)) {
      if (now.nowNanos() - t.restoredAtNanos() < RESTORED_GRACE_NANOS) {
        return Verdict
            .AWAITING_RESTORE_GRACE; // the previous process's last bytes may be on the way
      }
      // Journaled by the previous process, never acknowledged, and after the grace neither open
      // nor executed at IB: it never reached IB. The decision stands: it is sent once more.
      return Verdict.RESEND;
    }
    if (t.filled() >= t.request().quantity()) {
      return Verdict.FILLED_WHILE_AWAY;
    }
    // Not open now, not (fully) executed, and not provably unknown to IB: cancelled, rejected, or
    // (restored with a working status) of unknown fate. Never written again; the engine decides.
    return Verdict.GONE;
  }

  /** No sign at all that IB received it: no status, no execution, none in IB's answer. */
  private static boolean neverHeardOf(TrackedOrder.View t, BrokerAnswer answer) {
    return t.filled() == 0
        && t.status() == OrderStatus.CREATED
        && !answer.executedOrderRefs().contains(t.ref());
  }

  /** The end of a written order's grace: from the later of its write and the connection. */
  private static long unackedGraceEnd(TrackedOrder.View t, Moment now) {
    return Math.max(t.writtenAtNanos(), now.connectedAtNanos()) + UNACKED_GRACE_NANOS;
  }
}
