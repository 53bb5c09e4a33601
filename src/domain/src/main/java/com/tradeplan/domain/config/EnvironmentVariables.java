package com.tradeplan.domain.config;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The environment of a process (a map of variable to text, {@code System.getenv()} in production)
 * read as typed values. A variable that is unset or blank takes its default; one that is set is
 * trimmed and must parse, else an {@link IllegalArgumentException} names the variable, the text
 * found and what was expected ({@code "IB_PORT: 'x' is not an integer"}). A malformed value never
 * falls back to the default: a typo in a limit must stop the start, not run with another limit.
 */
public final class EnvironmentVariables {
  private final Map<String, String> env;

  private EnvironmentVariables(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** Reads {@code env}; the map is not copied (read it before changing it). */
  public static EnvironmentVariables of(Map<String, String> env) {
    return new EnvironmentVariables(env);
  }

  /** The trimmed text of {@code name}, or null when it is unset or blank. */
  public String optionalText(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The trimmed text of {@code name}, or {@code dflt} when it is unset or blank. */
  public String text(String name, String dflt) {
    String v = optionalText(name);
    return v == null ? dflt : v;
  }

  /** A whole number (an {@code int}), or {@code dflt} when unset or blank. */
  public int integer(String name, int dflt) {
    return integer(name, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** A whole number in {@code min..max}, or {@code dflt} (not checked) when unset or blank. */
  public int integer(String name, int dflt, int min, int max) {
    if (optionalText(name) == null) {
      return dflt;
    }
    int i = parsed(name, dflt, Integer::valueOf, "an integer");
    if (i < min || i > max) {
      throw new IllegalArgumentException(name + ": " + i + " outside " + min + ".." + max);
    }
    return i;
  }

  /** A whole number (a {@code long}), or {@code dflt} when unset or blank. */
  public long longInteger(String name, long dflt) {
    return parsed(name, dflt, Long::valueOf, "an integer");
  }

  /** A plain decimal ({@code 1}, {@code 0.5}), or {@code dflt} when unset or blank. */
  public BigDecimal decimal(String name, BigDecimal dflt) {
    return parsed(name, dflt, BigDecimal::new, "a decimal number");
  }

  /**
   * A time zone id ({@code America/New_York}, {@code UTC}), or {@code dflt} when unset or blank.
   */
  public ZoneId zone(String name, ZoneId dflt) {
    return parsed(name, dflt, ZoneId::of, "a time zone id");
  }

  /** {@code true} or {@code false} (any case), or {@code dflt} when unset or blank. */
  public boolean bool(String name, boolean dflt) {
    String v = optionalText(name);
    if (v == null) {
      return dflt;
    }
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + ": '" + v + "' is not true or false");
    };
  }

  private <T> T parsed(String name, T dflt, Function<String, T> parse, String expected) {
    String v = optionalText(name);
    if (v == null) {
      return dflt;
    }
    try {
      return parse.apply(v);
    } catch (NumberFormatException | DateTimeException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' is not " + expected, e);
    }
  }
}
