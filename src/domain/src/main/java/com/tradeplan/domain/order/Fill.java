package com.tradeplan.domain.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One execution reported by the broker: the actual quantity and price, never the ordered ones. The
 * execution id is unique per broker; a replayed execution carries the same id and must be refused.
 * {@code commission} may be null until IB's commission report arrives.
 */
public record Fill(
    String executionId,
    OrderRef orderRef,
    OrderAction action,
    long quantity,
    BigDecimal price,
    BigDecimal commission,
    Instant time) {
  public Fill {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(orderRef, "orderRef");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(time, "time");
    if (quantity <= 0) {
      throw new IllegalArgumentException("fill quantity must be > 0: " + quantity);
    }
    if (price.signum() <= 0) {
      throw new IllegalArgumentException("fill price must be > 0: " + price);
    }
    if (commission != null && commission.signum() < 0) {
      throw new IllegalArgumentException("commission must be >= 0: " + commission);
    }
  }
}
