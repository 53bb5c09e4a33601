package com.tradeplan.bench.report;

import java.util.Locale;

/** How measured figures are printed in the reports: three significant digits, thousands grouped. */
final class Figures {
  private Figures() {}

  /** 0.0812 -> "0.0812", 12.345 -> "12.3", 1234.5 -> "1,235". */
  static String value(Double v) {
    if (v == null || v.isNaN()) {
      return "—";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    if (a == 0) {
      return "0";
    }
    int digits = 2 - (int) Math.floor(Math.log10(a));
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** A ratio as "1.3x" (two significant digits below 10, whole numbers above). */
  static String ratio(double r) {
    if (r >= 10) {
      return String.format(Locale.ROOT, "%,.0fx", r);
    }
    return String.format(Locale.ROOT, "%.1fx", r);
  }

  /** 1000 -> "1k", 1000000 -> "1M"; other counts grouped. */
  static String plans(int n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return String.format(Locale.ROOT, "%,d", n);
  }
}
