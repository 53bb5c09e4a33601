package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kill switch chapter from killswitch.jsonl as KillSwitchEndToEndTest appends it: each run's
 * figure in run order, in one unit per row; and the committed section is what the committed run
 * generates.
 */
class KillSwitchReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DOCS = Path.of("..", "..", "docs");

  private static final String LINES =
      """
      {"test":"globalCancel","plans":200,"gatewayEmptyMs":48,"plansCancelledMs":259}
      {"test":"flatten","positions":200,"rejected":300,"flatMs":18412}
      {"test":"globalCancel","plans":200,"gatewayEmptyMs":12,"plansCancelledMs":1060}
      {"test":"flatten","positions":200,"rejected":300,"flatMs":23400}
      """;

  private static List<JsonNode> lines(String text) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : text.strip().split("\n")) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private static RunResults machine() throws Exception {
    return new RunResults(
        List.of(),
        List.of(),
        List.of(),
        JSON.readTree("{\"date\":\"2026-12-05T21:00:00Z\",\"mode\":\"Quick mode: 2 runs.\"}"));
  }

  @Test
  void eachRowShowsEveryRunsFigureInRunOrder() throws Exception {
    String md = new KillSwitchReport(lines(LINES), machine()).markdown();

    assertThat(md).startsWith("Run: 2026-12-05T21:00:00Z on").contains("Quick mode: 2 runs.");
    assertThat(md)
        .contains(
            "| global switch pressed with 200 market entries working: press until the gateway has"
                + " no working order (`reqGlobalCancel`) | 2 | **48, 12 ms** | under 1 s |")
        // one run past a second: the whole row in seconds
        .contains("`CANCELLED` in the engine | 2 | **0.26, 1.06 s** | — |")
        .contains(
            "the gateway rejecting the first 300 flatten orders (every first one, half the second"
                + " ones): press until the account is flat | 2 | **18.41, 23.40 s** |");
  }

  @Test
  void aTestThatRecordedNothingIsSaidNotMeasured() throws Exception {
    String md =
        new KillSwitchReport(lines(LINES.lines().findFirst().orElseThrow()), machine()).markdown();

    assertThat(md).contains("press until the account is flat | 0 | not measured |");
  }
}
