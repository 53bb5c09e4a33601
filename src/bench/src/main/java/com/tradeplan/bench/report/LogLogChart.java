package com.tradeplan.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A log-log line chart as SVG text: both axes in decades with a labelled tick at every power of ten
 * (and unlabelled ones at 2..9 times it), one polyline with a marker per point for each series, and
 * a legend. The axes span whole decades around the smallest and largest values. Coordinates are
 * written to 0.1 px.
 */
public final class LogLogChart {
  public static final double WIDTH = 680;
  public static final double HEIGHT = 400;
  public static final double LEFT = 80;
  public static final double RIGHT = 500;
  public static final double TOP = 40;
  public static final double BOTTOM = 340;

  private static final String[] COLORS = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"};

  /** One line of the chart: a name for the legend and its points, x ascending. */
  public record Series(String name, List<double[]> points) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  public LogLogChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a series; points with a value <= 0 cannot be drawn on a log scale and are refused. */
  public LogLogChart add(String name, List<double[]> points) {
    for (double[] p : points) {
      if (p[0] <= 0 || p[1] <= 0) {
        throw new IllegalArgumentException(
            name + ": a log scale has no place for " + p[0] + ", " + p[1]);
      }
    }
    series.add(new Series(name, List.copyOf(points)));
    return this;
  }

  /** The decades the x axis spans: floor and ceiling of log10 of the extremes. */
  int[] xDecades() {
    return decades(0);
  }

  int[] yDecades() {
    return decades(1);
  }

  private int[] decades(int axis) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points()) {
        min = Math.min(min, p[axis]);
        max = Math.max(max, p[axis]);
      }
    }
    if (min == Double.MAX_VALUE) {
      return new int[] {0, 1};
    }
    int lo = (int) Math.floor(Math.log10(min) + 1e-9);
    int hi = (int) Math.ceil(Math.log10(max) - 1e-9);
    return hi <= lo ? new int[] {lo, lo + 1} : new int[] {lo, hi};
  }

  /** The horizontal pixel of {@code x}. */
  public double xPixel(double x) {
    int[] d = xDecades();
    return LEFT + (Math.log10(x) - d[0]) / (d[1] - d[0]) * (RIGHT - LEFT);
  }

  /** The vertical pixel of {@code y} (up is smaller). */
  public double yPixel(double y) {
    int[] d = yDecades();
    return BOTTOM - (Math.log10(y) - d[0]) / (d[1] - d[0]) * (BOTTOM - TOP);
  }

  /** The label of 10^{@code exponent}: 0.01, 0.1, 1, 10, 100, 1k, 10k, 100k, 1M, ... */
  static String decadeLabel(int exponent) {
    if (exponent < 0) {
      return java.math.BigDecimal.ONE.scaleByPowerOfTen(exponent).toPlainString();
    }
    String[] suffix = {"", "k", "M", "G", "T"};
    int group = Math.min(exponent / 3, suffix.length - 1);
    long mantissa = (long) Math.pow(10, exponent - group * 3);
    return mantissa + suffix[group];
  }

  public String svg() {
    StringBuilder b = new StringBuilder();
    b.append(
        f(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append(f("<text class=\"title\" x=\"%.1f\" y=\"22\" font-size=\"14\">", LEFT))
        .append(escape(title))
        .append("</text>\n");
    axes(b);
    for (int i = 0; i < series.size(); i++) {
      line(b, series.get(i), COLORS[i % COLORS.length], i);
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private void axes(StringBuilder b) {
    b.append(
        f(
            "<path class=\"frame\" d=\"M%.1f %.1f V%.1f H%.1f\" stroke=\"black\" fill=\"none\"/>\n",
            LEFT, TOP, BOTTOM, RIGHT));
    int[] x = xDecades();
    for (int e = x[0]; e <= x[1]; e++) {
      double px = xPixel(Math.pow(10, e));
      b.append(
              f(
                  "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"",
                  px, TOP, px, BOTTOM))
          .append(" stroke=\"#ddd\"/>\n");
      b.append(
              f(
                  "<text class=\"x-tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                  px, BOTTOM + 16))
          .append(decadeLabel(e))
          .append("</text>\n");
      minorTicks(b, e, x[1], true);
    }
    int[] y = yDecades();
    for (int e = y[0]; e <= y[1]; e++) {
      double py = yPixel(Math.pow(10, e));
      b.append(
              f(
                  "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"",
                  LEFT, py, RIGHT, py))
          .append(" stroke=\"#ddd\"/>\n");
      b.append(
              f(
                  "<text class=\"y-tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                  LEFT - 6, py + 4))
          .append(decadeLabel(e))
          .append("</text>\n");
      minorTicks(b, e, y[1], false);
    }
    b.append(
            f(
                "<text class=\"x-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                (LEFT + RIGHT) / 2, BOTTOM + 38))
        .append(escape(xLabel))
        .append("</text>\n");
    b.append(
            f(
                "<text class=\"y-label\" transform=\"translate(18 %.1f) rotate(-90)\""
                    + " text-anchor=\"middle\">",
                (TOP + BOTTOM) / 2))
        .append(escape(yLabel))
        .append("</text>\n");
  }

  private void minorTicks(StringBuilder b, int decade, int last, boolean horizontal) {
    if (decade >= last) {
      return;
    }
    for (int m = 2; m <= 9; m++) {
      double v = m * Math.pow(10, decade);
      if (horizontal) {
        double px = xPixel(v);
        b.append(
            f(
                "<line class=\"minor\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"",
                px, BOTTOM, px, BOTTOM + 4));
      } else {
        double py = yPixel(v);
        b.append(
            f(
                "<line class=\"minor\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"",
                LEFT - 4, py, LEFT, py));
      }
      b.append(" stroke=\"black\"/>\n");
    }
  }

  private void line(StringBuilder b, Series s, String color, int i) {
    StringBuilder pts = new StringBuilder();
    for (double[] p : s.points()) {
      pts.append(pts.length() == 0 ? "" : " ").append(f("%.1f,%.1f", xPixel(p[0]), yPixel(p[1])));
    }
    b.append("<polyline class=\"series\" data-series=\"")
        .append(escape(s.name()))
        .append("\" points=\"")
        .append(pts)
        .append("\" fill=\"none\" stroke=\"")
        .append(color)
        .append("\" stroke-width=\"2\"/>\n");
    for (double[] p : s.points()) {
      b.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"", xPixel(p[0]), yPixel(p[1])))
          .append(color)
          .append("\"><title>")
          .append(escape(s.name()))
          .append(f(": %s at %s</title></circle>\n", num(p[1]), num(p[0])));
    }
    double ly = TOP + 10 + 20 * i;
    b.append(
            f(
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"",
                RIGHT + 16, ly, RIGHT + 36, ly))
        .append(color)
        .append("\" stroke-width=\"2\"/>\n");
    b.append(f("<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">", RIGHT + 42, ly + 4))
        .append(escape(s.name()))
        .append("</text>\n");
  }

  private static String num(double v) {
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
