package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The chart is checked by what a reader sees in it, read back from the SVG as XML. */
class LogLogChartTest {
  private static final double L = LogLogChart.LEFT;
  private static final double R = LogLogChart.RIGHT;
  private static final double T = LogLogChart.TOP;
  private static final double B = LogLogChart.BOTTOM;

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
    return String.format(java.util.Locale.ROOT, "%.1f,%.1f", x, y);
  }

  private static LogLogChart twoSeries() {
    return new LogLogChart("quiet ticks", "monitored plans", "time per tick, µs (p50)")
        .add("hand-coded", List.of(new double[] {1_000, 1}, new double[] {1_000_000, 1_000}))
        .add("engine", List.of(new double[] {1_000, 10}, new double[] {10_000, 100}));
  }

  @Test
  void theExtremesSitOnTheCornersOfThePlot() throws Exception {
    Document d = parse(twoSeries().svg());

    // 1k plans at 1 µs is the bottom-left corner, 1M plans at 1,000 µs the top-right one
    assertThat(points(d, "hand-coded")).isEqualTo(px(L, B) + " " + px(R, T));
  }

  @Test
  void pointsInBetweenSitAtTheirLogarithmicPlace() throws Exception {
    Document d = parse(twoSeries().svg());

    // x spans 3 decades (1k..1M), y spans 3 decades (1..1,000): 10k is a third of the way,
    // 10 µs a third up and 100 µs two thirds up
    double third = (R - L) / 3;
    assertThat(points(d, "engine"))
        .isEqualTo(px(L, B - (B - T) / 3) + " " + px(L + third, B - 2 * (B - T) / 3));
  }

  @Test
  void everyDecadeIsLabelledOnBothAxes() throws Exception {
    Document d = parse(twoSeries().svg());

    assertThat(texts(d, "x-tick")).containsExactly("1k", "10k", "100k", "1M");
    assertThat(texts(d, "y-tick")).containsExactly("1", "10", "100", "1k");
    assertThat(texts(d, "x-label")).containsExactly("monitored plans");
    assertThat(texts(d, "y-label")).containsExactly("time per tick, µs (p50)");
    assertThat(texts(d, "legend")).containsExactly("hand-coded", "engine");
    assertThat(texts(d, "title")).containsExactly("quiet ticks");
  }

  @Test
  void theAxesWidenToWholeDecadesAroundTheValues() throws Exception {
    LogLogChart c =
        new LogLogChart("t", "x", "y")
            .add("a", List.of(new double[] {2_000, 0.2}, new double[] {300_000, 30}));
    Document d = parse(c.svg());

    assertThat(texts(d, "x-tick")).containsExactly("1k", "10k", "100k", "1M");
    assertThat(texts(d, "y-tick")).containsExactly("0.1", "1", "10", "100");
    // 0.2 is log10(2) of a decade above 0.1, over three decades of height
    double y = B - Math.log10(2) / 3 * (B - T);
    assertThat(points(d, "a")).startsWith(px(L + Math.log10(2) / 3 * (R - L), y) + " ");
  }

  @Test
  void aSingleValueStillGetsADecade() throws Exception {
    Document d =
        parse(new LogLogChart("t", "x", "y").add("a", List.of(new double[] {1_000, 5})).svg());

    assertThat(texts(d, "x-tick")).containsExactly("1k", "10k");
    assertThat(texts(d, "y-tick")).containsExactly("1", "10");
  }

  @Test
  void namesAreEscapedAndZeroIsRefused() throws Exception {
    Document d =
        parse(
            new LogLogChart("a < b & c", "x", "y").add("<s>", List.of(new double[] {1, 1})).svg());

    assertThat(texts(d, "title")).containsExactly("a < b & c");
    assertThat(texts(d, "legend")).containsExactly("<s>");
    assertThatThrownBy(() -> new LogLogChart("t", "x", "y").add("a", List.of(new double[] {0, 1})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
