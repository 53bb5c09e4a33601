package com.tradeplan.bench.report;

import static com.tradeplan.bench.report.ReportFixtures.lines;
import static com.tradeplan.bench.report.ReportFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator chapter shows per plan count JMH's mean wall time and the median CPU time of the
 * measured runs with the ticks per second each makes; the committed section is what the committed
 * results generate.
 */
class SimulationReportTest {
  @Test
  void showsTheWallAndTheMedianCpuTimePerPlanCount() throws Exception {
    RunResults run =
        new RunResults(
            List.of(
                scored(
                    "simulate", "ss", Map.of("plans", "100", "ticks", "200000"), 4_000, "ms/op")),
            lines(
                "{'workload':'simulation','plans':100,'ticks':200000,'cpuNanos':600000000}",
                "{'workload':'simulation','plans':100,'ticks':200000,'cpuNanos':400000000}",
                "{'workload':'simulation','plans':100,'ticks':200000,'cpuNanos':500000000}",
                "{'workload':'simulation','plans':1,'ticks':200000,'cpuNanos':100000000}"),
            List.of(),
            ReportFixtures.machine());

    // the median of 400, 500 and 600 ms; the one-plan trial is not this row's
    assertThat(new SimulationReport(run).markdown())
        .contains("| 100 | 200,000 | 4,000 ms | 50,000 | 500 ms | 400,000 |");
  }
}
