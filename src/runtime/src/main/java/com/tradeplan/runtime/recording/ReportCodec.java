package com.tradeplan.runtime.recording;

import static com.tradeplan.runtime.recording.JsonFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.ExitChange;
import com.tradeplan.engine.facts.Commission;
import com.tradeplan.engine.facts.TraderCommand;

/**
 * The broker reports and trader commands of a recording line: an order's status report, an
 * execution (its actual quantity and price), a commission report; a cancel, a flatten or a change
 * of exits with every variant of {@link ExitChange}. Exact: decimals keep their scale.
 */
final class ReportCodec {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The broker reports: their type under {@code type}, then their fields. */
  private static final Kinds<Object> REPORTS =
      Kinds.<Object>tagged("type", "report type")
          .kind(
              "status",
              OrderUpdate.class,
              (o, u) -> {
                o.put("ref", u.ref().toString());
                put(o, "status", u.status());
                o.put("rejected", u.rejected());
                put(o, "reason", u.reason());
              },
              o ->
                  new OrderUpdate(
                      ref(o),
                      enumOf(OrderStatus.class, o, "status"),
                      o.path("rejected").asBoolean(),
                      optText(o, "reason")))
          .kind(
              "fill",
              Fill.class,
              (o, f) -> {
                o.put("exec", f.executionId());
                o.put("ref", f.orderRef().toString());
                put(o, "action", f.action());
                o.put("quantity", f.quantity());
                put(o, "price", f.price());
                put(o, "commission", f.commission());
                put(o, "time", f.time());
              },
              o ->
                  new Fill(
                      text(o, "exec"),
                      ref(o),
                      enumOf(OrderAction.class, o, "action"),
                      number(o, "quantity"),
                      decimal(o, "price"),
                      optDecimal(o, "commission"),
                      instant(o, "time")))
          .kind(
              "commission",
              Commission.class,
              (o, c) -> {
                o.put("exec", c.executionId());
                o.put("ref", c.ref().toString());
                put(o, "amount", c.amount());
              },
              o -> new Commission(text(o, "exec"), ref(o), optDecimal(o, "amount")))
          .build();

  /** The changes of exits: their record's name under {@code kind}, then their fields. */
  private static final Kinds<ExitChange> CHANGES =
      Kinds.<ExitChange>tagged("kind", "change of exits")
          .kind(
              "MoveStop",
              ExitChange.MoveStop.class,
              (o, m) -> {
                o.put("index", m.index());
                put(o, "price", m.price());
              },
              o -> new ExitChange.MoveStop((int) number(o, "index"), decimal(o, "price")))
          .kind(
              "AddStop",
              ExitChange.AddStop.class,
              (o, a) -> {
                put(o, "price", a.price());
                put(o, "activateAt", a.activateAt());
              },
              o -> new ExitChange.AddStop(decimal(o, "price"), optDecimal(o, "activateAt")))
          .kind(
              "RemoveStop",
              ExitChange.RemoveStop.class,
              (o, r) -> o.put("index", r.index()),
              o -> new ExitChange.RemoveStop((int) number(o, "index")))
          .kind(
              "MoveTarget",
              ExitChange.MoveTarget.class,
              (o, m) -> {
                o.put("index", m.index());
                put(o, "price", m.price());
              },
              o -> new ExitChange.MoveTarget((int) number(o, "index"), decimal(o, "price")))
          .kind(
              "AddTarget",
              ExitChange.AddTarget.class,
              (o, a) -> {
                put(o, "price", a.price());
                put(o, "quantity", a.quantity());
              },
              o -> new ExitChange.AddTarget(decimal(o, "price"), optNumber(o, "quantity")))
          .kind(
              "SetTargetQuantity",
              ExitChange.SetTargetQuantity.class,
              (o, q) -> {
                o.put("index", q.index());
                o.put("quantity", q.quantity());
              },
              o ->
                  new ExitChange.SetTargetQuantity((int) number(o, "index"), number(o, "quantity")))
          .kind(
              "SetTrailingDistance",
              ExitChange.SetTrailingDistance.class,
              (o, d) -> put(o, "distance", d.distance()),
              o -> new ExitChange.SetTrailingDistance(decimal(o, "distance")))
          .kind(
              "StopToBreakEven",
              ExitChange.StopToBreakEven.class,
              (o, b) -> {},
              o -> new ExitChange.StopToBreakEven())
          .kind(
              "ClosePart",
              ExitChange.ClosePart.class,
              (o, p) -> o.put("quantity", p.quantity()),
              o -> new ExitChange.ClosePart(number(o, "quantity")))
          .build();

  private ReportCodec() {}

  static ObjectNode report(Object r) {
    ObjectNode o = F.objectNode();
    REPORTS.write(o, r);
    return o;
  }

  static Object report(JsonNode o) {
    return REPORTS.read(o);
  }

  private static OrderRef ref(JsonNode o) {
    return OrderRef.parse(text(o, "ref"));
  }

  static void command(ObjectNode o, TraderCommand c) {
    o.put("plan", c.planId());
    put(o, "type", c.type());
    put(o, "trader", c.trader());
    put(o, "reason", c.reason());
    o.put("loosen", c.loosenAllowed());
    if (c.change() != null) {
      o.set("change", change(c.change()));
    }
  }

  static TraderCommand command(JsonNode o) {
    JsonNode change = o.get("change");
    return new TraderCommand(
        text(o, "plan"),
        enumOf(TraderCommand.Type.class, o, "type"),
        change == null ? null : change(change),
        optText(o, "trader"),
        optText(o, "reason"),
        o.path("loosen").asBoolean());
  }

  private static ObjectNode change(ExitChange c) {
    ObjectNode o = F.objectNode();
    CHANGES.write(o, c);
    return o;
  }

  private static ExitChange change(JsonNode o) {
    return CHANGES.read(o);
  }
}
