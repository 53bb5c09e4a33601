package com.tradeplan.bench.report;

import static com.tradeplan.bench.report.ReportFixtures.lines;
import static com.tradeplan.bench.report.ReportFixtures.sampled;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine chapter shows each benchmark's percentiles or throughput against issue 3's target, and
 * the live session's CPU per tick from the trials; the committed section is what the committed
 * results generate.
 */
class EngineReportTest {
  private static RunResults run() throws Exception {
    return new RunResults(
        List.of(
            sampled(
                "tickThatCrossesNoLevel", Map.of(), 50_000, 50, 0.1, 90, 0.25, 99, 12, 99.9, 40),
            sampled("tickToOrderIntent", Map.of(), 30_000, 50, 46, 90, 50.3, 99, 130, 99.9, 695),
            // as JMH writes a throughput: percentiles of its iterations' scores, no samples
            new Measurement(
                "randomWalkTicks",
                "thrpt",
                Map.of(),
                2_500_000,
                "ops/s",
                Map.of("50.0", 2_400_000.0, "99.0", 2_600_000.0),
                0)),
        lines(
            "{'workload':'liveSession','plans':1000,'ticks':5000,'cpuNanosPerTick':400000.0}",
            "{'workload':'liveSession','plans':1000,'ticks':5000,'cpuNanosPerTick':300000.0}",
            "{'workload':'liveSession','plans':1000,'ticks':5000,'cpuNanosPerTick':350000.0}"),
        List.of(),
        ReportFixtures.machine());
  }

  @Test
  void showsEachBenchmarksFiguresAgainstItsTarget() throws Exception {
    String md = new EngineReport(run()).markdown();

    assertThat(md)
        .contains(
            "| `tickThatCrossesNoLevel` | p50 0.100 µs, p90 0.250, p99 12.0, p99.9 40.0"
                + " (50,000 samples) | p50 under 5 µs: met |")
        .contains(
            "| `tickToOrderIntent` | p50 46.0 µs, p90 50.3, p99 130, p99.9 695 (30,000 samples)"
                + " | p99 under 100 µs: missed by 1.3x (30.0 µs over) |")
        .contains("| `randomWalkTicks` | 2,500,000 ops/s | at least 100,000 ticks/s: met |");
  }

  @Test
  void showsTheLiveSessionsMedianCpuPerTick() throws Exception {
    assertThat(new EngineReport(run()).markdown())
        .contains(
            "median of 3 measured iterations, from `trials.jsonl`): **350 µs** (300 to 400 µs),"
                + " 0.350 µs per live trade of the 1,000.");
  }
}
