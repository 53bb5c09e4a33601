package com.tradeplan.domain.strategy;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The strategy a plan runs and every one of its parameters, defaults filled in, each a value of its
 * type: {@link BigDecimal} for a decimal, {@link Long}, {@link LocalTime} (exchange time), {@link
 * Boolean}. Made by {@link StrategyValidator} from the trader's input, or read back from a stored
 * plan. Parameters are kept sorted by name, so a plan's JSON and snapshot are deterministic.
 */
public record StrategyChoice(String name, Map<String, Object> params) {
  public StrategyChoice {
    Objects.requireNonNull(name, "name");
    params = Collections.unmodifiableMap(new TreeMap<>(params));
    params.forEach(
        (k, v) -> {
          if (!(v instanceof BigDecimal
              || v instanceof Long
              || v instanceof LocalTime
              || v instanceof Boolean)) {
            throw new IllegalArgumentException("parameter " + k + " has no strategy type: " + v);
          }
        });
  }

  /** Each parameter as the API writes it (decimals plain, times HH:MM). */
  public Map<String, String> paramTexts() {
    Map<String, String> texts = new TreeMap<>();
    params.forEach((k, v) -> texts.put(k, ParameterType.format(v)));
    return texts;
  }

  /**
   * Each parameter as {@code "TYPE VALUE"} ({@code "decimal 2.5"}, {@code "time 15:55"}): how the
   * store and the cluster keep a choice, so that reading it back needs no schema.
   */
  public Map<String, String> typedTexts() {
    Map<String, String> texts = new TreeMap<>();
    params.forEach((k, v) -> texts.put(k, typeOf(v).schemaName() + " " + ParameterType.format(v)));
    return texts;
  }

  /** A choice from {@link #typedTexts}; throws on a text no type reads (a corrupt store). */
  public static StrategyChoice fromTypedTexts(String name, Map<String, String> typed) {
    Map<String, Object> params = new TreeMap<>();
    typed.forEach(
        (k, text) -> {
          int space = text.indexOf(' ');
          ParameterType type = space < 0 ? null : ParameterType.named(text.substring(0, space));
          Object value = type == null ? null : type.parse(text.substring(space + 1));
          if (value == null) {
            throw new IllegalArgumentException("strategy parameter " + k + ": cannot read " + text);
          }
          params.put(k, value);
        });
    return new StrategyChoice(name, params);
  }

  /** The type of a stored value. */
  public static ParameterType typeOf(Object value) {
    if (value instanceof BigDecimal) {
      return ParameterType.DECIMAL;
    }
    if (value instanceof Long) {
      return ParameterType.INTEGER;
    }
    if (value instanceof LocalTime) {
      return ParameterType.TIME;
    }
    return ParameterType.BOOLEAN;
  }
}
