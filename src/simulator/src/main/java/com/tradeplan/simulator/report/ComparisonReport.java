package com.tradeplan.simulator.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.ResultJson;
import java.math.BigDecimal;

/**
 * A {@link RunComparison} printed: as JSON (docs/simulator.md, "Compare") and as one self-contained
 * HTML page with both equity curves on one chart, the statistics side by side, the plans that ended
 * differently and, for each plan whose history parted, the first divergent event of each run with
 * its rule. Both read the one record, so they say the same.
 */
public final class ComparisonReport {
  private ComparisonReport() {}

  public static String json(RunComparison c) {
    ObjectNode root = ReportJson.MAPPER.createObjectNode();
    root.put("a", c.labelA());
    root.put("b", c.labelB());
    root.set("firstDivergence", divergence(c.firstDivergence()));
    ArrayNode stats = root.putArray("statistics");
    for (RunComparison.StatisticDifference s : c.statistics()) {
      ObjectNode o = stats.addObject();
      o.put("name", s.name());
      ReportJson.putFigure(o, "a", s.name(), s.a());
      ReportJson.putFigure(o, "b", s.name(), s.b());
      ReportJson.putFigure(o, "difference", s.name(), s.difference());
    }
    ArrayNode plans = root.putArray("plans");
    for (RunComparison.PlanDifference p : c.plans()) {
      ObjectNode o = plans.addObject();
      o.put("plan", p.planId());
      o.put("endedDifferently", p.endedDifferently());
      ArrayNode fields = o.putArray("differentFields");
      p.differentFields().forEach(fields::add);
      o.set("a", outcome(p.a()));
      o.set("b", outcome(p.b()));
      o.set("divergence", divergence(p.divergence()));
    }
    root.set("runA", ReportJson.node(c.a()));
    root.set("runB", ReportJson.node(c.b()));
    return ReportJson.text(root);
  }

  private static ObjectNode outcome(PlanResult p) {
    ObjectNode o = ReportJson.MAPPER.createObjectNode();
    o.put("orderStatus", p.orderStatus().name());
    o.put("tradeStatus", p.tradeStatus().name());
    o.put("position", p.position());
    o.put("filledEntryQuantity", p.filledEntryQuantity());
    o.put("realizedPnl", ReportJson.money(p.realizedPnl()));
    o.put("commission", ReportJson.money(p.commission()));
    return o;
  }

  private static ObjectNode divergence(RunComparison.Divergence d) {
    if (d == null) {
      return null;
    }
    ObjectNode o = ReportJson.MAPPER.createObjectNode();
    o.put("plan", d.planId());
    o.put("tick", d.tick());
    o.put("eventIndex", d.eventIndex());
    o.put("rule", d.earlier().rule());
    o.set("a", d.a() == null ? null : ReportJson.event(d.a()));
    o.set("b", d.b() == null ? null : ReportJson.event(d.b()));
    return o;
  }

  public static String html(RunComparison c) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Tradeplan comparison")
        .append("</title><style>")
        .append(HtmlReport.STYLE)
        .append("</style></head><body><h1>Two runs compared</h1><p>A: ")
        .append(HtmlText.text(c.labelA()))
        .append("<br>B: ")
        .append(HtmlText.text(c.labelB()))
        .append("</p>");
    RunComparison.Divergence first = c.firstDivergence();
    h.append("<p class=\"first-divergence\">");
    if (first == null) {
      h.append("The runs made the same decisions for every plan.");
    } else {
      h.append("The runs part first at tick ")
          .append(first.tick())
          .append(", plan ")
          .append(HtmlText.text(first.planId()))
          .append(": ")
          .append(HtmlText.text(sentence(first.earlier())))
          .append(" in run ")
          .append(first.earlier() == first.a() ? "A" : "B")
          .append('.');
    }
    h.append("</p>");
    h.append(
        new SvgChart(ResultJson::formatMoney)
            .series(new SvgChart.Series("equity A", "#1565c0", c.a().market().equity()))
            .series(new SvgChart.Series("equity B", "#ef6c00", c.b().market().equity()))
            .render());
    statistics(h, c);
    h.append("</table><h2>Plans</h2><table class=\"plans\"><tr><th>plan</th><th>A</th>")
        .append("<th>B</th><th>ended differently in</th><th>first divergence</th></tr>");
    for (RunComparison.PlanDifference p : c.plans()) {
      h.append("<tr")
          .append(p.endedDifferently() || p.divergence() != null ? " class=\"diff\"" : "")
          .append("><td>")
          .append(HtmlText.text(p.planId()))
          .append("</td><td>")
          .append(HtmlText.text(summary(p.a())))
          .append("</td><td>")
          .append(HtmlText.text(summary(p.b())))
          .append("</td><td>")
          .append(String.join(", ", p.differentFields()))
          .append("</td><td>");
      RunComparison.Divergence d = p.divergence();
      if (d != null) {
        h.append("A: ")
            .append(HtmlText.text(d.a() == null ? "nothing more" : sentence(d.a())))
            .append("<br>B: ")
            .append(HtmlText.text(d.b() == null ? "nothing more" : sentence(d.b())));
      }
      h.append("</td></tr>");
    }
    return h.append("</table></body></html>\n").toString();
  }

  private static void statistics(StringBuilder h, RunComparison c) {
    h.append("<h2>Statistics</h2><table class=\"statistics\"><tr><th>figure</th><th>A</th>")
        .append("<th>B</th><th>B − A</th></tr>");
    for (RunComparison.StatisticDifference s : c.statistics()) {
      boolean differs = s.difference() == null ? s.a() != s.b() : s.difference().signum() != 0;
      h.append("<tr")
          .append(differs ? " class=\"diff\"" : "")
          .append("><td>")
          .append(s.name())
          .append("</td><td>")
          .append(figure(s.name(), s.a()))
          .append("</td><td>")
          .append(figure(s.name(), s.b()))
          .append("</td><td>")
          .append(figure(s.name(), s.difference()))
          .append("</td></tr>");
    }
  }

  private static String figure(String name, BigDecimal v) {
    String text = Statistics.format(name, v);
    return text == null ? "—" : text;
  }

  private static String summary(PlanResult p) {
    return p.orderStatus()
        + "/"
        + p.tradeStatus()
        + ", realized "
        + ResultJson.formatMoney(p.realizedPnl())
        + ", commission "
        + ResultJson.formatMoney(p.commission());
  }

  /** "tick 9 ORDER TARGET 0 SELL 50 by rule 'A target is reached'". */
  static String sentence(PlanEvent e) {
    return "tick "
        + e.tick()
        + " "
        + e.type()
        + " "
        + HtmlReport.detail(e)
        + (e.rule() == null ? "" : " by rule '" + e.rule() + "'");
  }
}
