package com.tradeplan.bench.report;

/**
 * The generated table of docs/benchmarks.md's engine chapter: every JMH result of the run ({@code
 * EngineBenchmark}, {@code LiveSessionBenchmark}), sampled times as percentiles and throughputs as
 * their score.
 */
public final class EngineReport {
  private final RunResults run;

  public EngineReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\n| benchmark | result |\n|---|---|\n");
    for (Measurement m : run.jmh()) {
      b.append("| `").append(m.benchmark()).append("` | ");
      if (m.percentile(50.0) != null) {
        String unit = m.unit().replace("/op", "");
        b.append("p50 ").append(Figures.value(m.percentile(50.0))).append(' ').append(unit);
        b.append(", p90 ").append(Figures.value(m.percentile(90.0)));
        b.append(", p99 ").append(Figures.value(m.percentile(99.0)));
        b.append(", p99.9 ").append(Figures.value(m.percentile(99.9)));
        b.append(String.format(java.util.Locale.ROOT, " (%,d samples)", m.samples()));
      } else {
        b.append(Figures.value(m.score())).append(' ').append(m.unit());
      }
      b.append(" |\n");
    }
    return b.append('\n').toString();
  }
}
