package com.tradeplan.bench.report;

import static com.tradeplan.bench.report.ReportFixtures.lines;
import static com.tradeplan.bench.report.ReportFixtures.sampled;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The risk chapter shows the check's percentiles against the 20 µs p99 target and the allocation
 * rounds, the last round as the steady state; the committed section is what the committed results
 * generate.
 */
class RiskReportTest {
  private static RunResults run(double p99) throws Exception {
    return new RunResults(
        List.of(
            sampled(
                "entryCheckedAndReleased",
                Map.of(),
                395_280,
                0,
                1.3,
                50,
                2.0,
                90,
                8.0,
                95,
                13.5,
                99,
                p99,
                99.9,
                55.9,
                100,
                8_200)),
        lines(
            "{'workload':'riskAllocation','round':1,'warmUpOperations':300000,'operations':100000,"
                + "'bytesPerOperation':1012.4,'cpuNanosPerOperation':5230.0}",
            "{'workload':'riskAllocation','round':2,'warmUpOperations':300000,'operations':100000,"
                + "'bytesPerOperation':969.2,'cpuNanosPerOperation':4100.0}"),
        List.of(),
        ReportFixtures.machine());
  }

  @Test
  void showsThePercentilesAgainstTheTargetAndTheAllocation() throws Exception {
    String md = new RiskReport(run(17.3)).markdown();

    assertThat(md)
        .contains(
            "| JMH sample time, one entry checked and released (395,280 samples) | min 1.30 µs,"
                + " p50 2.00, p90 8.00, p95 13.5, **p99 17.3**, p99.9 55.9, max 8,200 |"
                + " p99 under 20 µs: met |")
        .contains("the last round) | **969 B** |")
        .contains("| 1 | 100,000 | 1,012 B | 5.23 µs |")
        .contains("| 2 | 100,000 | 969 B | 4.10 µs |");
  }

  @Test
  void saysByHowMuchTheTargetIsMissed() throws Exception {
    assertThat(new RiskReport(run(35.7)).markdown())
        .contains("p99 under 20 µs: missed by 1.8x (15.7 µs over)");
  }
}
