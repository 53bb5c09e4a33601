package com.tradeplan.engine.facts;

import com.tradeplan.domain.order.OrderRole;
import java.math.BigDecimal;

/**
 * One contingent target of a plan, as a fact. A target fires at most once per trade; a target whose
 * order was refused (the broker rejected, lost or ended it, or a local limit denied it) never fired
 * at the market and is re-armed ({@link #rearm}) to fire again, up to {@link
 * PlanState#TARGET_ATTEMPTS_MAX} orders in all.
 */
public final class TargetLevel {
  private final PlanState plan;
  private final PlanOrders orders;
  private final int index;
  private BigDecimal price;
  private Long quantity;
  private boolean fired;

  TargetLevel(
      PlanState plan,
      PlanOrders orders,
      int index,
      BigDecimal price,
      Long quantity,
      boolean fired) {
    this.plan = plan;
    this.orders = orders;
    this.index = index;
    this.price = price;
    this.quantity = quantity;
    this.fired = fired;
  }

  public String getPlanId() {
    return plan.getId();
  }

  public int getIndex() {
    return index;
  }

  public BigDecimal getPrice() {
    return price;
  }

  /** The target's own quantity, or null for "everything still uncovered". */
  public Long getQuantity() {
    return quantity;
  }

  public boolean isFired() {
    return fired;
  }

  /** The orders this target has sent so far (0 before it first fired with something to send). */
  public int getAttempts() {
    return orders.nextAttempt(OrderRole.TARGET, index) - 1;
  }

  /**
   * What the target still wants when it fires again: its quantity less what its orders filled, or
   * null (everything uncovered) for a target without a quantity.
   */
  public Long getStillWanted() {
    return quantity == null ? null : quantity - orders.filledQuantity(OrderRole.TARGET, index);
  }

  /**
   * Makes a fired target able to fire again, after its order was refused: the broker never filled
   * it. The rules decide when (10-broker-reports.drl); the number of orders bounds how often.
   */
  public void rearm() {
    if (fired) {
      fired = false;
      plan.markChanged();
    }
  }

  /** The trader moved this target, not fired yet (a change of exits the rules let through). */
  void movePrice(BigDecimal next) {
    if (fired) {
      throw new IllegalStateException("target " + index + " of " + getPlanId() + " already fired");
    }
    price = next;
    plan.markChanged();
  }

  /** The trader changed this target's quantity, not fired yet. */
  void changeQuantity(long next) {
    if (fired) {
      throw new IllegalStateException("target " + index + " of " + getPlanId() + " already fired");
    }
    quantity = next;
    plan.markChanged();
  }

  public void setFired(boolean fired) {
    if (this.fired && !fired) {
      throw new IllegalStateException("target " + index + " of " + getPlanId() + " already fired");
    }
    if (fired != this.fired) {
      this.fired = true;
      plan.markChanged();
    }
  }

  @Override
  public String toString() {
    return "TargetLevel[" + getPlanId() + "#" + index + " " + price + " fired=" + fired + "]";
  }
}
