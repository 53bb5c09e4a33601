package com.tradeplan.engine.facts;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.PlanStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the orders the rules decide for one plan are written down before they are sent: the entry,
 * exits sized to the uncovered position, cancels. Each becomes an {@link OrderRecord} in its {@link
 * PlanOrders}, an event in its {@link PlanHistory}, and an intent the session hands to the broker.
 * The rules reach it only through {@link PlanState}'s methods of the same names (the rules'
 * vocabulary stays in one class); this class holds their bodies and their guards. It lives inside
 * its {@link PlanState}, on the session's thread.
 *
 * <p>The guards are lifecycle.md's invariants, so breaking one is a broken rule, not an expected
 * outcome: they throw {@link IllegalStateException} (an entry outside ACTIVE, an exit beyond the
 * uncovered position, more than {@link PlanState#ATTEMPTS_MAX} orders for one exit, a cancel of an
 * order not working), and the session alerts and skips that rule for the plan.
 */
final class OrderDesk {
  private final PlanState plan;
  private final PlanOrders orders;
  private final PlanHistory history;
  private final ExitState exits;
  private final EventClock clock;
  // The IB account of every order of the plan, fixed at activation (null: the default account).
  private final String account;

  OrderDesk(
      PlanState plan,
      PlanOrders orders,
      PlanHistory history,
      ExitState exits,
      EventClock clock,
      String account) {
    this.plan = plan;
    this.account = account;
    this.orders = orders;
    this.history = history;
    this.exits = exits;
    this.clock = clock;
  }

  /** See {@link PlanState#openEntry()}. */
  OrderIntent openEntry(String rule) {
    if (plan.getStatus() != PlanStatus.ACTIVE) {
      throw new IllegalStateException(
          "plan " + plan.getId() + ": entry sent while " + plan.getStatus());
    }
    OrderIntent intent =
        open(OrderRole.ENTRY, 0, plan.getPlan().quantity(), plan.getSide().entryAction(), rule);
    plan.setStatus(PlanStatus.ENTRY_SUBMITTED);
    return intent;
  }

  /** See {@link PlanState#openExit(OrderRole, int, long)}. */
  OrderIntent openExit(OrderRole role, int index, long quantity, String rule) {
    if (!role.isExit()) {
      throw new IllegalArgumentException("not an exit role: " + role);
    }
    long uncovered = plan.getUncoveredQuantity();
    if (quantity <= 0 || quantity > uncovered) {
      throw new IllegalStateException(
          "plan "
              + plan.getId()
              + ": exit of "
              + quantity
              + " but only "
              + uncovered
              + " of the position "
              + plan.getPosition()
              + " is uncovered");
    }
    return open(role, index, quantity, plan.getSide().exitAction(), rule);
  }

  private OrderIntent open(
      OrderRole role, int index, long quantity, OrderAction action, String rule) {
    int attempt = orders.nextAttempt(role, index);
    if (attempt > PlanState.ATTEMPTS_MAX) {
      throw new IllegalStateException(
          "plan "
              + plan.getId()
              + ": "
              + role
              + " "
              + index
              + " reached "
              + PlanState.ATTEMPTS_MAX
              + " attempts");
    }
    OrderRef ref = new OrderRef(plan.getId(), role, index, attempt);
    orders.add(ref, action, quantity, rule);
    if (role == OrderRole.FLATTEN) {
      exits.flattenSent(clock.time());
    }
    plan.markChanged();
    history.order(ref, action, quantity, rule);
    return new OrderIntent(
        OrderRequest.ofPlan(plan.getPlan(), ref, action, quantity, rule).withAccount(account));
  }

  /** See {@link PlanState#requestCancel(OrderRecord)}. */
  CancelIntent requestCancel(OrderRecord order, String rule) {
    if (!orders.contains(order) || !order.isActiveWorking()) {
      throw new IllegalStateException("plan " + plan.getId() + ": cannot cancel " + order);
    }
    order.moveTo(OrderStatus.PENDING_CANCEL);
    plan.markChanged();
    long unfilled = order.getRemainingQuantity();
    history.cancel(order, unfilled, rule);
    return new CancelIntent(plan.getOwner(), order.getRef(), unfilled, rule);
  }

  /** See {@link PlanState#cancelAllWorking}. */
  List<CancelIntent> cancelAllWorking(String rule) {
    List<CancelIntent> cancels = new ArrayList<>();
    for (OrderRecord o : orders.activeWorking()) {
      cancels.add(requestCancel(o, rule));
    }
    return cancels;
  }
}
