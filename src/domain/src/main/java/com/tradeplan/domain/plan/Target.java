package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A contingent profit target. {@code quantity} null means "everything open and not already covered
 * by working exits when it triggers".
 */
public record Target(BigDecimal price, Long quantity) {
  public Target {
    Objects.requireNonNull(price, "price");
  }
}
