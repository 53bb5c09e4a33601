package com.tradeplan.simulator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.ResultJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The report of one run as JSON (docs/simulator.md, "The report as JSON"): the same data the HTML
 * page draws. Decimals are strings, printed as in RESULT.json (money half-even with 2 decimals,
 * prices as written, ratios with 4); a figure that does not exist (the profit factor of a run
 * without losses) is null. Deterministic: the same run gives the same text.
 */
public final class ReportJson {
  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ReportJson() {}

  /** The JSON text of {@code report}, ending with a newline. */
  public static String write(RunReport report) {
    return text(node(report));
  }

  static String text(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always prints", e);
    }
  }

  static ObjectNode node(RunReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode options = root.putObject("options");
    if (r.options().maxFillPerTick() == null) {
      options.putNull("maxFillPerTick");
    } else {
      options.put("maxFillPerTick", r.options().maxFillPerTick());
    }
    options.put("commission", r.options().commission());
    options.put("gate", r.options().gated());
    if (r.options().latencyTicks() > 0) {
      options.put("latencyTicks", r.options().latencyTicks());
    }
    root.put("ticks", r.ticks());
    root.put("plans", r.plans());
    root.set("statistics", statistics(r.statistics()));
    MarkToMarket.Record m = r.market();
    ObjectNode equity = root.putObject("equity");
    equity.set("high", point(m.high()));
    equity.set("low", point(m.low()));
    ObjectNode dd = equity.putObject("maxDrawdown");
    dd.put("amount", money(m.maxDrawdown().amount()));
    dd.put("peakTick", m.maxDrawdown().peakTick());
    dd.put("troughTick", m.maxDrawdown().troughTick());
    equity.set("curve", points(m.equity(), false));
    equity.set("drawdown", points(m.drawdown(), false));
    ArrayNode trades = root.putArray("trades");
    for (RunReport.TradeRow t : r.trades()) {
      trades.add(trade(t));
    }
    ArrayNode timelines = root.putArray("timelines");
    for (RunReport.Timeline t : r.timelines()) {
      ObjectNode o = timelines.addObject();
      o.put("plan", t.planId());
      o.put("symbol", t.symbol());
      ArrayNode levels = o.putArray("levels");
      for (RunReport.Level l : t.levels()) {
        levels
            .addObject()
            .put("kind", l.kind())
            .put("label", l.label())
            .put("price", ResultJson.formatPrice(l.price()));
      }
      o.set("prices", points(t.prices(), true));
      ArrayNode events = o.putArray("events");
      t.events().forEach(e -> events.add(event(e)));
    }
    return root;
  }

  static ObjectNode statistics(Statistics s) {
    ObjectNode o = MAPPER.createObjectNode();
    for (Map.Entry<String, BigDecimal> e : s.byName().entrySet()) {
      putFigure(o, e.getKey(), e.getKey(), e.getValue());
    }
    return o;
  }

  /**
   * Puts the statistic {@code name} under {@code key}: counts as JSON integers, the rest as decimal
   * strings, a figure that does not exist as null.
   */
  static void putFigure(ObjectNode o, String key, String name, BigDecimal value) {
    if (value == null) {
      o.putNull(key);
    } else if (Statistics.isCount(name)) {
      o.put(key, value.longValueExact());
    } else {
      o.put(key, Statistics.format(name, value));
    }
  }

  private static ObjectNode trade(RunReport.TradeRow t) {
    PlanResult p = t.result();
    ObjectNode o = MAPPER.createObjectNode();
    o.put("plan", p.id());
    o.put("symbol", t.symbol());
    o.put("side", t.side());
    o.put("orderStatus", p.orderStatus().name());
    o.put("tradeStatus", p.tradeStatus().name());
    o.put("filledEntryQuantity", p.filledEntryQuantity());
    o.put("position", p.position());
    o.put(
        "avgEntryPrice",
        p.avgEntryPrice() == null ? null : ResultJson.formatAvgEntryPrice(p.avgEntryPrice()));
    o.put("realizedPnl", money(p.realizedPnl()));
    o.put("commission", money(p.commission()));
    o.put("entryTick", t.entryTick());
    o.put("endTick", t.endTick());
    ArrayNode errors = o.putArray("errors");
    p.errors().forEach(e -> errors.addObject().put("field", e.field()).put("message", e.message()));
    return o;
  }

  /** An event with the rule that caused it (null for broker reports and trader actions). */
  static ObjectNode event(PlanEvent e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("tick", e.tick());
    o.put("type", e.type().name());
    if (e.role() != null) {
      o.put("role", e.role().name());
    }
    if (e.index() != null) {
      o.put("index", e.index().intValue());
    }
    if (e.side() != null) {
      o.put("side", e.side().name());
    }
    if (e.quantity() != null) {
      o.put("quantity", e.quantity().longValue());
    }
    if (e.price() != null) {
      o.put("price", ResultJson.formatPrice(e.price()));
    }
    if (e.orderStatus() != null) {
      o.put("orderStatus", e.orderStatus().name());
      o.put("tradeStatus", e.tradeStatus().name());
    }
    o.put("rule", e.rule());
    if (e.reason() != null && e.type() != PlanEvent.Type.FILL) {
      o.put("reason", e.reason());
    }
    return o;
  }

  private static ObjectNode point(SeriesPoint p) {
    if (p == null) {
      return null;
    }
    ObjectNode o = MAPPER.createObjectNode();
    o.put("tick", p.tick());
    o.put("equity", money(p.value()));
    return o;
  }

  /** Points as [tick, "value"] pairs: prices as written, money with 2 decimals. */
  private static ArrayNode points(List<SeriesPoint> points, boolean prices) {
    ArrayNode a = MAPPER.createArrayNode();
    for (SeriesPoint p : points) {
      a.addArray().add(p.tick()).add(prices ? ResultJson.formatPrice(p.value()) : money(p.value()));
    }
    return a;
  }

  static String money(BigDecimal v) {
    return ResultJson.formatMoney(v);
  }
}
