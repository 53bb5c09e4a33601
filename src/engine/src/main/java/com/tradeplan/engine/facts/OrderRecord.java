package com.tradeplan.engine.facts;

import com.tradeplan.domain.IllegalTransitionException;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.state.OrderSnapshot;

/**
 * An order of a plan inside its state: recorded before it is sent, then moved by broker reports
 * through {@link OrderStatus}'s transition table. Duplicate executions are filtered by the plan.
 */
public final class OrderRecord {
  private final OrderRef ref;
  private final OrderAction action;
  private final long quantity;
  private final String rule;
  private long filledQuantity;
  private OrderStatus status;

  OrderRecord(OrderSnapshot s) {
    this.ref = s.ref();
    this.action = s.action();
    this.quantity = s.quantity();
    this.rule = s.rule();
    this.filledQuantity = s.filledQuantity();
    this.status = s.status();
  }

  public OrderRef getRef() {
    return ref;
  }

  public OrderRole getRole() {
    return ref.role();
  }

  public int getIndex() {
    return ref.index();
  }

  public OrderAction getAction() {
    return action;
  }

  public long getQuantity() {
    return quantity;
  }

  public long getFilledQuantity() {
    return filledQuantity;
  }

  public long getRemainingQuantity() {
    return quantity - filledQuantity;
  }

  public OrderStatus getStatus() {
    return status;
  }

  public String getRule() {
    return rule;
  }

  /** Working: its remainder may still fill (a pending cancel may still lose the race). */
  public boolean isWorking() {
    return status.isWorking() && getRemainingQuantity() > 0;
  }

  /**
   * No longer working with shares unfilled, and not because it filled: cancelled, rejected, denied,
   * lost or held by the broker.
   */
  public boolean isEndedUnfilled() {
    return !isWorking() && getRemainingQuantity() > 0 && status != OrderStatus.FILLED;
  }

  /** Working and not being cancelled: the remainder is still wanted. */
  public boolean isActiveWorking() {
    return isWorking() && status != OrderStatus.PENDING_CANCEL;
  }

  void addFill(long qty) {
    filledQuantity += qty;
    if (filledQuantity == quantity && !status.isDone()) {
      status = OrderStatus.FILLED;
    }
  }

  /** Applies a broker status; returns false (and changes nothing) when the table refuses it. */
  boolean moveTo(OrderStatus next) {
    try {
      status = status.moveTo(next);
      return true;
    } catch (IllegalTransitionException e) {
      return false;
    }
  }

  OrderSnapshot snapshot() {
    return new OrderSnapshot(ref, action, quantity, filledQuantity, status, rule);
  }

  @Override
  public String toString() {
    return ref + " " + action + " " + filledQuantity + "/" + quantity + " " + status;
  }
}
