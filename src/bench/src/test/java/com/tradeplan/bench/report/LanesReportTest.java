package com.tradeplan.bench.report;

import static com.tradeplan.bench.report.ReportFixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lanes chapter shows each phase's tick to decision in µs, the p99 with jobs over the p99
 * without within one isolation mode, and the jobs' CPU; the committed section is what the committed
 * results generate.
 */
class LanesReportTest {
  private static final String PHASE =
      "{'workload':'lanes','plans':1000,'isolation':'%s','phase':'%s','samples':%d,"
          + "'p50Nanos':%d,'p90Nanos':%d,'p99Nanos':%d,'p999Nanos':%d,'maxNanos':%d%s}";

  private static RunResults run() throws Exception {
    return new RunResults(
        List.of(),
        lines(
            String.format(
                PHASE,
                "thread",
                "no job",
                4000,
                298_400,
                2_559_000,
                19_709_000,
                90_000_000,
                120_000_000,
                ""),
            String.format(
                PHASE,
                "thread",
                "jobs running",
                4000,
                324_000,
                3_723_000,
                32_374_000,
                239_861_000,
                900_000_000,
                ",'jobs':3,'jobCpuMillis':6600,'jobWallMillis':49500"),
            String.format(
                PHASE,
                "process",
                "no job",
                4000,
                557_000,
                3_551_000,
                16_285_000,
                30_000_000,
                40_000_000,
                ""),
            String.format(
                PHASE,
                "process",
                "jobs running",
                4000,
                443_000,
                1_501_000,
                16_588_000,
                33_521_000,
                50_000_000,
                ",'jobs':1,'jobCpuMillis':8800,'jobWallMillis':16600")),
        List.of(),
        ReportFixtures.machine());
  }

  @Test
  void showsEachPhaseAndTheRatioWithinItsMode() throws Exception {
    String md = new LanesReport(run()).markdown();

    assertThat(md)
        .contains("| thread | no job | 4,000 | 298 | 2,559 | 19,709 | 90,000 | 120,000 |  |  |")
        .contains(
            "| thread | jobs running | 4,000 | 324 | 3,723 | 32,374 | 239,861 | 900,000 | 1.6x |"
                + " 6.60 s in 49.5 s (13%), jobs done: 3 |")
        .contains(
            "| process | jobs running | 4,000 | 443 | 1,501 | 16,588 | 33,521 | 50,000 | 1.0x |"
                + " 8.80 s in 16.6 s (53%), jobs done: 1 |");
  }
}
