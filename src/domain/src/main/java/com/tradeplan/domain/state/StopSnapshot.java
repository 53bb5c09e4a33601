package com.tradeplan.domain.state;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One stop level of a plan. {@code index} is the stop's position in the plan (the trailing stop has
 * index -1); {@code level} is null for a trailing stop until the first fill.
 */
public record StopSnapshot(
    int index, StopKind kind, BigDecimal level, BigDecimal activateAt, boolean eligible) {
  public StopSnapshot {
    Objects.requireNonNull(kind, "kind");
  }
}
