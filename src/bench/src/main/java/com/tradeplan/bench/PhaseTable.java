package com.tradeplan.bench;

import org.HdrHistogram.Histogram;

/** A markdown row of a load run's phase: count, p50, p90, p99, p99.9 and max, in microseconds. */
final class PhaseTable {
  private PhaseTable() {}

  static void row(StringBuilder b, String phase, Histogram h) {
    b.append("| ")
        .append(phase)
        .append(" | ")
        .append(h.getTotalCount())
        .append(" | ")
        .append(micros(h.getValueAtPercentile(50)))
        .append(" | ")
        .append(micros(h.getValueAtPercentile(90)))
        .append(" | ")
        .append(micros(h.getValueAtPercentile(99)))
        .append(" | ")
        .append(micros(h.getValueAtPercentile(99.9)))
        .append(" | ")
        .append(micros(h.getMaxValue()))
        .append(" |\n");
  }

  static String micros(long nanos) {
    return String.format("%,d µs", nanos / 1_000);
  }
}
