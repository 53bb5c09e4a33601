package com.tradeplan.runtime.recording;

import static com.tradeplan.runtime.recording.JsonFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.plan.TrailingStop;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import com.tradeplan.domain.strategy.ParameterType;
import com.tradeplan.domain.strategy.StrategyChoice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole {@link PlanSnapshot} as one JSON object of a recording line, so that a replay resumes a
 * plan restored after a restart or a take-over exactly as the live lane did. Every field is written
 * as it is (the plan was validated when it was activated; it is not validated again), so a round
 * trip gives an equal snapshot; decimals keep their scale.
 */
final class SnapshotJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SnapshotJson() {}

  static ObjectNode write(PlanSnapshot s) {
    ObjectNode o = MAPPER.createObjectNode();
    Plan p = s.plan();
    o.set("plan", planNode(p));
    ObjectNode inst = o.putObject("instrument");
    inst.put("symbol", p.instrument().symbol());
    inst.put("secType", p.instrument().secType());
    inst.put("exchange", p.instrument().exchange());
    inst.put("currency", p.instrument().currency());
    put(inst, "tickSize", p.instrument().tickSize());
    if (p.strategy() != null) {
      ObjectNode st = o.putObject("strategy");
      st.put("name", p.strategy().name());
      ObjectNode params = st.putObject("params");
      p.strategy().typedTexts().forEach(params::put);
    }
    put(o, "status", s.status());
    o.put("position", s.position());
    o.put("filledEntry", s.filledEntryQuantity());
    put(o, "entryCost", s.entryCost());
    put(o, "grossPnl", s.grossPnl());
    put(o, "commission", s.commission());
    ArrayNode stops = o.putArray("stops");
    for (StopSnapshot st : s.stops()) {
      ObjectNode n = stops.addObject();
      n.put("index", st.index());
      put(n, "kind", st.kind());
      put(n, "level", st.level());
      put(n, "activateAt", st.activateAt());
      n.put("eligible", st.eligible());
    }
    ArrayNode fired = o.putArray("targetFired");
    s.targetFired().forEach(fired::add);
    put(o, "activeStop", s.activeStop());
    put(o, "bestPrice", s.bestPrice());
    o.put("stopTriggered", s.stopTriggered());
    o.put("flattenRequested", s.flattenRequested());
    put(o, "flattenSentAt", s.flattenSentAt());
    ArrayNode orders = o.putArray("orders");
    for (OrderSnapshot os : s.orders()) {
      ObjectNode n = orders.addObject();
      n.put("ref", os.ref().toString());
      put(n, "action", os.action());
      n.put("quantity", os.quantity());
      n.put("filled", os.filledQuantity());
      put(n, "status", os.status());
      put(n, "rule", os.rule());
    }
    ArrayNode execs = o.putArray("executions");
    s.executionIds().forEach(execs::add);
    ObjectNode commissions = o.putObject("commissions");
    s.commissions()
        .forEach(
            (k, v) -> {
              if (v == null) {
                commissions.putNull(k); // booked, its amount not known (an old format's read)
              } else {
                put(commissions, k, v);
              }
            });
    put(o, "endReason", s.endReason());
    o.put("version", s.version());
    put(o, "pin", s.ruleSetVersion());
    put(o, "account", s.account());
    return o;
  }

  static PlanSnapshot read(JsonNode o) {
    List<StopSnapshot> stops = new ArrayList<>();
    for (JsonNode n : o.path("stops")) {
      stops.add(
          new StopSnapshot(
              (int) number(n, "index"),
              enumOf(StopKind.class, n, "kind"),
              optDecimal(n, "level"),
              optDecimal(n, "activateAt"),
              n.path("eligible").asBoolean()));
    }
    List<Boolean> fired = new ArrayList<>();
    o.path("targetFired").forEach(n -> fired.add(n.asBoolean()));
    List<OrderSnapshot> orders = new ArrayList<>();
    for (JsonNode n : o.path("orders")) {
      orders.add(
          new OrderSnapshot(
              OrderRef.parse(text(n, "ref")),
              enumOf(OrderAction.class, n, "action"),
              number(n, "quantity"),
              number(n, "filled"),
              enumOf(OrderStatus.class, n, "status"),
              optText(n, "rule")));
    }
    List<String> execs = new ArrayList<>();
    o.path("executions").forEach(n -> execs.add(n.asText()));
    Map<String, BigDecimal> commissions = new LinkedHashMap<>();
    o.path("commissions")
        .fields()
        .forEachRemaining(
            e ->
                commissions.put(
                    e.getKey(),
                    e.getValue().isNull() ? null : new BigDecimal(e.getValue().asText())));
    return new PlanSnapshot(
        plan(o),
        enumOf(PlanStatus.class, o, "status"),
        number(o, "position"),
        number(o, "filledEntry"),
        decimal(o, "entryCost"),
        decimal(o, "grossPnl"),
        decimal(o, "commission"),
        stops,
        fired,
        optDecimal(o, "activeStop"),
        optDecimal(o, "bestPrice"),
        o.path("stopTriggered").asBoolean(),
        o.path("flattenRequested").asBoolean(),
        optInstant(o, "flattenSentAt"),
        orders,
        execs,
        commissions,
        optText(o, "endReason"),
        number(o, "version"),
        optInt(o, "pin"),
        optText(o, "account"));
  }

  private static JsonNode planNode(Plan p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", p.id());
    o.put("owner", p.owner());
    put(o, "side", p.side());
    o.put("quantity", p.quantity());
    ObjectNode e = o.putObject("entry");
    put(e, "condition", p.entry().condition());
    put(e, "price", p.entry().price());
    put(e, "expiresAt", p.entry().expiresAt());
    put(e, "maxSlippageTicks", p.entry().maxSlippageTicks());
    ArrayNode stops = o.putArray("stops");
    for (Stop st : p.stops()) {
      ObjectNode n = stops.addObject();
      put(n, "price", st.price());
      put(n, "activateAt", st.activateAt());
    }
    ArrayNode targets = o.putArray("targets");
    for (Target t : p.targets()) {
      ObjectNode n = targets.addObject();
      put(n, "price", t.price());
      put(n, "quantity", t.quantity());
    }
    if (p.trailingStop() != null) {
      put(o, "trailing", p.trailingStop().distance());
    }
    return o;
  }

  private static Plan plan(JsonNode o) {
    JsonNode inst = o.get("instrument");
    JsonNode p = o.get("plan");
    if (inst == null || p == null) {
      throw new IllegalArgumentException("missing field plan or instrument");
    }
    Instrument instrument =
        new Instrument(
            text(inst, "symbol"),
            text(inst, "secType"),
            text(inst, "exchange"),
            text(inst, "currency"),
            decimal(inst, "tickSize"));
    JsonNode e = p.path("entry");
    Entry entry =
        new Entry(
            enumOf(EntryCondition.class, e, "condition"),
            decimal(e, "price"),
            optInstant(e, "expiresAt"),
            optInt(e, "maxSlippageTicks"));
    List<Stop> stops = new ArrayList<>();
    p.path("stops")
        .forEach(n -> stops.add(new Stop(decimal(n, "price"), optDecimal(n, "activateAt"))));
    List<Target> targets = new ArrayList<>();
    p.path("targets")
        .forEach(n -> targets.add(new Target(decimal(n, "price"), optNumber(n, "quantity"))));
    BigDecimal trailing = optDecimal(p, "trailing");
    return new Plan(
        text(p, "id"),
        text(p, "owner"),
        instrument,
        enumOf(Side.class, p, "side"),
        number(p, "quantity"),
        entry,
        stops,
        targets,
        trailing == null ? null : new TrailingStop(trailing),
        strategy(o.get("strategy")));
  }

  private static StrategyChoice strategy(JsonNode st) {
    if (st == null) {
      return null;
    }
    Map<String, Object> params = new TreeMap<>();
    st.path("params")
        .fields()
        .forEachRemaining(
            e -> {
              String typed = e.getValue().asText();
              int space = typed.indexOf(' ');
              ParameterType type = ParameterType.named(typed.substring(0, space));
              params.put(e.getKey(), type.parse(typed.substring(space + 1)));
            });
    return new StrategyChoice(text(st, "name"), params);
  }
}
