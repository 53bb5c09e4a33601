package com.tradeplan.domain.state;

import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to resume a plan exactly (lifecycle.md section 7): statuses, fills, position,
 * stop eligibility and levels, triggered flags, trailing level, orders and the executions already
 * applied (so a replayed execution is refused after a restart too).
 *
 * <p>Money fields are unrounded sums: {@code entryCost} is the sum of entry fill quantity times
 * price, {@code grossPnl} the realized P&L before commissions, {@code commission} every commission
 * charged. {@code version} increases by one with every change; the store and the cluster use it for
 * conditional updates.
 */
public record PlanSnapshot(
    Plan plan,
    PlanStatus status,
    long position,
    long filledEntryQuantity,
    BigDecimal entryCost,
    BigDecimal grossPnl,
    BigDecimal commission,
    List<StopSnapshot> stops,
    List<Boolean> targetFired,
    BigDecimal activeStop,
    BigDecimal bestPrice,
    boolean stopTriggered,
    boolean flattenRequested,
    List<OrderSnapshot> orders,
    List<String> executionIds,
    String endReason,
    long version) {

  public PlanSnapshot {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(entryCost, "entryCost");
    Objects.requireNonNull(grossPnl, "grossPnl");
    Objects.requireNonNull(commission, "commission");
    stops = List.copyOf(stops);
    targetFired = List.copyOf(targetFired);
    orders = List.copyOf(orders);
    executionIds = List.copyOf(executionIds);
    if (position < 0 || position > filledEntryQuantity) {
      throw new IllegalArgumentException(
          "plan " + plan.id() + ": position " + position + " outside 0.." + filledEntryQuantity);
    }
    if (targetFired.size() != plan.targets().size()) {
      throw new IllegalArgumentException("plan " + plan.id() + ": one fired flag per target");
    }
  }

  /** The same state at another version (a new plan's first stored version, an edit). */
  public PlanSnapshot withVersion(long nextVersion) {
    return new PlanSnapshot(
        plan,
        status,
        position,
        filledEntryQuantity,
        entryCost,
        grossPnl,
        commission,
        stops,
        targetFired,
        activeStop,
        bestPrice,
        stopTriggered,
        flattenRequested,
        orders,
        executionIds,
        endReason,
        nextVersion);
  }

  public String planId() {
    return plan.id();
  }

  /** Quantity-weighted mean entry price, unrounded; null when nothing has filled. */
  public BigDecimal avgEntryPrice() {
    return filledEntryQuantity == 0
        ? null
        : entryCost.divide(
            BigDecimal.valueOf(filledEntryQuantity), com.tradeplan.domain.Decimals.MATH);
  }

  /** Realized P&L after every commission charged so far (lifecycle.md section 6). */
  public BigDecimal realizedPnl() {
    return grossPnl.subtract(commission);
  }
}
