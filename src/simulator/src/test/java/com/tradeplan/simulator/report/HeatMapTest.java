package com.tradeplan.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The heat map checked by what it shows: its cells and their values, labels and extremes. */
class HeatMapTest {
  static final List<String> OFFSETS = List.of("0.00", "0.50", "1.00");
  static final List<String> FILLS = List.of("10", "50");

  private static List<HeatMap.Cell> grid() {
    List<HeatMap.Cell> cells = new ArrayList<>();
    String[][] values = {{"12.00", "-3.50", "40.25"}, {"7.00", null, "0.00"}};
    for (int j = 0; j < FILLS.size(); j++) {
      for (int i = 0; i < OFFSETS.size(); i++) {
        String v = values[j][i];
        cells.add(
            new HeatMap.Cell(OFFSETS.get(i), FILLS.get(j), v == null ? null : new BigDecimal(v)));
      }
    }
    return cells;
  }

  private static List<String> all(String svg, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(svg);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void oneCellPerPairWithItsValueTheAxesLabelledAndTheExtremesNamed() {
    String svg =
        HeatMap.render("realizedPnl", "stop offset", OFFSETS, "max fill per tick", FILLS, grid());
    assertThat(all(svg, "<rect class=\"cell\"[^>]*data-value=\"([^\"]*)\""))
        .containsExactly("12.00", "-3.50", "40.25", "7.00", "", "0.00");
    assertThat(all(svg, "<text class=\"x-label\"[^>]*>([^<]*)<"))
        .containsExactlyElementsOf(OFFSETS);
    assertThat(all(svg, "<text class=\"y-label\"[^>]*>([^<]*)<")).containsExactlyElementsOf(FILLS);
    assertThat(all(svg, "<text class=\"axis-name\"[^>]*>([^<]*)<"))
        .containsExactly("stop offset", "max fill per tick");
    assertThat(all(svg, "<text class=\"extreme\"[^>]*>([^<]*)<"))
        .containsExactly(
            "lowest realizedPnl -3.50 at stop offset 0.50, max fill per tick 10",
            "highest realizedPnl 40.25 at stop offset 1.00, max fill per tick 10");
    List<String> fills = all(svg, "<rect class=\"cell\"[^>]*fill=\"([^\"]*)\"");
    assertThat(fills.get(1)).as("the lowest is red").isEqualTo("#ff0000");
    assertThat(fills.get(2)).as("the highest is green").isEqualTo("#00ff00");
    assertThat(fills.get(4)).as("no value: grey").isEqualTo("#cccccc");
  }

  @Test
  void aGridWithoutValuesSaysSo() {
    String svg =
        HeatMap.render(
            "profitFactor",
            "x",
            List.of("a"),
            "y",
            List.of("b"),
            List.of(new HeatMap.Cell("a", "b", null)));
    assertThat(all(svg, "<text class=\"extreme\"[^>]*>([^<]*)<"))
        .containsExactly("lowest profitFactor: none", "highest profitFactor: none");
  }
}
