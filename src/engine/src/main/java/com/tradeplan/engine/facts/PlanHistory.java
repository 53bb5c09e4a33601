package com.tradeplan.engine.facts;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.plan.EntrySlippage;
import com.tradeplan.domain.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * What one plan records during one engine step: its history events (orders, fills, cancels,
 * rejections, denials, exits given up, stamped with the session's {@link EventClock}) and the
 * alerts an operator must read. It lives inside its {@link PlanState}, on the session's thread; it
 * is not a fact.
 *
 * <p>Bounded by the step: the session drains both lists after every step, and a step fires at most
 * {@code UserSession.FIRINGS_PER_STEP_MAX} rules. STATUS events are not recorded here: the session
 * writes one per step when the plan's status pair changed.
 */
final class PlanHistory {
  private final EventClock clock;
  private final List<PlanEvent> events = new ArrayList<>();
  private final List<String> alerts = new ArrayList<>();

  PlanHistory(EventClock clock) {
    this.clock = clock;
  }

  void order(OrderRef ref, OrderAction action, long quantity, String rule) {
    events.add(PlanEvent.order(ref, clock.tick(), clock.time(), action, quantity, rule));
  }

  void fill(OrderRecord order, Fill fill) {
    events.add(
        PlanEvent.fill(
            order.getRef(),
            clock.tick(),
            clock.time(),
            order.getAction(),
            fill.quantity(),
            fill.price(),
            fill.executionId()));
  }

  /** A fill of a slippage-protected entry, measured against the plan's trigger price. */
  void slippage(Plan plan, OrderRecord order, Fill fill) {
    EntrySlippage slip = EntrySlippage.of(plan, fill.price(), fill.quantity());
    events.add(
        PlanEvent.slippage(
            order.getRef(),
            clock.tick(),
            clock.time(),
            order.getAction(),
            fill.quantity(),
            slip.perShare(),
            slip.describe(plan, fill.quantity())));
  }

  void cancel(OrderRecord order, long unfilledQuantity, String rule) {
    events.add(
        PlanEvent.cancel(
            order.getRef(), clock.tick(), clock.time(), order.getAction(), unfilledQuantity, rule));
  }

  void reject(OrderRecord order, String reason) {
    events.add(
        PlanEvent.reject(
            order.getRef(),
            clock.tick(),
            clock.time(),
            order.getAction(),
            order.getRemainingQuantity(),
            reason));
  }

  void deny(OrderRecord order, String reason) {
    events.add(
        PlanEvent.deny(
            order.getRef(),
            clock.tick(),
            clock.time(),
            order.getAction(),
            order.getRemainingQuantity(),
            reason));
  }

  /**
   * A trader's action, carried out by {@code rule}: {@code what} names the trader and the change.
   */
  void action(String planId, String rule, String what) {
    events.add(PlanEvent.action(planId, clock.tick(), clock.time(), rule, what));
  }

  /** The exit of {@code order} is given up: its last permitted order was refused. */
  void giveUp(OrderRecord order, String reason) {
    events.add(
        PlanEvent.giveUp(
            order.getRef(),
            clock.tick(),
            clock.time(),
            order.getAction(),
            order.getRemainingQuantity(),
            reason));
  }

  void alert(String message) {
    alerts.add(message);
  }

  List<PlanEvent> drainEvents() {
    return drain(events);
  }

  List<String> drainAlerts() {
    return drain(alerts);
  }

  private static <T> List<T> drain(List<T> list) {
    if (list.isEmpty()) {
      return List.of();
    }
    List<T> out = List.copyOf(list);
    list.clear();
    return out;
  }
}
