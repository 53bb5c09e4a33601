package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The generated section of docs/benchmarks.md's "The risk check" chapter: JMH's sample time of one
 * entry checked and released ({@code RiskCheckBenchmark}), its percentiles against issue 14's
 * target (p99 under 20 µs), and per round of {@code RiskCheckAllocation} (workload {@code
 * riskAllocation} in {@code trials.jsonl}) the bytes allocated and the thread CPU time per
 * operation once the JIT has settled: counts the machine's load does not move.
 */
public final class RiskReport {
  static final double TARGET_P99_MICROS = 20.0;

  private final RunResults run;

  public RiskReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\n| measure | result | target |\n|---|---|---|\n");
    for (Measurement m : run.jmh()) {
      if (!m.benchmark().equals("entryCheckedAndReleased") || m.percentile(50.0) == null) {
        continue;
      }
      String u = Percentiles.unit(m);
      b.append(
          String.format(
              Locale.ROOT,
              "| JMH sample time, one entry checked and released (%,d samples) | min %s %s,"
                  + " p50 %s, p90 %s, p95 %s, **p99 %s**, p99.9 %s, max %s | %s |%n",
              m.samples(),
              Figures.value(m.percentile(0.0)),
              u,
              Figures.value(m.percentile(50.0)),
              Figures.value(m.percentile(90.0)),
              Figures.value(m.percentile(95.0)),
              Figures.value(m.percentile(99.0)),
              Figures.value(m.percentile(99.9)),
              Figures.value(m.percentile(100.0)),
              Percentiles.against(m, 99.0, TARGET_P99_MICROS, "p99 under 20 µs")));
    }
    StringBuilder rounds = new StringBuilder();
    JsonNode last = null;
    for (JsonNode t : run.trials()) {
      if (t.path("workload").asText().equals("riskAllocation")) {
        last = t;
        rounds.append(
            String.format(
                Locale.ROOT,
                "| %d | %,d | %s B | %s µs |%n",
                t.path("round").asInt(),
                t.path("operations").asLong(),
                String.format(Locale.ROOT, "%,.0f", t.path("bytesPerOperation").asDouble()),
                Figures.value(t.path("cpuNanosPerOperation").asDouble() / 1e3)));
      }
    }
    if (last != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "| allocated per entry checked and released, steady state (`RiskCheckAllocation`,"
                  + " the last round) | **%,.0f B** | |%n",
              last.path("bytesPerOperation").asDouble()));
      b.append(
          String.format(
              Locale.ROOT,
              "%n`RiskCheckAllocation`: rounds after %,d warm-up operations"
                  + " (`getThreadAllocatedBytes`, thread CPU time):%n%n",
              last.path("warmUpOperations").asLong()));
      b.append("| round | operations | allocated per operation | thread CPU per operation |\n");
      b.append("|---:|---:|---:|---:|\n").append(rounds);
    }
    return b.append('\n').toString();
  }
}
