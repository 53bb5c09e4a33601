package com.tradeplan.domain.strategy;

import java.util.Objects;

/**
 * One parameter of a strategy's schema: its name (the key in the plan's {@code strategy.params}),
 * type, inclusive bounds ({@code min}, {@code max}: null for none; booleans have none), default
 * (null: the trader must give it) and a description for the plan form. Bounds and default are
 * values of the type, checked when the schema is read ({@link StrategySchema}).
 */
public record StrategyParameter(
    String name,
    ParameterType type,
    Object min,
    Object max,
    Object defaultValue,
    String description) {
  public StrategyParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }

  /** The error when {@code value} (of this type) lies outside the bounds; null when inside. */
  public String boundsError(Object value) {
    boolean low = min != null && type.compare(value, min) < 0;
    boolean high = max != null && type.compare(value, max) > 0;
    if (!low && !high) {
      return null;
    }
    if (min != null && max != null) {
      return "must be between " + ParameterType.format(min) + " and " + ParameterType.format(max);
    }
    return low
        ? "must be at least " + ParameterType.format(min)
        : "must be at most " + ParameterType.format(max);
  }
}
