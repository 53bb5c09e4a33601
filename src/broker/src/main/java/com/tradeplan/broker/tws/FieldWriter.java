package com.tradeplan.broker.tws;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the fields of one message. {@code null} is written as an empty field, which is how the TWS
 * protocol says "unset"; booleans are 1/0; decimals are plain text without trailing zeros.
 */
public final class FieldWriter {
  private final List<String> fields = new ArrayList<>();

  public FieldWriter add(String s) {
    fields.add(s == null ? "" : s);
    return this;
  }

  public FieldWriter add(int v) {
    fields.add(Integer.toString(v));
    return this;
  }

  public FieldWriter add(long v) {
    fields.add(Long.toString(v));
    return this;
  }

  public FieldWriter add(Integer v) {
    fields.add(v == null ? "" : v.toString());
    return this;
  }

  public FieldWriter add(Boolean v) {
    fields.add(v == null ? "" : v ? "1" : "0");
    return this;
  }

  public FieldWriter add(boolean v) {
    fields.add(v ? "1" : "0");
    return this;
  }

  public FieldWriter add(BigDecimal v) {
    fields.add(plain(v));
    return this;
  }

  /** Plain decimal text without trailing zeros ("101.5", "100"), empty for null. */
  public static String plain(BigDecimal v) {
    if (v == null) {
      return "";
    }
    if (v.signum() == 0) {
      return "0";
    }
    return v.stripTrailingZeros().toPlainString();
  }

  public List<String> fields() {
    return List.copyOf(fields);
  }

  public byte[] frame() {
    return Frames.frame(fields);
  }
}
