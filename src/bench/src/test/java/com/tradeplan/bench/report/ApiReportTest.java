package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API chapter and its chart, generated from a small api.json as api-load.mjs writes it. */
class ApiReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String API_JSON =
      """
      {"runs": [
        {"traders": 100, "durationSeconds": 20, "quietSeconds": 15,
         "requests": {"total": 4000, "perSecond": 200, "errors": 0, "timeouts": 0, "non2xx": 12,
           "latencyMs": {"p50": 10, "p90": 40, "p99": 100, "max": 900},
           "statusCodes": {"200": 3000, "201": 988, "429": 10, "404": 2}},
         "websocket": {"subscribers": 100, "connected": 100, "messages": 2500, "errors": 0},
         "tickToDecision": {"baseline": {"ticks": 900, "p50Ms": 1, "p99Ms": 10},
           "load": {"ticks": 1200, "p50Ms": 2, "p99Ms": 100}}},
        {"traders": 1000, "durationSeconds": 20, "quietSeconds": 15,
         "requests": {"total": 8000, "perSecond": 400, "errors": 3, "timeouts": 3, "non2xx": 0,
           "latencyMs": {"p50": 100, "p90": 400, "p99": 1000, "max": 5000},
           "statusCodes": {"200": 8000}},
         "websocket": {"subscribers": 1000, "connected": 998, "messages": 20000, "errors": 2},
         "tickToDecision": {"baseline": {"ticks": 0}, "load": {"ticks": 1000, "p50Ms": 5,
           "p99Ms": 1000}}}]}
      """;

  private static ApiReport report() throws Exception {
    return new ApiReport(
        JSON.readTree(API_JSON),
        new RunResults(
            List.of(),
            List.of(),
            List.of(),
            JSON.readTree("{\"date\":\"2026-12-05T07:10:00Z\",\"mode\":\"Quick mode.\"}")));
  }

  @Test
  void eachRunIsARowWithThroughputLatencyErrorsAndTheNonSuccessStatuses() throws Exception {
    String md = report().markdown(n -> "charts/api-" + n + ".svg");

    assertThat(md).startsWith("Run: 2026-12-05T07:10:00Z on");
    assertThat(md)
        .contains(
            "| 100 | 4,000 | 200 | 10.0 ms | 40.0 ms | 100 ms | 900 ms | 0 | 12 (429: 10, 404: 2)"
                + " | 100 of 100, 2,500 |")
        .contains("| 1,000 | 8,000 | 400 | 100 ms | 400 ms | 1,000 ms | 5,000 ms | 3 | 0  |")
        .contains("998 of 1,000, 20,000 |");
    assertThat(md).contains("(charts/api-latency.svg)");
  }

  @Test
  void tickToDecisionUnderLoadIsComparedWithTheQuietPhase() throws Exception {
    String md = report().markdown(n -> n);

    assertThat(md).contains("| 100 | 900, 1.00 ms, 10.0 ms | 1,200, 2.00 ms, 100 ms | 10x |");
    // no tick in the quiet phase: no ratio rather than a division by zero
    assertThat(md).contains("| 1,000 | no tick | 1,000, 5.00 ms, 1,000 ms | - |");
  }

  @Test
  void theChartDrawsEachSeriesAtItsTraders() throws Exception {
    SvgRead svg = new SvgRead(report().charts().get("latency"));

    assertThat(svg.texts("legend"))
        .containsExactly(
            "requests p50",
            "requests p99",
            "tick to decision p99, at rest",
            "tick to decision p99, under load");
    assertThat(svg.texts("x-tick")).containsExactly("100", "1k");
    // 10 ms (the lowest p50 and p99 drawn; the empty quiet phase has no point) to 1,000 ms
    assertThat(svg.texts("y-tick")).containsExactly("10", "100", "1k");
    assertThat(svg.points("tick to decision p99, at rest")).hasSize(1);
    assertThat(svg.points("requests p99").get(1))
        .containsExactly(LogLogChart.RIGHT, LogLogChart.TOP);
    assertThat(svg.markers())
        .contains("requests p50: 10 at 100", "tick to decision p99, under load: 1000 at 1000");
  }
}
