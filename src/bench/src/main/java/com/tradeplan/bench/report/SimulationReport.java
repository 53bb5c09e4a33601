package com.tradeplan.bench.report;

import java.util.Locale;

/**
 * The generated table of docs/benchmarks.md's simulator chapter ({@code SimulationBenchmark}): per
 * plan count, the mean time of one whole run and the ticks per second it makes on one thread.
 */
public final class SimulationReport {
  private final RunResults run;

  public SimulationReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append(
        "\n\n| plans | ticks per run | one run (mean) | ticks per second, one thread |\n|---:|---:|---:|---:|\n");
    for (Measurement m : run.jmh()) {
      if (!m.benchmark().equals("simulate") || m.param("plans") == null) {
        continue;
      }
      long ticks = Long.parseLong(m.param("ticks"));
      double millis =
          m.unit().startsWith("ms")
              ? m.score()
              : m.unit().startsWith("s") ? m.score() * 1e3 : Double.NaN;
      b.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s ms | %,.0f |%n",
              Long.parseLong(m.param("plans")),
              ticks,
              Figures.value(m.score()),
              ticks / (millis / 1e3)));
    }
    return b.append('\n').toString();
  }
}
