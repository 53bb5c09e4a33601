package com.tradeplan.simulator.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One statistic over a grid of two parameters as inline SVG (a sweep's heat map, no script): one
 * cell per pair of values, its colour from red (the lowest value) through white to green (the
 * highest), its value printed in it, the axes labelled with each parameter's name and values, and
 * the lowest and highest cell named in the caption. A cell whose run has no value (a failed run, a
 * figure that does not exist such as the profit factor without losses) is grey with a dash.
 *
 * <p>Every element a reader or a test checks carries a class: {@code cell} (with {@code data-x},
 * {@code data-y} and {@code data-value}), {@code x-label}, {@code y-label}, {@code axis-name},
 * {@code extreme} (with {@code data-kind} low or high).
 */
public final class HeatMap {
  static final int CELL_WIDTH = 90;
  static final int CELL_HEIGHT = 36;
  static final int LEFT = 110;
  static final int TOP = 40;

  /** One cell: the values of both parameters, and the statistic (null when there is none). */
  public record Cell(String x, String y, BigDecimal value) {}

  private HeatMap() {}

  /**
   * The SVG of {@code statistic} over {@code xs} (columns, parameter {@code xName}) and {@code ys}
   * (rows, {@code yName}); {@code cells} hold at most one per pair. Throws {@link
   * IllegalArgumentException} for a cell outside the axes (a caller's broken invariant).
   */
  public static String render(
      String statistic,
      String xName,
      List<String> xs,
      String yName,
      List<String> ys,
      List<Cell> cells) {
    Cell low = null;
    Cell high = null;
    for (Cell c : cells) {
      if (!xs.contains(c.x()) || !ys.contains(c.y())) {
        throw new IllegalArgumentException("cell " + c + " is outside the axes");
      }
      if (c.value() != null) {
        low = low == null || c.value().compareTo(low.value()) < 0 ? c : low;
        high = high == null || c.value().compareTo(high.value()) > 0 ? c : high;
      }
    }
    int width = LEFT + xs.size() * CELL_WIDTH + 20;
    int height = TOP + ys.size() * CELL_HEIGHT + 70;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" data-statistic=\"")
        .append(HtmlText.text(statistic))
        .append("\">");
    s.append("<text class=\"axis-name\" data-axis=\"x\" x=\"")
        .append(LEFT)
        .append("\" y=\"14\">")
        .append(HtmlText.text(xName))
        .append("</text>");
    s.append("<text class=\"axis-name\" data-axis=\"y\" x=\"4\" y=\"")
        .append(TOP - 6)
        .append("\">")
        .append(HtmlText.text(yName))
        .append("</text>");
    for (int i = 0; i < xs.size(); i++) {
      s.append("<text class=\"x-label\" x=\"")
          .append(LEFT + i * CELL_WIDTH + CELL_WIDTH / 2)
          .append("\" y=\"")
          .append(TOP - 6)
          .append("\" text-anchor=\"middle\">")
          .append(HtmlText.text(xs.get(i)))
          .append("</text>");
    }
    for (int j = 0; j < ys.size(); j++) {
      s.append("<text class=\"y-label\" x=\"")
          .append(LEFT - 8)
          .append("\" y=\"")
          .append(TOP + j * CELL_HEIGHT + CELL_HEIGHT / 2 + 4)
          .append("\" text-anchor=\"end\">")
          .append(HtmlText.text(ys.get(j)))
          .append("</text>");
    }
    for (Cell c : cells) {
      int x = LEFT + xs.indexOf(c.x()) * CELL_WIDTH;
      int y = TOP + ys.indexOf(c.y()) * CELL_HEIGHT;
      String value = c.value() == null ? "—" : c.value().toPlainString();
      s.append("<rect class=\"cell\" data-x=\"")
          .append(HtmlText.text(c.x()))
          .append("\" data-y=\"")
          .append(HtmlText.text(c.y()))
          .append("\" data-value=\"")
          .append(c.value() == null ? "" : c.value().toPlainString())
          .append("\" x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(CELL_WIDTH)
          .append("\" height=\"")
          .append(CELL_HEIGHT)
          .append("\" fill=\"")
          .append(colour(c.value(), low, high))
          .append("\" stroke=\"#fff\"><title>")
          .append(HtmlText.text(xName + " " + c.x() + ", " + yName + " " + c.y() + ": " + value))
          .append("</title></rect><text x=\"")
          .append(x + CELL_WIDTH / 2)
          .append("\" y=\"")
          .append(y + CELL_HEIGHT / 2 + 4)
          .append("\" text-anchor=\"middle\">")
          .append(HtmlText.text(value))
          .append("</text>");
    }
    int captionY = TOP + ys.size() * CELL_HEIGHT + 24;
    extreme(s, "low", "lowest", low, xName, yName, captionY, statistic);
    extreme(s, "high", "highest", high, xName, yName, captionY + 20, statistic);
    return s.append("</svg>").toString();
  }

  private static void extreme(
      StringBuilder s,
      String kind,
      String word,
      Cell c,
      String xName,
      String yName,
      int y,
      String statistic) {
    s.append("<text class=\"extreme\" data-kind=\"")
        .append(kind)
        .append("\" x=\"4\" y=\"")
        .append(y)
        .append("\">")
        .append(
            HtmlText.text(
                c == null
                    ? word + " " + statistic + ": none"
                    : word
                        + " "
                        + statistic
                        + " "
                        + c.value().toPlainString()
                        + " at "
                        + xName
                        + " "
                        + c.x()
                        + ", "
                        + yName
                        + " "
                        + c.y()))
        .append("</text>");
  }

  /** Red at the low end, white in the middle, green at the high end; grey without a value. */
  static String colour(BigDecimal v, Cell low, Cell high) {
    if (v == null) {
      return "#cccccc";
    }
    BigDecimal span = high.value().subtract(low.value());
    double t =
        span.signum() == 0
            ? 0.5
            : v.subtract(low.value()).doubleValue() / span.doubleValue(); // a colour, not money
    int r = t < 0.5 ? 255 : (int) Math.round(255 * (1 - t) * 2);
    int g = t > 0.5 ? 255 : (int) Math.round(255 * t * 2);
    int b = (int) Math.round(255 * (1 - Math.abs(t - 0.5) * 2));
    return String.format(Locale.ROOT, "#%02x%02x%02x", clamp(r), clamp(g), clamp(b));
  }

  private static int clamp(int c) {
    return Math.max(0, Math.min(255, c));
  }
}
