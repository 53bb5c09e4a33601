package com.tradeplan.broker;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one re-send of each order a reconcile judged "journaled, never acknowledged" ({@link
 * Reconciler.Verdict#RESEND}): queued for the sender, or ended here. An <b>entry</b> first meets
 * the {@link ResendGuard} (the kill switch of its scope: {@link RiskGate}): refused, it is never
 * sent and is alerted ({@code ORDER_NOT_RESENT_KILL_SWITCH}); its plan hears a local refusal
 * ({@link OrderUpdate#denied}, the refusal as its reason), as for a first send the switch refuses:
 * the plan ends CANCELLED with the switch in its history, never a broker rejection. Exits (stop,
 * target, flatten, close) are always queued: what protects a position never lapses. A re-send the
 * outbound queue has no room for ends CANCELLED too ({@code ORDER_GONE_AFTER_RECONNECT}).
 *
 * <p>A re-send queued before a switch is engaged is in the registry's queued entries (stage
 * QUEUED_FOR_RESEND), so the switch's own cancels end it unsent like any queued entry ({@link
 * IbBroker#cancelAllWorking}, {@link IbBroker#cancelWorkingEntries}).
 *
 * <p>Runs on the link thread at the end of a reconcile (the sender writes nothing then); the
 * updates it answers are passed on by the caller with the reconcile's others, never under a lock.
 */
final class Resends {
  private static final Logger log = LoggerFactory.getLogger(Resends.class);

  private final OrderRegistry registry;
  private final OrderSender sender;
  private final OperatorAlerts alerts;
  private volatile ResendGuard guard = ResendGuard.NONE;

  Resends(OrderRegistry registry, OrderSender sender, OperatorAlerts alerts) {
    this.registry = registry;
    this.sender = sender;
    this.alerts = alerts;
  }

  void setGuard(ResendGuard guard) {
    this.guard = java.util.Objects.requireNonNull(guard, "guard");
  }

  /**
   * Queues each re-send, or ends it (refused by the guard, or no room): returns the updates of the
   * ended ones, for the engine. Raises one alert per order.
   */
  List<OrderUpdate> queue(List<TrackedOrder> toResend) {
    List<OrderUpdate> ended = new ArrayList<>();
    for (TrackedOrder t : toResend) {
      String refusal = t.request.ref().role() == OrderRole.ENTRY ? refusal(t) : null;
      if (refusal != null) {
        registry.resendRefused(t);
        alerts.alert(
            "ORDER_NOT_RESENT_KILL_SWITCH",
            "entry "
                + t.ref()
                + " never reached IB (journaled, never acknowledged): "
                + refusal
                + "; its plan is told and ends cancelled");
        ended.add(OrderUpdate.denied(t.request.ref(), refusal));
      } else if (sender.queueResend(t)) {
        alerts.alert(
            "ORDER_RESENT_AFTER_RECONNECT",
            "order "
                + t.ref()
                + " never reached IB (journaled, never acknowledged, neither open nor executed"
                + " after the grace): sent once more now under the same orderRef");
      } else {
        registry.resendRefused(t);
        alerts.alert(
            "ORDER_GONE_AFTER_RECONNECT",
            "order " + t.ref() + " never reached IB and the outbound queue is full: not sent");
        ended.add(
            new OrderUpdate(
                t.request.ref(), OrderStatus.CANCELLED, true, "never reached IB; not re-sent"));
      }
    }
    return ended;
  }

  /** The guard's refusal of re-sending this entry, or null; a throw refuses (fail closed). */
  private String refusal(TrackedOrder t) {
    try {
      return guard.refusal(t.request);
    } catch (RuntimeException e) {
      log.error("re-send check failed for {}: not re-sent", t.ref(), e);
      return "not re-sent after the reconnect: the re-send check failed (" + e + ")";
    }
  }
}
