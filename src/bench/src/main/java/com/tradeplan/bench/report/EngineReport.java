package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated section of docs/benchmarks.md's engine chapter: every JMH result of the run ({@code
 * EngineBenchmark}, {@code LiveSessionBenchmark}), sampled times as percentiles and throughputs as
 * their score, each against issue 3's target where it has one; then, from {@code trials.jsonl}, the
 * thread CPU time per tick of {@code quietTickOfOneThousandLiveTrades} (median and range of the
 * measured iterations), the figure a shared machine's load does not inflate.
 */
public final class EngineReport {
  private final RunResults run;

  public EngineReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\n| benchmark | result | target |\n|---|---|---|\n");
    for (Measurement m : run.jmh()) {
      b.append("| `").append(m.benchmark()).append("` | ");
      // JMH gives a throughput percentiles too (of its iterations' scores): only a sampled time's
      // percentiles are the operations'
      if (m.mode().equals("sample") && m.percentile(50.0) != null) {
        b.append(Percentiles.of(m));
      } else {
        b.append(Figures.value(m.score())).append(' ').append(m.unit());
      }
      b.append(" | ").append(target(m)).append(" |\n");
    }
    List<Double> cpu = new ArrayList<>();
    int trades = 0;
    for (JsonNode t : run.trials()) {
      if (t.path("workload").asText().equals("liveSession")) {
        cpu.add(t.path("cpuNanosPerTick").asDouble() / 1e3);
        trades = t.path("plans").asInt();
      }
    }
    if (!cpu.isEmpty()) {
      double median = Percentiles.median(cpu);
      b.append(
          String.format(
              Locale.ROOT,
              "%n`quietTickOfOneThousandLiveTrades`, thread CPU time per tick (`ThreadMXBean`,"
                  + " median of %d measured iterations, from `trials.jsonl`): **%s µs** (%s to %s"
                  + " µs), %s µs per live trade of the %,d.%n",
              cpu.size(),
              Figures.value(median),
              Figures.value(cpu.stream().min(Double::compare).orElseThrow()),
              Figures.value(cpu.stream().max(Double::compare).orElseThrow()),
              Figures.value(median / trades),
              trades));
    }
    return b.append('\n').toString();
  }

  /** Issue 3's targets (docs/benchmarks.md, "The engine"), met or missed in this run. */
  private static String target(Measurement m) {
    return switch (m.benchmark()) {
      case "tickThatCrossesNoLevel" -> Percentiles.against(m, 50.0, 5.0, "p50 under 5 µs");
      case "tickToOrderIntent" -> Percentiles.against(m, 99.0, 100.0, "p99 under 100 µs");
      case "randomWalkTicks" ->
          m.score() >= 100_000
              ? "at least 100,000 ticks/s: met"
              : "at least 100,000 ticks/s: missed by "
                  + Figures.ratio(100_000 / Math.max(m.score(), 1e-9));
      default -> "";
    };
  }
}
