package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The path chapter and its charts, generated from a small path.json as PathRun writes it. */
class PathReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double L = LogLogChart.LEFT;
  private static final double R = LogLogChart.RIGHT;
  private static final double T = LogLogChart.TOP;
  private static final double B = LogLogChart.BOTTOM;

  private static final String PATH_JSON =
      """
      {"probes": 300,
       "runs": [
        {"plans": 1000, "activationSeconds": 61.2, "samples": 300, "minUs": 900, "p50Us": 1000,
         "p90Us": 5000, "p99Us": 10000, "p999Us": 20000, "maxUs": 25000},
        {"plans": 10000, "activationSeconds": 640, "samples": 300, "minUs": 950, "p50Us": 2000,
         "p90Us": 9000, "p99Us": 100000, "p999Us": 200000, "maxUs": 250000,
         "stages": {
          "tickToDecision": {"samples": 301, "p50Us": 1500, "p99Us": 90000, "maxUs": 95000},
          "replicatedBeforeSend": {"samples": 299, "p50Us": 700, "p99Us": 4000, "maxUs": 5000},
          "orderAcknowledged": {"samples": 300, "p50Us": 300, "p99Us": 800, "maxUs": 900}}}],
       "storm": {"plans": 1000,
        "entries": {"orders": 1000, "firstMs": 12.5, "lastMs": 11500, "waitP50Ms": 5600,
          "waitP99Ms": 11400, "connections": [
            {"clientId": 11, "orders": 520, "peakPerSecond": 46, "perSecond": [40, 45]},
            {"clientId": 12, "orders": 480, "peakPerSecond": 45, "perSecond": [45, 45]}]},
        "exits": {"orders": 1000, "firstMs": 20, "lastMs": 12000, "waitP50Ms": 6000,
          "waitP99Ms": 11900, "connections": [
            {"clientId": 11, "orders": 540, "peakPerSecond": 45, "perSecond": [10, 0, 100]},
            {"clientId": 12, "orders": 460, "peakPerSecond": 45, "perSecond": [1, 10]}]}}}
      """;

  private static PathReport report() throws Exception {
    JsonNode machine =
        JSON.readTree(
            "{\"date\":\"2026-12-05T07:00:00Z\",\"cpu\":\"AMD EPYC\",\"cores\":2,"
                + "\"mode\":\"Quick mode.\"}");
    return new PathReport(
        JSON.readTree(PATH_JSON), new RunResults(List.of(), List.of(), List.of(), machine));
  }

  @Test
  void theTableHasOneRowPerPopulationWithItsPercentiles() throws Exception {
    String md = report().markdown(name -> "charts/path-" + name + ".svg");

    assertThat(md).startsWith("Run: 2026-12-05T07:00:00Z on AMD EPYC (2 cores");
    assertThat(md).contains("300 probes per population");
    assertThat(md)
        .contains("| 1k | 300 | 900 | 1,000 | 5,000 | 10,000 | 20,000 | 25,000 | 61.2 s |")
        .contains("| 10k | 300 | 950 | 2,000 | 9,000 | 100,000 | 200,000 | 250,000 | 640 s |");
    assertThat(md)
        .contains("![tick to order at the gateway against plans](charts/path-latency.svg)");
  }

  @Test
  void theStagesOfARunWithTheMembersMetersHaveARowEachAndARunWithoutThemNone() throws Exception {
    String md = report().markdown(name -> name);

    assertThat(md)
        .contains(
            "| 10k | tick at the lane to orders at the broker port (queue, rules, intent write,"
                + " replication) | 301 | 1,500 | 90,000 | 95,000 |")
        .contains(
            "| 10k | of it, the wait for the cluster's synchronous backup | 299 | 700 | 4,000 |"
                + " 5,000 |")
        .contains(
            "| 10k | order written to IB until IB's first status (after the sample) | 300 | 300 |"
                + " 800 | 900 |");
    assertThat(md).doesNotContain("| 1k | tick at the lane");
  }

  @Test
  void theTargetIsJudgedAtTheLargestPopulationAndSaysByHowMuch() throws Exception {
    String md = report().markdown(name -> name);

    assertThat(md)
        .contains(
            "p99 100,000 µs at 10k plans on the whole path, **1,000x the target** (99,900 µs over)");
  }

  @Test
  void theStormRowsNameEachConnectionsOrdersAndPeakRate() throws Exception {
    String md = report().markdown(name -> name);

    assertThat(md)
        .contains(
            "| entries | 1,000 | 12.5 ms | 11,500 ms | 5,600 ms | 11,400 ms |"
                + " client 11: 520, 46/s; client 12: 480, 45/s |")
        .contains(
            "| exits | 1,000 | 20.0 ms | 12,000 ms | 6,000 ms | 11,900 ms |"
                + " client 11: 540, 45/s; client 12: 460, 45/s |");
  }

  @Test
  void theLatencyChartPlacesEachPercentileAtItsPopulation() throws Exception {
    SvgRead svg = new SvgRead(report().charts().get("latency"));

    assertThat(svg.texts("legend")).containsExactly("p50", "p99", "p99.9");
    assertThat(svg.texts("x-tick")).containsExactly("1k", "10k");
    // 1,000 µs (the lowest) to 200,000 µs (the highest): decades 1k..1M
    assertThat(svg.texts("y-tick")).containsExactly("1k", "10k", "100k", "1M");
    List<double[]> p50 = svg.points("p50");
    assertThat(p50.get(0)).containsExactly(L, B);
    assertThat(p50.get(1)[0]).isEqualTo(R);
    assertThat(p50.get(1)[1]).isCloseTo(B - Math.log10(2) / 3 * (B - T), within());
    List<double[]> p999 = svg.points("p99.9");
    assertThat(p999.get(1)[1]).isCloseTo(B - (2 + Math.log10(2)) / 3 * (B - T), within());
    assertThat(svg.markers()).contains("p99: 10000 at 1000", "p99.9: 200000 at 10000");
  }

  @Test
  void theStormChartHasOneLinePerConnectionAndSkipsEmptySeconds() throws Exception {
    SvgRead svg = new SvgRead(report().charts().get("storm"));

    assertThat(svg.texts("legend")).containsExactly("client 11", "client 12");
    // client 11 sent 10 orders in the first second, none in the second, 100 in the third
    assertThat(svg.points("client 11")).hasSize(2);
    assertThat(svg.markers())
        .containsExactly(
            "client 11: 10 at 1", "client 11: 100 at 3", "client 12: 1 at 1", "client 12: 10 at 2");
    // the extremes: 1 order (client 12, second 1) at the bottom left; 100 at the top
    assertThat(svg.points("client 12").get(0)).containsExactly(L, B);
    assertThat(svg.points("client 11").get(1)[1]).isEqualTo(T);
  }

  @Test
  void aRunWithoutAStormHasNoStormChartNorTable() throws Exception {
    JsonNode path = JSON.readTree(PATH_JSON);
    ((com.fasterxml.jackson.databind.node.ObjectNode) path).remove("storm");
    PathReport r =
        new PathReport(
            path, new RunResults(List.of(), List.of(), List.of(), JSON.createObjectNode()));

    assertThat(r.charts()).containsOnlyKeys("latency");
    assertThat(r.markdown(n -> n)).doesNotContain("Storm:");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.11);
  }
}
