package com.tradeplan.broker.tws;

import java.math.BigDecimal;
import java.util.List;

/**
 * Reads the fields of one message in order. Empty fields mean "unset" in the TWS protocol; every
 * parse failure or underrun is a {@link MalformedMessageException} so a reader loop can skip the
 * message and carry on.
 */
public final class FieldReader {
  /** Doubles at or above this are IB's "unset" (Double.MAX_VALUE) sentinel. */
  private static final BigDecimal UNSET_DOUBLE = new BigDecimal("1E300");

  /**
   * The most digits a decimal may have on either side of the point. IB writes doubles (17
   * significant digits), the paper gateway decimals of up to 34 (an average price); a number beyond
   * this is garbage on the line, and letting it through would hand the engine a value whose plain
   * text is megabytes long.
   */
  public static final int MAX_DECIMAL_DIGITS = 50;

  private final List<String> fields;
  private int next;

  public FieldReader(List<String> fields) {
    this.fields = fields;
  }

  public boolean hasMore() {
    return next < fields.size();
  }

  public int position() {
    return next;
  }

  public String readStr() {
    if (next >= fields.size()) {
      throw new MalformedMessageException("message ended after " + fields.size() + " fields");
    }
    return fields.get(next++);
  }

  /** Reads a string that may be absent at the end of the message (older or shorter servers). */
  public String readOptionalStr() {
    return hasMore() ? readStr() : "";
  }

  public int readInt() {
    String s = readStr();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new MalformedMessageException("field " + (next - 1) + " is not an int: " + s);
    }
  }

  /** An int where empty or Integer.MAX_VALUE mean unset. */
  public Integer readIntOrNull() {
    String s = readStr();
    if (s.isEmpty()) {
      return null;
    }
    try {
      int v = Integer.parseInt(s);
      return v == Integer.MAX_VALUE ? null : v;
    } catch (NumberFormatException e) {
      throw new MalformedMessageException("field " + (next - 1) + " is not an int: " + s);
    }
  }

  public long readLong() {
    String s = readStr();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new MalformedMessageException("field " + (next - 1) + " is not a long: " + s);
    }
  }

  public boolean readBool() {
    return readInt() != 0;
  }

  /** A decimal (price, size); null when empty or IB's unset sentinel. Never a binary double. */
  public BigDecimal readDecimal() {
    String s = readStr();
    if (s.isEmpty()) {
      return null;
    }
    BigDecimal v;
    try {
      v = new BigDecimal(s.replace(",", ""));
    } catch (NumberFormatException e) {
      if ("Infinity".equals(s) || "-Infinity".equals(s)) {
        return null;
      }
      throw new MalformedMessageException("field " + (next - 1) + " is not a decimal: " + s);
    }
    if (v.abs().compareTo(UNSET_DOUBLE) >= 0) {
      return null;
    }
    if (v.scale() > MAX_DECIMAL_DIGITS || v.precision() - v.scale() > MAX_DECIMAL_DIGITS) {
      throw new MalformedMessageException(
          "field " + (next - 1) + " is not a plausible decimal: " + abbreviated(s));
    }
    return v;
  }

  private static String abbreviated(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** Like {@link #readDecimal()} but zero instead of null. */
  public BigDecimal readDecimalOrZero() {
    BigDecimal v = readDecimal();
    return v == null ? BigDecimal.ZERO : v;
  }

  public void skip(int n) {
    for (int i = 0; i < n; i++) {
      readStr();
    }
  }
}
