package com.tradeplan.simulator.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.simulator.report.HtmlText;
import com.tradeplan.simulator.report.RunComparison;
import java.util.List;

/**
 * A {@link ReplayResult} as JSON (the API's report.json of a replay job) and as one HTML page: the
 * verdict first (identical, the first divergence with its time, plan, event and rule, or why the
 * recording is incomplete), then every plan's live and replayed events side by side with the first
 * divergent row marked. Keys are stable: add, never rename.
 */
public final class ReplayReport {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ReplayReport() {}

  public static String json(ReplayResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("kind", "replay");
    o.put("owner", r.owner());
    o.put("from", r.from() == null ? null : r.from().toString());
    o.put("to", r.to() == null ? null : r.to().toString());
    o.put("rules", r.rules());
    o.put("complete", r.complete());
    o.put("identical", r.identical());
    o.put("summary", r.summary());
    ArrayNode problems = o.putArray("problems");
    r.problems().forEach(problems::add);
    if (r.firstDivergence() != null) {
      o.set("firstDivergence", divergence(r.firstDivergence()));
    }
    ObjectNode orders = o.putObject("orders");
    orders.put("live", r.liveOrders().size());
    orders.put("replay", r.replayOrders().size());
    orders.put("firstDifference", r.firstOrderDifference() < 0 ? null : r.firstOrderDifference());
    ArrayNode liveOrders = orders.putArray("liveOrders");
    r.liveOrders().forEach(x -> liveOrders.add(order(x)));
    ArrayNode replayOrders = orders.putArray("replayOrders");
    r.replayOrders().forEach(x -> replayOrders.add(order(x)));
    o.put("reportsHeld", r.reportsHeld());
    ArrayNode links = o.putArray("linkChanges");
    r.linkChanges().forEach(links::add);
    ArrayNode alerts = o.putArray("alerts");
    r.alerts().forEach(alerts::add);
    ArrayNode plans = o.putArray("plans");
    for (ReplayResult.PlanReplay p : r.plans()) {
      ObjectNode n = plans.addObject();
      n.put("plan", p.planId());
      n.put("identical", p.divergence() == null);
      if (p.divergence() != null) {
        n.set("divergence", divergence(p.divergence()));
      }
      n.set("live", events(p.live()));
      n.set("replayed", events(p.replayed()));
    }
    try {
      return MAPPER.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always prints", e);
    }
  }

  public static String html(ReplayResult r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Replay of ")
        .append(HtmlText.text(r.owner()))
        .append("</title><style>body{font-family:sans-serif}td,th{padding:2px 8px}")
        .append(".diverge{background:#fdd}</style></head><body>");
    b.append("<h1>Incident replay of ").append(HtmlText.text(r.owner())).append("</h1>");
    b.append("<p>Window ")
        .append(HtmlText.text(String.valueOf(r.from())))
        .append(" to ")
        .append(HtmlText.text(String.valueOf(r.to())))
        .append(", rules: ")
        .append(HtmlText.text(r.rules()))
        .append("</p>");
    b.append("<p class=\"verdict\"><strong>")
        .append(HtmlText.text(r.summary()))
        .append("</strong></p>");
    b.append("<p>Orders: ")
        .append(r.liveOrders().size())
        .append(" live, ")
        .append(r.replayOrders().size())
        .append(" in the replay; recorded reports not taken: ")
        .append(r.reportsHeld())
        .append("; link changes: ")
        .append(HtmlText.text(String.join(", ", r.linkChanges())))
        .append("</p>");
    for (ReplayResult.PlanReplay p : r.plans()) {
      int at = p.divergence() == null ? -1 : p.divergence().eventIndex();
      b.append("<h2>Plan ")
          .append(HtmlText.text(p.planId()))
          .append(at < 0 ? " (identical)" : " (parts at event " + at + ")")
          .append("</h2><table><tr><th>#</th><th>live</th><th>replay</th></tr>");
      int n = Math.max(p.live().size(), p.replayed().size());
      for (int i = 0; i < n; i++) {
        b.append(i == at ? "<tr class=\"diverge\">" : "<tr>")
            .append("<td>")
            .append(i)
            .append("</td><td>")
            .append(cell(p.live(), i))
            .append("</td><td>")
            .append(cell(p.replayed(), i))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    return b.append("</body></html>\n").toString();
  }

  private static String cell(List<PlanEvent> events, int i) {
    if (i >= events.size()) {
      return "";
    }
    PlanEvent e = events.get(i);
    return HtmlText.text(e.time() + " " + ReplayResult.describe(e));
  }

  private static ObjectNode divergence(RunComparison.Divergence d) {
    ObjectNode n = MAPPER.createObjectNode();
    PlanEvent first = d.earlier();
    n.put("plan", d.planId());
    n.put("eventIndex", d.eventIndex());
    n.put("time", first.time() == null ? null : first.time().toString());
    n.put("rule", first.rule());
    n.put("actedFirst", first == d.a() ? "live" : "replay");
    n.set("live", d.a() == null ? null : event(d.a()));
    n.set("replay", d.b() == null ? null : event(d.b()));
    return n;
  }

  private static ArrayNode events(List<PlanEvent> events) {
    ArrayNode a = MAPPER.createArrayNode();
    events.forEach(e -> a.add(event(e)));
    return a;
  }

  private static ObjectNode event(PlanEvent e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("time", e.time() == null ? null : e.time().toString());
    n.put("type", e.type().name());
    n.put("role", e.role() == null ? null : e.role().name());
    n.put("index", e.index());
    n.put("side", e.side() == null ? null : e.side().name());
    n.put("quantity", e.quantity());
    n.put("price", e.price() == null ? null : e.price().toPlainString());
    n.put("orderStatus", e.orderStatus() == null ? null : e.orderStatus().name());
    n.put("rule", e.rule());
    n.put("reason", e.reason());
    return n;
  }

  private static ObjectNode order(OrderRequest x) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("ref", x.ref().toString());
    n.put("action", x.action().name());
    n.put("type", x.type().name());
    n.put("quantity", x.quantity());
    n.put("limit", x.limitPrice() == null ? null : x.limitPrice().toPlainString());
    n.put("stop", x.stopPrice() == null ? null : x.stopPrice().toPlainString());
    return n;
  }
}
