package com.tradeplan.bench.report;

import static com.tradeplan.bench.report.ReportFixtures.lines;
import static com.tradeplan.bench.report.ReportFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule-set versions chapter shows the heap per loaded version, the quiet tick per number of
 * versions and the tick per strategy with its ratio to none; the committed section is what the
 * committed results generate.
 */
class RulesetsReportTest {
  private static final long MIB = 1024 * 1024;

  private static RunResults run() throws Exception {
    return new RunResults(
        List.of(
            scored(
                "quietTick",
                "avgt",
                Map.of("versions", "1", "pinnedSpread", "false"),
                9.1,
                "us/op"),
            scored(
                "quietTick", "avgt", Map.of("versions", "8", "pinnedSpread", "true"), 3.6, "us/op"),
            scored("tick", "avgt", Map.of("strategy", "none"), 29.0, "us/op"),
            scored("tick", "avgt", Map.of("strategy", "exit-at-time"), 3_298.0, "us/op")),
        lines(
            "{'workload':'versionHeap','versions':0,'heapBytes':"
                + (11 * MIB / 10)
                + ","
                + "'addedBytes':null,'collector':'G1 Young Generation, G1 Old Generation'}",
            "{'workload':'versionHeap','versions':1,'heapBytes':"
                + (233 * MIB / 10)
                + ","
                + "'addedBytes':"
                + (222 * MIB / 10)
                + ",'collector':'G1'}",
            "{'workload':'versionHeap','versions':2,'heapBytes':"
                + (246 * MIB / 10)
                + ","
                + "'addedBytes':"
                + (13 * MIB / 10)
                + ",'collector':'G1'}",
            "{'workload':'versionHeap','versions':3,'heapBytes':"
                + (257 * MIB / 10)
                + ","
                + "'addedBytes':"
                + (11 * MIB / 10)
                + ",'collector':'G1'}"),
        List.of(),
        ReportFixtures.machine());
  }

  @Test
  void showsTheHeapPerVersionAndTheTicks() throws Exception {
    String md = new RulesetsReport(run()).markdown();

    assertThat(md)
        .contains("collector G1 Young Generation, G1 Old Generation")
        .contains("| 0 | 1.1 | - |")
        .contains("| 1 | 23.3 | 22.2 |")
        .contains("| 2 | 24.6 | 1.3 |")
        .contains("| 3 | 25.7 | 1.1 |")
        .contains("Each further version (2 to 3): 1.2 MiB on average, 1.1 to 1.3 MiB.")
        .contains("| false | 1 | 9.10 µs |")
        .contains("| true | 8 | 3.60 µs |")
        .contains("| none | 29.0 µs | - |")
        .contains("| `exit-at-time` | 3,298 µs | 114x |");
  }
}
