package com.tradeplan.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the JMH-fed reports print a sampled time's percentiles, medians and a target's verdict. */
final class Percentiles {
  private Percentiles() {}

  /** "p50 45.9 µs, p90 50.3, p99 78.4, p99.9 695 (30,123 samples)". */
  static String of(Measurement m) {
    String unit = unit(m);
    return String.format(
        Locale.ROOT,
        "p50 %s %s, p90 %s, p99 %s, p99.9 %s (%,d samples)",
        Figures.value(m.percentile(50.0)),
        unit,
        Figures.value(m.percentile(90.0)),
        Figures.value(m.percentile(99.0)),
        Figures.value(m.percentile(99.9)),
        m.samples());
  }

  /** The time unit of a measurement, "µs" for JMH's "us/op". */
  static String unit(Measurement m) {
    return m.unit().replace("/op", "").replace("us", "µs");
  }

  /** "p99 under 100 µs: met" or "...: missed by 1.3x (30.2 µs over)"; the limit in µs. */
  static String against(Measurement m, double percentile, double limitMicros, String target) {
    Double v = m.percentile(percentile);
    if (v == null || !m.unit().startsWith("us")) {
      return target;
    }
    if (v < limitMicros) {
      return target + ": met";
    }
    return target
        + ": missed by "
        + Figures.ratio(v / limitMicros)
        + " ("
        + Figures.value(v - limitMicros)
        + " µs over)";
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
