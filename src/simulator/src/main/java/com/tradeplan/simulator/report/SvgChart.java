package com.tradeplan.simulator.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A line chart over ticks as inline SVG, no script and no library: one or more series as polylines,
 * horizontal levels (a plan's entry, stops, targets), point markers (fills, the highest and lowest
 * equity) with a tooltip each, and the axes labelled with the extremes of the values and the first
 * and last tick. Every element a reader (or a test) checks carries a class: {@code series} (with
 * {@code data-name}), {@code level} (and its {@code level-label}), {@code marker}, {@code y-label},
 * {@code x-label}.
 *
 * <p>The value axis spans every value drawn (series, levels, markers); a flat chart is drawn across
 * the middle. SVG coordinates are the only numbers here that are not decimals: they are pixels,
 * printed with one decimal.
 */
public final class SvgChart {
  static final int WIDTH = 800;
  static final int HEIGHT = 240;
  static final int LEFT = 80;
  static final int RIGHT = 20;
  static final int TOP = 10;
  static final int BOTTOM = 30;

  /** A named line. */
  public record Series(String name, String color, List<SeriesPoint> points) {}

  /** A horizontal line at a value, labelled. */
  public record Level(String label, String color, BigDecimal value) {}

  /** A point to mark, with its tooltip. */
  public record Marker(String label, String color, long tick, BigDecimal value) {}

  private final List<Series> series = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();
  private final List<Marker> markers = new ArrayList<>();
  private final Function<BigDecimal, String> format;

  /** A chart whose value labels are printed by {@code format} (money, prices). */
  public SvgChart(Function<BigDecimal, String> format) {
    this.format = format;
  }

  public SvgChart series(Series s) {
    series.add(s);
    return this;
  }

  public SvgChart level(Level l) {
    levels.add(l);
    return this;
  }

  public SvgChart marker(Marker m) {
    markers.add(m);
    return this;
  }

  /** The SVG element; an empty chart (no point at all) is a one-line note instead. */
  public String render() {
    Range r = range();
    if (r == null) {
      return "<p class=\"no-chart\">Nothing to draw.</p>";
    }
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    axes(s, r);
    for (Level l : levels) {
      String y = px(r.y(l.value()));
      s.append("<line class=\"level\" data-label=\"")
          .append(HtmlText.attr(l.label()))
          .append("\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - RIGHT)
          .append("\" y1=\"")
          .append(y)
          .append("\" y2=\"")
          .append(y)
          .append("\" stroke=\"")
          .append(l.color())
          .append("\" stroke-dasharray=\"4 3\"><title>")
          .append(HtmlText.text(l.label() + " " + format.apply(l.value())))
          .append("</title></line>");
      s.append("<text class=\"level-label\" x=\"")
          .append(WIDTH - RIGHT - 2)
          .append("\" y=\"")
          .append(px(r.y(l.value()) - 2))
          .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"")
          .append(l.color())
          .append("\">")
          .append(HtmlText.text(l.label() + " " + format.apply(l.value())))
          .append("</text>");
    }
    for (Series line : series) {
      s.append("<polyline class=\"series\" data-name=\"")
          .append(HtmlText.attr(line.name()))
          .append("\" fill=\"none\" stroke=\"")
          .append(line.color())
          .append("\" stroke-width=\"1.5\" points=\"");
      for (int i = 0; i < line.points().size(); i++) {
        SeriesPoint p = line.points().get(i);
        s.append(i == 0 ? "" : " ")
            .append(px(r.x(p.tick())))
            .append(',')
            .append(px(r.y(p.value())));
      }
      s.append("\"/>");
    }
    for (Marker m : markers) {
      s.append("<circle class=\"marker\" data-label=\"")
          .append(HtmlText.attr(m.label()))
          .append("\" cx=\"")
          .append(px(r.x(m.tick())))
          .append("\" cy=\"")
          .append(px(r.y(m.value())))
          .append("\" r=\"4\" fill=\"")
          .append(m.color())
          .append("\"><title>")
          .append(HtmlText.text(m.label()))
          .append("</title></circle>");
    }
    return s.append("</svg>").toString();
  }

  private void axes(StringBuilder s, Range r) {
    int bottom = HEIGHT - BOTTOM;
    s.append("<line x1=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(TOP)
        .append("\" x2=\"")
        .append(LEFT)
        .append("\" y2=\"")
        .append(bottom)
        .append("\" stroke=\"#888\"/><line x1=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(bottom)
        .append("\" x2=\"")
        .append(WIDTH - RIGHT)
        .append("\" y2=\"")
        .append(bottom)
        .append("\" stroke=\"#888\"/>");
    yLabel(s, r.y(r.max()), format.apply(r.max()));
    if (r.max().compareTo(r.min()) != 0) {
      yLabel(s, r.y(r.min()), format.apply(r.min()));
    }
    xLabel(s, r.x(r.firstTick()), "tick " + r.firstTick(), "start");
    if (r.lastTick() != r.firstTick()) {
      xLabel(s, r.x(r.lastTick()), "tick " + r.lastTick(), "end");
    }
  }

  private static void yLabel(StringBuilder s, double y, String text) {
    s.append("<text class=\"y-label\" x=\"")
        .append(LEFT - 6)
        .append("\" y=\"")
        .append(px(y + 4))
        .append("\" text-anchor=\"end\" font-size=\"11\">")
        .append(HtmlText.text(text))
        .append("</text>");
  }

  private static void xLabel(StringBuilder s, double x, String text, String anchor) {
    s.append("<text class=\"x-label\" x=\"")
        .append(px(x))
        .append("\" y=\"")
        .append(HEIGHT - 10)
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" font-size=\"11\">")
        .append(HtmlText.text(text))
        .append("</text>");
  }

  /** The ticks and values the chart spans, and where each lands in pixels. */
  private record Range(long firstTick, long lastTick, BigDecimal min, BigDecimal max) {
    double x(long tick) {
      if (lastTick == firstTick) {
        return LEFT + (WIDTH - LEFT - RIGHT) / 2.0;
      }
      return LEFT + (double) (tick - firstTick) * (WIDTH - LEFT - RIGHT) / (lastTick - firstTick);
    }

    double y(BigDecimal v) {
      int plot = HEIGHT - TOP - BOTTOM;
      BigDecimal span = max.subtract(min);
      if (span.signum() == 0) {
        return TOP + plot / 2.0;
      }
      return TOP + max.subtract(v).doubleValue() / span.doubleValue() * plot;
    }
  }

  private Range range() {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    BigDecimal min = null;
    BigDecimal max = null;
    List<BigDecimal> values = new ArrayList<>();
    for (Series line : series) {
      for (SeriesPoint p : line.points()) {
        first = Math.min(first, p.tick());
        last = Math.max(last, p.tick());
        values.add(p.value());
      }
    }
    for (Marker m : markers) {
      first = Math.min(first, m.tick());
      last = Math.max(last, m.tick());
      values.add(m.value());
    }
    if (values.isEmpty()) {
      return null;
    }
    levels.forEach(l -> values.add(l.value()));
    for (BigDecimal v : values) {
      min = min == null ? v : min.min(v);
      max = max == null ? v : max.max(v);
    }
    return new Range(first, last, min, max);
  }

  private static String px(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
