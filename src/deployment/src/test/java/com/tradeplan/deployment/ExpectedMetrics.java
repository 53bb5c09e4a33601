package com.tradeplan.deployment;

import java.util.Map;
import java.util.Set;

/**
 * The metric names the dashboards and alert rules may use without a running server exporting them
 * today. Kept in one place, and small on purpose: a name lands here only with the issue that will
 * export it, docs/operations.md lists the same names ("Metrics still to come"), and {@link
 * MetricNamesInCodeTest} fails when a name here is registered already (then it leaves this list) or
 * the two lists differ.
 */
final class ExpectedMetrics {
  private ExpectedMetrics() {}

  /** Names the platform does not export yet, with what will export them. */
  static final Map<String, String> PENDING = Map.of();

  /** Names Prometheus makes itself for every target. */
  static final Set<String> FROM_PROMETHEUS = Set.of("up");
}
