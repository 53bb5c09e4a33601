package com.tradeplan.formats;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One plan of RESULT.json. The decimals are unrounded; {@link ResultJson} rounds them only when it
 * prints them. {@code avgEntryPrice} is null when nothing has filled. {@code id} is null only for a
 * plan of PLANS.json that had none (it failed validation and is still reported, in file order).
 * {@code position} is the open quantity, unsigned for both sides (lifecycle.md: "position > 0").
 */
public record PlanResult(
    String id,
    PlanStatus orderStatus,
    TradeStatus tradeStatus,
    long position,
    long filledEntryQuantity,
    BigDecimal avgEntryPrice,
    BigDecimal realizedPnl,
    BigDecimal commission,
    List<FieldError> errors,
    List<PlanEvent> events) {
  public PlanResult {
    Objects.requireNonNull(orderStatus, "orderStatus");
    Objects.requireNonNull(tradeStatus, "tradeStatus");
    Objects.requireNonNull(realizedPnl, "realizedPnl");
    Objects.requireNonNull(commission, "commission");
    errors = errors == null ? List.of() : List.copyOf(errors);
    events = events == null ? List.of() : List.copyOf(events);
    if (position < 0 || filledEntryQuantity < 0) {
      throw new IllegalArgumentException(
          "position and filledEntryQuantity are unsigned: " + position + "/" + filledEntryQuantity);
    }
  }

  /**
   * A plan that failed validation: DRAFT/PENDING with its errors, nothing filled, no events
   * (simulator-io.md).
   */
  public static PlanResult invalid(String id, List<FieldError> errors) {
    return new PlanResult(
        id,
        PlanStatus.DRAFT,
        TradeStatus.PENDING,
        0,
        0,
        null,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        errors,
        List.of());
  }
}
