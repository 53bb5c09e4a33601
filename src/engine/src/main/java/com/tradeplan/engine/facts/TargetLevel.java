package com.tradeplan.engine.facts;

import java.math.BigDecimal;

/** One contingent target of a plan, as a fact. A target fires at most once per trade. */
public final class TargetLevel {
  private final PlanState plan;
  private final int index;
  private final BigDecimal price;
  private final Long quantity;
  private boolean fired;

  TargetLevel(PlanState plan, int index, BigDecimal price, Long quantity, boolean fired) {
    this.plan = plan;
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
