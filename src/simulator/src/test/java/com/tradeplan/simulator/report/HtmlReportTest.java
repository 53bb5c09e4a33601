package com.tradeplan.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.engine.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page checked by what its charts show, not by the presence of an {@code <svg>}: the number of
 * points drawn, where the extremes land, the axis labels, the levels and the fill markers.
 */
class HtmlReportTest {
  private static final double TOP = SvgChart.TOP;
  private static final double BOTTOM = SvgChart.HEIGHT - SvgChart.BOTTOM;
  private static final double LEFT = SvgChart.LEFT;
  private static final double RIGHT = SvgChart.WIDTH - SvgChart.RIGHT;

  private static String html;

  @BeforeAll
  static void render() {
    RuleSet rules = RuleSet.fromDirectory(ReportScenarios.RULES);
    html =
        HtmlReport.render(RunReport.of(ReportScenarios.workedExample(rules, CommissionModel.NONE)));
  }

  /** The points of the polyline named {@code name}, as {x, y} pixels. */
  private static List<double[]> polyline(String name) {
    Matcher m =
        Pattern.compile(
                "<polyline class=\"series\" data-name=\"" + name + "\"[^>]* points=\"([^\"]*)\"")
            .matcher(html);
    assertThat(m.find()).as("a series named " + name).isTrue();
    List<double[]> out = new ArrayList<>();
    for (String pair : m.group(1).split(" ")) {
      String[] xy = pair.split(",");
      out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return out;
  }

  /** The text of every element of {@code cls} in the chart that holds the series {@code name}. */
  private static List<String> labelsOfChartWith(String name, String cls) {
    int start = html.lastIndexOf("<svg", html.indexOf("data-name=\"" + name + "\""));
    String svg = html.substring(start, html.indexOf("</svg>", start));
    Matcher m = Pattern.compile("<text class=\"" + cls + "\"[^>]*>([^<]*)</text>").matcher(svg);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theEquityCurveDrawsEveryTickWithItsHighAtTheTopAndItsLowAtTheBottom() {
    List<double[]> equity = polyline("equity");
    assertThat(equity).as("one point a tick, ticks 0..12").hasSize(13);
    assertThat(equity.get(0)[0]).as("tick 0 at the left edge").isEqualTo(LEFT);
    assertThat(equity.get(12)[0]).as("tick 12 at the right edge").isEqualTo(RIGHT);
    assertThat(equity.get(11)[1]).as("300.00 at tick 11 is the top").isEqualTo(TOP);
    for (int i = 0; i <= 4; i++) {
      assertThat(equity.get(i)[1]).as("0.00 at tick %d is the bottom", i).isEqualTo(BOTTOM);
    }
    // 250 is 5/6 of the way up: 210 - 250/300 x 200
    assertThat(equity.get(12)[1]).isCloseTo(BOTTOM - 250.0 / 300 * (BOTTOM - TOP), within());
    assertThat(labelsOfChartWith("equity", "y-label")).containsExactly("300.00", "0.00");
    assertThat(labelsOfChartWith("equity", "x-label")).containsExactly("tick 0", "tick 12");
    assertThat(html)
        .contains("data-label=\"high 300.00 at tick 11\"")
        .contains("data-label=\"low 0.00 at tick 0\"");
  }

  @Test
  void theDrawdownChartFallsToMinusFiftyOnTheLastTick() {
    List<double[]> drawdown = polyline("drawdown");
    assertThat(drawdown).hasSize(13);
    assertThat(drawdown.get(12)[1]).as("-50.00, the deepest, at the bottom").isEqualTo(BOTTOM);
    assertThat(drawdown.get(11)[1]).as("0.00 at the top").isEqualTo(TOP);
    assertThat(labelsOfChartWith("drawdown", "y-label")).containsExactly("0.00", "-50.00");
    assertThat(html).contains("Maximum drawdown 50.00 (from the high at tick 11 to tick 12)");
  }

  @Test
  void thePlansTimelineShowsItsPricesLevelsAndFills() {
    List<double[]> prices = polyline("AAPL");
    assertThat(prices).as("the 13 AAPL ticks").hasSize(13);
    // levels: entry 101.00, stops 99.00 and 100.50 (activates at 102.00), targets 103 and 105
    assertThat(labelsOfChartWith("AAPL", "y-label"))
        .as("the chart spans the prices and every level")
        .containsExactly("105.00", "99.00");
    assertThat(count("<line class=\"level\"")).isEqualTo(6);
    assertThat(labelsOfChartWith("AAPL", "level-label"))
        .containsExactly(
            "entry ABOVE 101.00",
            "stop 0 99.00",
            "stop 1 100.50",
            "stop 1 activates 102.00",
            "target 0 103.00",
            "target 1 105.00");
    assertThat(html)
        .contains("data-label=\"stop 1 activates\"")
        .contains("data-label=\"tick 4: ENTRY BUY 100 @ 101.10\"")
        .contains("data-label=\"tick 10: TARGET 0 SELL 50 @ 103.20\"")
        .contains("data-label=\"tick 12: TARGET 1 SELL 50 @ 104.00\"");
    assertThat(count("<circle class=\"marker\"")).as("3 fills and the 2 extremes").isEqualTo(5);
    assertThat(html).contains("<td>TARGET 0 SELL 50</td><td>A target is reached");
  }

  @Test
  void theStatisticsTableShowsTheFigures() {
    assertThat(html)
        .contains("<td data-name=\"trades\">1</td>")
        .contains("<td data-name=\"winRate\">1.0000</td>")
        .contains("<td data-name=\"maxDrawdown\">50.00</td>")
        .contains("<td data-name=\"profitFactor\">—</td>")
        .contains("<td data-name=\"finalEquity\">250.00</td>");
  }

  private static int count(String needle) {
    int n = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.05);
  }
}
