package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.bench.peers.Implementation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The peers chapter and its charts show the run's figures: each implementation's p50 at its place
 * on the log-log chart, under its own name, and in the tables with its ratio to hand-coded Java;
 * and the committed chapter and charts are exactly what the committed results generate.
 */
class PeersReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double L = LogLogChart.LEFT;
  private static final double R = LogLogChart.RIGHT;
  private static final double T = LogLogChart.TOP;
  private static final double B = LogLogChart.BOTTOM;

  /** docs/ seen from the module's directory, where Maven runs its tests. */
  private static final Path DOCS = Path.of("..", "..", "docs");

  /**
   * quietTick at 1k and 10k plans, p50 (µs): hand-coded 0.1 and 1, engine 1 and 10, Drools without
   * the gate 100 and 1,000, Esper 10 and 100; p99 ten times the p50. Four decades up, one across.
   */
  private static final Map<Implementation, double[]> P50 =
      Map.of(
          Implementation.HAND_CODED, new double[] {0.1, 1},
          Implementation.ENGINE, new double[] {1, 10},
          Implementation.DROOLS_UNGATED, new double[] {100, 1_000},
          Implementation.ESPER, new double[] {10, 100});

  private static RunResults run() throws Exception {
    List<Measurement> jmh = new ArrayList<>();
    List<JsonNode> trials = new ArrayList<>();
    List<JsonNode> heap = new ArrayList<>();
    int[] sizes = {1_000, 10_000};
    for (Implementation impl : Implementation.values()) {
      for (int s = 0; s < sizes.length; s++) {
        double p50 = P50.get(impl)[s];
        jmh.add(
            new Measurement(
                "quietTick",
                "sample",
                Map.of("impl", impl.name(), "plans", Integer.toString(sizes[s])),
                p50,
                "us/op",
                Map.of("50.0", p50, "99.0", 10 * p50),
                1_000));
        trials.add(
            JSON.readTree(
                String.format(
                    Locale.ROOT,
                    "{\"workload\":\"quietTick\",\"impl\":\"%s\",\"plans\":%d,"
                        + "\"allocatedBytesPerOp\":%s,\"cpuMicrosPerOp\":%s}",
                    impl.name(),
                    sizes[s],
                    100 * p50,
                    2 * p50)));
        heap.add(
            JSON.readTree(
                String.format(
                    Locale.ROOT,
                    "{\"impl\":\"%s\",\"plans\":%d,\"heapBytesPerPlan\":%s}",
                    impl.name(),
                    sizes[s],
                    impl == Implementation.HAND_CODED ? 1_000 : 6_000)));
      }
    }
    JsonNode machine =
        JSON.readTree(
            "{\"date\":\"2026-12-04T20:17:29Z\",\"cpu\":\"AMD EPYC\",\"cores\":2,"
                + "\"loadStart\":\"13.29 / 14.72 / 13.15 (1 / 5 / 15 min)\","
                + "\"mode\":\"Quick mode.\"}");
    return new RunResults(jmh, trials, heap, machine);
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> texts(Document d, String cssClass) {
    List<String> out = new ArrayList<>();
    NodeList n = d.getElementsByTagName("text");
    for (int i = 0; i < n.getLength(); i++) {
      Element e = (Element) n.item(i);
      if (cssClass.equals(e.getAttribute("class"))) {
        out.add(e.getTextContent());
      }
    }
    return out;
  }

  private static String points(Document d, String series) {
    NodeList n = d.getElementsByTagName("polyline");
    for (int i = 0; i < n.getLength(); i++) {
      Element e = (Element) n.item(i);
      if (series.equals(e.getAttribute("data-series"))) {
        return e.getAttribute("points");
      }
    }
    throw new AssertionError("no polyline for " + series);
  }

  private static String px(double x, double y) {
    return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
  }

  /** The pixel height of {@code decades} above 0.1 µs, the chart's floor, over its four decades. */
  private static double up(double decades) {
    return B - decades / 4 * (B - T);
  }

  @Test
  void eachImplementationsP50SitsAtItsPlaceOnTheWorkloadsChart() throws Exception {
    Document d = parse(new PeersReport(run()).charts().get("quietTick"));

    assertThat(texts(d, "title")).containsExactly("quietTick: a tick that crosses no level");
    assertThat(texts(d, "x-tick")).containsExactly("1k", "10k");
    assertThat(texts(d, "y-tick")).containsExactly("0.1", "1", "10", "100", "1k");
    assertThat(texts(d, "y-label")).containsExactly("time per operation, µs (p50)");
    assertThat(texts(d, "legend"))
        .containsExactly("hand-coded Java", "Tradeplan engine", "Drools, no gate", "Esper");
    // 1k plans on the left edge, 10k on the right; 0.1 µs on the floor, 1,000 µs on the ceiling
    assertThat(points(d, "hand-coded Java")).isEqualTo(px(L, up(0)) + " " + px(R, up(1)));
    assertThat(points(d, "Tradeplan engine")).isEqualTo(px(L, up(1)) + " " + px(R, up(2)));
    assertThat(points(d, "Esper")).isEqualTo(px(L, up(2)) + " " + px(R, up(3)));
    assertThat(points(d, "Drools, no gate")).isEqualTo(px(L, up(3)) + " " + px(R, up(4)));
  }

  @Test
  void theHeapChartShowsBytesPerPlan() throws Exception {
    Document d = parse(new PeersReport(run()).charts().get("heap"));

    assertThat(texts(d, "y-label")).containsExactly("bytes per plan");
    assertThat(texts(d, "y-tick")).containsExactly("1k", "10k");
    double sixK = B - Math.log10(6) * (B - T);
    assertThat(points(d, "hand-coded Java")).isEqualTo(px(L, B) + " " + px(R, B));
    assertThat(points(d, "Tradeplan engine")).isEqualTo(px(L, sixK) + " " + px(R, sixK));
  }

  @Test
  void theTablesGiveEachFigureWithItsRatioToHandCodedJava() throws Exception {
    String md = new PeersReport(run()).markdown(name -> "benchmarks/peers-" + name + ".svg");

    assertThat(md)
        .startsWith("Run: 2026-12-04T20:17:29Z on AMD EPYC (2 cores, ? memory)")
        .contains("load average 13.29 / 14.72 / 13.15 (1 / 5 / 15 min) at the start")
        .contains("| | 10k | 1.00 | 10.0 (10x) | 1,000 (1,000x) | 100 (100x) |")
        .contains("| | 1k | 1.00 | 10.0 (10x) | 1,000 (1,000x) | 100 (100x) |") // p99
        .contains("| | 1k | 0.200 | 2.00 (10x) | 200 (1,000x) | 20.0 (100x) |") // CPU
        .contains("| | 1k | 10.0 | 100 | 10,000 | 1,000 |") // bytes allocated
        .contains("| 10k | 1,000 | 6,000 | 6,000 | 6,000 |") // heap per plan
        .contains("![quietTick: p50 against plans](benchmarks/peers-quietTick.svg)")
        .contains("| the engine within 2x of hand-coded Java on every workload (p50) | worst 10x")
        .contains(
            "| untriggered tick p50 under 1 µs at 1M plans | p50 10.0 µs at 10k plans | **missed**")
        .contains(
            "| the engine within 2x of hand-coded Java on every workload (CPU time) | worst 10x");
  }
}
