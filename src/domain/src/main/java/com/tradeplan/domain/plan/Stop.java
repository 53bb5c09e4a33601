package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A protective stop. Without {@code activateAt} it is eligible as soon as the trade is live; with
 * it, from the first tick that reaches {@code activateAt} (a breakeven stop, for instance).
 */
public record Stop(BigDecimal price, BigDecimal activateAt) {
  public Stop {
    Objects.requireNonNull(price, "price");
  }
}
