package com.tradeplan.simulator.report;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.formats.AtomicFiles;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.ResultJson;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;

/**
 * The report of one run as one self-contained HTML page (no script, no external file): the options,
 * the statistics, the equity curve marked to market with its highest and lowest point, the
 * drawdown, the trades table, and each plan's timeline (its symbol's prices with the plan's levels
 * and its fills, then its events with the rule of each). It draws {@link RunReport}, the record
 * {@link ReportJson} prints, so the page and the JSON say the same.
 */
public final class HtmlReport {
  static final String STYLE =
      "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:0.5em 0}"
          + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
          + "td:first-child,th:first-child{text-align:left}.diff{background:#fff3cd}"
          + "svg.chart{border:1px solid #ddd}";

  private HtmlReport() {}

  /** Writes the page as a whole (never a partial file). */
  public static void write(Path file, RunReport report) {
    AtomicFiles.write(file, render(report));
  }

  public static String render(RunReport r) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Tradeplan simulation")
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body><h1>Simulation report</h1><p>")
        .append(r.plans())
        .append(" plans, ")
        .append(r.ticks())
        .append(" ticks. Commission ")
        .append(HtmlText.text(r.options().commission()))
        .append(", fills ")
        .append(
            r.options().maxFillPerTick() == null
                ? "whole"
                : "at most " + r.options().maxFillPerTick() + " a tick")
        .append(
            r.options().latencyTicks() == 0
                ? ""
                : ", latency " + r.options().latencyTicks() + " ticks")
        .append(", level gate ")
        .append(r.options().gated() ? "on" : "off")
        .append(".</p>");
    statistics(h, r.statistics());
    equity(h, r.market());
    trades(h, r);
    h.append("<h2>Timelines</h2>");
    for (RunReport.Timeline t : r.timelines()) {
      timeline(h, t);
    }
    return h.append("</body></html>\n").toString();
  }

  private static void statistics(StringBuilder h, Statistics s) {
    h.append("<h2>Statistics</h2><table class=\"statistics\">");
    for (Map.Entry<String, BigDecimal> e : s.byName().entrySet()) {
      String v = Statistics.format(e.getKey(), e.getValue());
      h.append("<tr><th>")
          .append(e.getKey())
          .append("</th><td data-name=\"")
          .append(e.getKey())
          .append("\">")
          .append(v == null ? "—" : v)
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void equity(StringBuilder h, MarkToMarket.Record m) {
    h.append("<h2>Equity, marked to market</h2><p>After every tick: realized P&amp;L after")
        .append(" commissions plus every open position at its symbol's last price.</p>");
    SvgChart equity =
        new SvgChart(ResultJson::formatMoney)
            .series(new SvgChart.Series("equity", "#1565c0", m.equity()));
    if (m.high() != null) {
      equity.marker(extreme("high", "#2e7d32", m.high()));
      equity.marker(extreme("low", "#c62828", m.low()));
    }
    h.append(equity.render());
    h.append("<h2>Drawdown</h2><p>Maximum drawdown ")
        .append(ResultJson.formatMoney(m.maxDrawdown().amount()));
    if (m.maxDrawdown().peakTick() >= 0) {
      h.append(" (from the high at tick ")
          .append(m.maxDrawdown().peakTick())
          .append(" to tick ")
          .append(m.maxDrawdown().troughTick())
          .append(')');
    }
    h.append(".</p>")
        .append(
            new SvgChart(ResultJson::formatMoney)
                .series(new SvgChart.Series("drawdown", "#c62828", m.drawdown()))
                .render());
  }

  private static SvgChart.Marker extreme(String kind, String color, SeriesPoint p) {
    return new SvgChart.Marker(
        kind + " " + ResultJson.formatMoney(p.value()) + " at tick " + p.tick(),
        color,
        p.tick(),
        p.value());
  }

  private static void trades(StringBuilder h, RunReport r) {
    h.append("<h2>Trades</h2><table class=\"trades\"><tr><th>plan</th><th>symbol</th>")
        .append("<th>side</th><th>order status</th><th>trade status</th><th>filled</th>")
        .append("<th>open</th><th>avg entry</th><th>realized P&amp;L</th><th>commission</th>")
        .append("<th>entry tick</th><th>end tick</th><th>errors</th></tr>");
    for (RunReport.TradeRow t : r.trades()) {
      PlanResult p = t.result();
      h.append("<tr><td>")
          .append(HtmlText.text(p.id()))
          .append("</td><td>")
          .append(HtmlText.text(t.symbol()))
          .append("</td><td>")
          .append(HtmlText.text(t.side()))
          .append("</td><td>")
          .append(p.orderStatus())
          .append("</td><td>")
          .append(p.tradeStatus())
          .append("</td><td>")
          .append(p.filledEntryQuantity())
          .append("</td><td>")
          .append(p.position())
          .append("</td><td>")
          .append(
              p.avgEntryPrice() == null ? "" : ResultJson.formatAvgEntryPrice(p.avgEntryPrice()))
          .append("</td><td>")
          .append(ResultJson.formatMoney(p.realizedPnl()))
          .append("</td><td>")
          .append(ResultJson.formatMoney(p.commission()))
          .append("</td><td>")
          .append(t.entryTick() < 0 ? "" : t.entryTick())
          .append("</td><td>")
          .append(t.endTick() < 0 ? "" : t.endTick())
          .append("</td><td>");
      p.errors().forEach(e -> h.append(HtmlText.text(e.toString())).append("<br>"));
      h.append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void timeline(StringBuilder h, RunReport.Timeline t) {
    h.append("<h3 id=\"plan-")
        .append(HtmlText.attr(t.planId()))
        .append("\">")
        .append(HtmlText.text(t.planId()))
        .append(" (")
        .append(HtmlText.text(t.symbol()))
        .append(")</h3>");
    SvgChart chart =
        new SvgChart(ResultJson::formatPrice)
            .series(new SvgChart.Series(t.symbol(), "#555", t.prices()));
    for (RunReport.Level l : t.levels()) {
      chart.level(new SvgChart.Level(l.label(), levelColor(l.kind()), l.price()));
    }
    for (PlanEvent e : t.events()) {
      if (e.type() == PlanEvent.Type.FILL) {
        chart.marker(
            new SvgChart.Marker(
                "tick " + e.tick() + ": " + detail(e), "#6a1b9a", e.tick(), e.price()));
      }
    }
    h.append(chart.render());
    h.append("<table class=\"timeline\"><tr><th>tick</th><th>event</th><th>detail</th>")
        .append("<th>rule</th></tr>");
    for (PlanEvent e : t.events()) {
      h.append("<tr><td>")
          .append(e.tick())
          .append("</td><td>")
          .append(e.type())
          .append("</td><td>")
          .append(HtmlText.text(detail(e)))
          .append("</td><td>")
          .append(HtmlText.text(e.rule() == null ? "" : e.rule()))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private static String levelColor(String kind) {
    return switch (kind) {
      case "STOP" -> "#c62828";
      case "TARGET" -> "#2e7d32";
      case "ACTIVATE" -> "#ef6c00";
      default -> "#1565c0";
    };
  }

  /** An event in a few words: role, side, quantity, price, statuses, reason. */
  static String detail(PlanEvent e) {
    if (e.type() == PlanEvent.Type.STATUS) {
      return e.orderStatus() + " / " + e.tradeStatus();
    }
    StringBuilder d = new StringBuilder();
    if (e.role() != null) {
      d.append(e.role());
      if (e.index() != null) {
        d.append(' ').append(e.index());
      }
    }
    if (e.side() != null) {
      d.append(' ').append(e.side());
    }
    if (e.quantity() != null) {
      d.append(' ').append(e.quantity());
    }
    if (e.price() != null) {
      d.append(" @ ").append(ResultJson.formatPrice(e.price()));
    }
    if (e.reason() != null && e.type() != PlanEvent.Type.FILL) {
      d.append(" (").append(e.reason()).append(')');
    }
    return d.toString().trim();
  }
}
