package com.tradeplan.engine.facts;

import com.tradeplan.domain.order.OrderRole;

/**
 * A trigger that wants to exit: inserted by a trigger rule, turned into at most one exit order by
 * the sizing rule, then removed. {@code wanted} null means the whole uncovered position. {@code
 * sequence} orders the exits of one tick: stop first, then targets by index.
 */
public final class ExitRequest {
  private final String planId;
  private final OrderRole role;
  private final int index;
  private final Long wanted;
  private final String rule;

  public ExitRequest(String planId, OrderRole role, int index, Long wanted, String rule) {
    this.planId = planId;
    this.role = role;
    this.index = index;
    this.wanted = wanted;
    this.rule = rule;
  }

  public String getPlanId() {
    return planId;
  }

  public OrderRole getRole() {
    return role;
  }

  public int getIndex() {
    return index;
  }

  public Long getWanted() {
    return wanted;
  }

  public String getRule() {
    return rule;
  }

  public int getSequence() {
    return role == OrderRole.TARGET ? 1 + index : 0;
  }

  /** The exit quantity: what is wanted, but never more than what no working exit covers yet. */
  public long sizeFor(PlanState plan) {
    long uncovered = plan.getUncoveredQuantity();
    return wanted == null ? uncovered : Math.min(wanted, uncovered);
  }

  @Override
  public String toString() {
    return "ExitRequest[" + planId + " " + role + "#" + index + " wanted=" + wanted + "]";
  }
}
