package com.tradeplan.domain.history;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a plan's history, as simulator-io.md's RESULT.json and the trade's event log show
 * it.
 *
 * <ul>
 *   <li>{@code ORDER}: an order sent (role, index for targets, side, quantity);
 *   <li>{@code FILL}: an execution (role, index, side, quantity, price);
 *   <li>{@code CANCEL}: an order cancelled (role, index, side, the unfilled quantity);
 *   <li>{@code STATUS}: the status pair changed (orderStatus, tradeStatus);
 *   <li>{@code REJECT}: the broker refused an order (role, index, side, quantity, reason);
 *   <li>{@code ACTION}: a trader action (reason names it: cancel, flatten).
 * </ul>
 *
 * {@code tick} is the 0-based tick index in a simulation and -1 in live trading; {@code rule} is
 * the name of the rule that caused the event (null for broker reports and trader actions).
 */
public record PlanEvent(
    String planId,
    long tick,
    Instant time,
    Type type,
    OrderRole role,
    Integer index,
    OrderAction side,
    Long quantity,
    BigDecimal price,
    PlanStatus orderStatus,
    TradeStatus tradeStatus,
    String orderRef,
    String rule,
    String reason) {

  /** The kinds of history entries. */
  public enum Type {
    ORDER,
    FILL,
    CANCEL,
    STATUS,
    REJECT,
    ACTION
  }

  public PlanEvent {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(type, "type");
    if (type == Type.STATUS && (orderStatus == null || tradeStatus == null)) {
      throw new IllegalArgumentException("a STATUS event needs both statuses");
    }
    if (role != OrderRole.TARGET) {
      index = null;
    }
  }

  public static PlanEvent status(String planId, long tick, Instant time, PlanStatus status) {
    return new PlanEvent(
        planId,
        tick,
        time,
        Type.STATUS,
        null,
        null,
        null,
        null,
        null,
        status,
        status.tradeStatus(),
        null,
        null,
        null);
  }
}
