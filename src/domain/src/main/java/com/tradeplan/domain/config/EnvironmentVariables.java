package com.tradeplan.domain.config;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

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
    String v = optionalText(name);
    if (v == null) {
      return dflt;
    }
    int i;
    try {
      i = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' is not an integer", e);
    }
    if (i < min || i > max) {
      throw new IllegalArgumentException(name + ": " + i + " outside " + min + ".." + max);
    }
    return i;
  }

  /** A whole number (a {@code long}), or {@code dflt} when unset or blank. */
  public long longInteger(String name, long dflt) {
    String v = optionalText(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' is not an integer", e);
    }
  }

  /** A plain decimal ({@code 1}, {@code 0.5}), or {@code dflt} when unset or blank. */
  public BigDecimal decimal(String name, BigDecimal dflt) {
    String v = optionalText(name);
    if (v == null) {
      return dflt;
    }
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' is not a decimal number", e);
    }
  }

  /**
   * A time zone id ({@code America/New_York}, {@code UTC}), or {@code dflt} when unset or blank.
   */
  public ZoneId zone(String name, ZoneId dflt) {
    String v = optionalText(name);
    if (v == null) {
      return dflt;
    }
    try {
      return ZoneId.of(v);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + ": '" + v + "' is not a time zone id", e);
    }
  }
}
