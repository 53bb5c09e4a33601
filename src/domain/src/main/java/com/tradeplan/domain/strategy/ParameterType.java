package com.tradeplan.domain.strategy;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The type of a strategy parameter: how its text is read and compared. A decimal is a {@link
 * BigDecimal} (never a double), an integer a {@link Long}, a time an exchange-local {@link
 * LocalTime} written {@code HH:MM}, a boolean {@code true} or {@code false}.
 */
public enum ParameterType {
  DECIMAL("a decimal such as 2.5"),
  INTEGER("an integer"),
  TIME("a time HH:MM"),
  BOOLEAN("true or false");

  private final String expected;

  ParameterType(String expected) {
    this.expected = expected;
  }

  /** The type written in a schema ({@code decimal}); null when no type has that name. */
  public static ParameterType named(String name) {
    for (ParameterType t : values()) {
      if (t.name().toLowerCase(Locale.ROOT).equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** The name a schema and the API use: {@code decimal}, {@code integer}, {@code time}. */
  public String schemaName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What a value must look like, for an error message: "must be a decimal such as 2.5". */
  public String expected() {
    return expected;
  }

  /** The value of {@code text}, or null when it is not one of this type. */
  public Object parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    switch (this) {
      case DECIMAL:
        return t.matches("-?[0-9]{1,12}(\\.[0-9]{1,8})?") ? new BigDecimal(t) : null;
      case INTEGER:
        return t.matches("-?[0-9]{1,12}") ? Long.valueOf(t) : null;
      case TIME:
        if (!t.matches("[0-9]{2}:[0-9]{2}")) {
          return null;
        }
        try {
          return LocalTime.parse(t);
        } catch (DateTimeParseException e) {
          return null;
        }
      case BOOLEAN:
        return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
      default:
        throw new IllegalStateException("no reader for " + this);
    }
  }

  /** Orders two values of this type (decimals by value: 2.50 equals 2.5). */
  @SuppressWarnings("unchecked")
  public int compare(Object a, Object b) {
    return ((Comparable<Object>) a).compareTo(b);
  }

  /** A value as the API and the plan's JSON write it: decimals plain, times HH:MM. */
  public static String format(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(value);
  }
}
