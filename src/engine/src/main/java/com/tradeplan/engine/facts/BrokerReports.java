package com.tradeplan.engine.facts;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import java.math.BigDecimal;

/**
 * What the broker's reports do to one plan: executions booked into its {@link FillLedger} and
 * orders, commissions charged once per execution id, status reports moving its orders (a refused
 * exit alerting, and giving up when it was the last its exit may send). The rules reach it only
 * through {@link PlanState}'s methods of the same names, which keep the rules' vocabulary in one
 * class; this class holds their bodies. It lives inside its {@link PlanState}, on the session's
 * thread.
 *
 * <p>A report that cannot be applied (unknown order, a fill beyond its order or the position, a
 * negative commission, a status move the table refuses) changes nothing and raises an operator
 * alert; nothing here throws for a broker's report.
 */
final class BrokerReports {
  private final PlanState plan;
  private final FillLedger ledger;
  private final PlanOrders orders;
  private final PlanHistory history;

  BrokerReports(PlanState plan, FillLedger ledger, PlanOrders orders, PlanHistory history) {
    this.plan = plan;
    this.ledger = ledger;
    this.orders = orders;
    this.history = history;
  }

  /** See {@link PlanState#applyFill}. */
  boolean applyFill(Fill fill) {
    if (ledger.hasExecution(fill.executionId())) {
      return false;
    }
    String refusal = fillRefusal(fill);
    if (refusal != null) {
      return plan.alert(refusal);
    }
    OrderRecord order = orders.find(fill.orderRef());
    boolean entry = order.getRole() == OrderRole.ENTRY;
    if (plan.getStatus().isTerminal()) {
      // The money moved at the broker: record it, and make sure a person looks at it.
      plan.alert(
          "fill "
              + fill.executionId()
              + " of "
              + fill.quantity()
              + " on a plan that already ended ("
              + plan.getStatus()
              + "): the position it leaves must be closed by hand");
    }
    if (ledger.book(fill, entry, plan.getSide()) == FillLedger.Charge.TOO_MANY) {
      plan.alert("commission of " + fill.executionId() + " not charged: " + tooManyCommissions());
    }
    order.addFill(fill.quantity());
    plan.markChanged();
    history.fill(order, fill);
    if (entry && plan.getPlan().entry().maxSlippageTicks() != null) {
      history.slippage(plan.getPlan(), order, fill);
    }
    return true;
  }

  /** See {@link PlanState#acceptsFill}. */
  boolean acceptsFill(Fill fill) {
    return !ledger.hasExecution(fill.executionId()) && fillRefusal(fill) == null;
  }

  /** Why a new execution cannot be booked, as an operator alert's text; null when it can. */
  private String fillRefusal(Fill fill) {
    OrderRecord order = orders.find(fill.orderRef());
    if (order == null) {
      return "fill " + fill.executionId() + " for unknown order " + fill.orderRef();
    }
    if (fill.action() != order.getAction() || fill.quantity() > order.getRemainingQuantity()) {
      return "fill " + fill.executionId() + " does not fit order " + order;
    }
    return ledger.refusal(fill, order.getRole() == OrderRole.ENTRY);
  }

  /** See {@link PlanState#applyCommission}. */
  void applyCommission(Commission c) {
    if (c.amount().signum() < 0) {
      plan.alert("negative commission " + c);
      return;
    }
    switch (ledger.charge(c.executionId(), c.amount())) {
      case CHARGED -> plan.markChanged();
      case REPEATED -> checkRepeatedCommission(c);
      case TOO_MANY -> plan.alert("commission " + c + " not charged: " + tooManyCommissions());
    }
  }

  /** See {@link PlanState#checkRepeatedCommission}. */
  void checkRepeatedCommission(Commission c) {
    BigDecimal charged = ledger.commissionOf(c.executionId());
    if (charged != null && charged.compareTo(c.amount()) != 0) {
      plan.alert(
          "commission report for execution "
              + c.executionId()
              + " of "
              + c.ref()
              + " says "
              + c.amount()
              + " but "
              + charged
              + " was charged for it: not charged again");
    }
  }

  private static String tooManyCommissions() {
    return FillLedger.EXECUTIONS_MAX + " executions of one plan already carry a commission";
  }

  /** See {@link PlanState#isRefusedBy}. */
  boolean isRefusedBy(OrderUpdate update) {
    OrderRecord order = orders.find(update.ref());
    return order != null && Refusals.refuses(order, update);
  }

  /** See {@link PlanState#applyOrderUpdate}. */
  void applyOrderUpdate(OrderUpdate update) {
    OrderRecord order = orders.find(update.ref());
    if (order == null) {
      plan.alert("status " + update.status() + " for unknown order " + update.ref());
      return;
    }
    boolean refused = Refusals.refuses(order, update);
    OrderStatus before = order.getStatus();
    if (!order.moveTo(update.status())) {
      plan.alert("order " + order + " cannot move to " + update.status());
      return;
    }
    boolean entry = order.getRole() == OrderRole.ENTRY;
    if (update.status() == OrderStatus.DENIED) {
      history.deny(order, update.reason());
      if (entry) {
        plan.recordEndReason("denied: " + update.reason());
      }
    } else if (update.rejected()) {
      history.reject(order, update.reason());
      if (entry) {
        plan.recordEndReason(update.reason());
      }
    } else if (refused) {
      history.reject(order, update.reason());
    }
    if (refused && order.getRole().isExit() && plan.isLive()) {
      alertRefusedExit(order, update);
    }
    if (before != order.getStatus()) {
      plan.markChanged();
    }
  }

  /**
   * A refused exit of a live trade may alert the operator ({@link Refusals#alertFor}); a refused
   * target or stop of a trade being flattened does not (the flatten covers its shares). When it was
   * the last order its exit may send, the plan's history records the give-up too.
   */
  private void alertRefusedExit(OrderRecord order, OrderUpdate update) {
    long uncovered = plan.getUncoveredQuantity();
    String alert = Refusals.alertFor(order, update, uncovered);
    if (alert == null || (order.getRole() != OrderRole.FLATTEN && plan.isFlattenRequested())) {
      return;
    }
    plan.alert(alert);
    String givenUp = Refusals.givenUp(order, uncovered);
    if (givenUp != null) {
      history.giveUp(order, givenUp);
    }
  }
}
