package com.tradeplan.simulator;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The human report of a simulation: an equity curve of realized P&L over ticks (inline SVG, no
 * script), a trades table, and each plan's timeline of events. Self-contained HTML.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static void write(Path file, SimulationRun run) {
    String html = render(run);
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }

  static String render(SimulationRun run) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Tradeplan simulation")
        .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:")
        .append("collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}</style></head><body>")
        .append("<h1>Simulation report</h1><p>")
        .append(run.result().plans().size())
        .append(" plans, ")
        .append(run.ticks())
        .append(" ticks.</p><h2>Equity (realized P&amp;L over ticks)</h2>");
    h.append(equityCurve(run));
    h.append("<h2>Trades</h2><table><tr><th>plan</th><th>order status</th><th>trade status</th>")
        .append("<th>filled</th><th>avg entry</th><th>realized P&amp;L</th><th>commission</th>")
        .append("<th>errors</th></tr>");
    for (PlanResult p : run.result().plans()) {
      h.append("<tr><td>")
          .append(esc(p.id()))
          .append("</td><td>")
          .append(p.orderStatus())
          .append("</td><td>")
          .append(p.tradeStatus())
          .append("</td><td>")
          .append(p.filledEntryQuantity())
          .append("</td><td>")
          .append(
              p.avgEntryPrice() == null ? "" : ResultJson.formatAvgEntryPrice(p.avgEntryPrice()))
          .append("</td><td>")
          .append(ResultJson.formatMoney(p.realizedPnl()))
          .append("</td><td>")
          .append(ResultJson.formatMoney(p.commission()))
          .append("</td><td>");
      p.errors().forEach(e -> h.append(esc(e.toString())).append("<br>"));
      h.append("</td></tr>");
    }
    h.append("</table><h2>Timelines</h2>");
    for (PlanResult p : run.result().plans()) {
      h.append("<h3>")
          .append(esc(p.id()))
          .append("</h3><table><tr><th>tick</th><th>event</th>")
          .append("<th>detail</th><th>rule</th></tr>");
      for (PlanEvent e : p.events()) {
        h.append("<tr><td>")
            .append(e.tick())
            .append("</td><td>")
            .append(e.type())
            .append("</td><td>")
            .append(esc(detail(e)))
            .append("</td><td>")
            .append(esc(e.rule() == null ? "" : e.rule()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String detail(PlanEvent e) {
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
    return d.toString();
  }

  /** Cumulative realized P&L, each trade's counted at the tick it ended. */
  private static String equityCurve(SimulationRun run) {
    java.util.TreeMap<Long, BigDecimal> byTick = new java.util.TreeMap<>();
    for (PlanResult p : run.result().plans()) {
      BigDecimal running = BigDecimal.ZERO;
      BigDecimal previous = BigDecimal.ZERO;
      for (PlanEvent e : p.events()) {
        if (e.type() == PlanEvent.Type.STATUS && e.orderStatus().isTerminal()) {
          running = p.realizedPnl();
          byTick.merge(e.tick(), running.subtract(previous), BigDecimal::add);
          previous = running;
        }
      }
    }
    int w = 800;
    int ht = 200;
    if (byTick.isEmpty()) {
      return "<p>No trades.</p>";
    }
    long maxTick = Math.max(1, byTick.lastKey());
    BigDecimal cum = BigDecimal.ZERO;
    BigDecimal min = BigDecimal.ZERO;
    BigDecimal max = BigDecimal.ZERO;
    java.util.List<long[]> pts = new java.util.ArrayList<>();
    java.util.List<BigDecimal> vals = new java.util.ArrayList<>();
    for (var e : byTick.entrySet()) {
      cum = cum.add(e.getValue());
      min = min.min(cum);
      max = max.max(cum);
      pts.add(new long[] {e.getKey()});
      vals.add(cum);
    }
    BigDecimal span = max.subtract(min).signum() == 0 ? BigDecimal.ONE : max.subtract(min);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < pts.size(); i++) {
      long x = pts.get(i)[0] * w / maxTick;
      long y =
          ht
              - vals.get(i)
                  .subtract(min)
                  .multiply(BigDecimal.valueOf(ht))
                  .divide(span, java.math.MathContext.DECIMAL64)
                  .longValue();
      path.append(i == 0 ? "M" : " L").append(x).append(',').append(y);
    }
    return "<svg width=\""
        + w
        + "\" height=\""
        + ht
        + "\" style=\"border:1px solid #ccc\">"
        + "<path d=\""
        + path
        + "\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/></svg>"
        + "<p>Final realized P&amp;L: "
        + ResultJson.formatMoney(cum)
        + "</p>";
  }

  private static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
