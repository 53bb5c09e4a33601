package com.tradeplan.bench.report;

import static com.tradeplan.bench.report.ReportFixtures.lines;
import static com.tradeplan.bench.report.ReportFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storms chapter shows every replay's ticks/s, worst crossing delay and ticks folded, the range
 * over the measured replays only, and JMH's score; the committed section is what the committed
 * results generate.
 */
class StormsReportTest {
  private static final String REPLAY =
      "{'workload':'storm','plans':200,'replay':'%s','warmUp':%s,'lanes':2,"
          + "'stormTicks':1000004,'ticksPerSecond':%s,'ticksFolded':%s,'ticksHanded':2000008,"
          + "'exits':376,'worstDelayNanos':%s}";

  private static RunResults run() throws Exception {
    return new RunResults(
        List.of(scored("stormThroughTheLanes", "ss", Map.of(), 4_123.4, "ms/op")),
        lines(
            String.format(REPLAY, "warm-up 1", true, 110189.4, 1929859, 354_000_000L),
            String.format(REPLAY, "1", false, 505880.2, 1983876, 169_400_000L),
            String.format(REPLAY, "2", false, 649824.0, 1994019, 213_000_000L)),
        List.of(),
        ReportFixtures.machine());
  }

  @Test
  void showsEveryReplayAndTheMeasuredRange() throws Exception {
    String md = new StormsReport(run()).markdown();

    assertThat(md)
        .contains(
            "Storm of 1,000,004 ticks, 200 plans, 2 lanes; each replay sent the simulator's 376")
        .contains("| warm-up 1 | 110,189 | 354 ms | 1,929,859 of 2,000,008 |")
        .contains("| 1 | 505,880 | 169 ms | 1,983,876 of 2,000,008 |")
        .contains("| 2 | 649,824 | 213 ms | 1,994,019 of 2,000,008 |")
        // the warm-up's 110,189 ticks/s and 354 ms are not in the measured range
        .contains("Measured replays (2): 505,880 to 649,824 ticks/s, worst crossing delay 213 ms.")
        .contains("single-shot): 4,123 ms per replay.");
  }
}
