package com.tradeplan.bench.report;

import java.util.Map;

/**
 * One JMH result: the benchmark method's simple name, its mode ({@code sample}, {@code thrpt},
 * ...), parameters, score and unit, and for sampled times the percentiles (keys such as {@code
 * "50.0"}) and the number of samples.
 */
public record Measurement(
    String benchmark,
    String mode,
    Map<String, String> params,
    double score,
    String unit,
    Map<String, Double> percentiles,
    long samples) {

  public String param(String name) {
    return params.get(name);
  }

  /** A percentile of a sampled time, such as 50.0 or 99.9; null when not sampled. */
  public Double percentile(double p) {
    return percentiles.get(Double.toString(p));
  }
}
