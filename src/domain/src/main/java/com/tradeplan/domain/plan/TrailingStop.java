package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.util.Objects;

/** A stop that trails the best price since the first entry fill by {@code distance} price units. */
public record TrailingStop(BigDecimal distance) {
  public TrailingStop {
    Objects.requireNonNull(distance, "distance");
  }
}
