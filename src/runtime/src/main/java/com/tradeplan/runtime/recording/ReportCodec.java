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

  private ReportCodec() {}

  static ObjectNode report(Object r) {
    ObjectNode o = F.objectNode();
    if (r instanceof OrderUpdate u) {
      o.put("type", "status");
      o.put("ref", u.ref().toString());
      put(o, "status", u.status());
      o.put("rejected", u.rejected());
      put(o, "reason", u.reason());
    } else if (r instanceof Fill f) {
      o.put("type", "fill");
      o.put("exec", f.executionId());
      o.put("ref", f.orderRef().toString());
      put(o, "action", f.action());
      o.put("quantity", f.quantity());
      put(o, "price", f.price());
      put(o, "commission", f.commission());
      put(o, "time", f.time());
    } else if (r instanceof Commission c) {
      o.put("type", "commission");
      o.put("exec", c.executionId());
      o.put("ref", c.ref().toString());
      put(o, "amount", c.amount());
    } else {
      throw new IllegalArgumentException("not a broker report: " + r);
    }
    return o;
  }

  static Object report(JsonNode o) {
    String type = text(o, "type");
    OrderRef ref = OrderRef.parse(text(o, "ref"));
    return switch (type) {
      case "status" ->
          new OrderUpdate(
              ref,
              enumOf(OrderStatus.class, o, "status"),
              o.path("rejected").asBoolean(),
              optText(o, "reason"));
      case "fill" ->
          new Fill(
              text(o, "exec"),
              ref,
              enumOf(OrderAction.class, o, "action"),
              number(o, "quantity"),
              decimal(o, "price"),
              optDecimal(o, "commission"),
              instant(o, "time"));
      case "commission" -> new Commission(text(o, "exec"), ref, optDecimal(o, "amount"));
      default -> throw new IllegalArgumentException("unknown report type " + type);
    };
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
    o.put("kind", c.getClass().getSimpleName());
    if (c instanceof ExitChange.MoveStop m) {
      o.put("index", m.index());
      put(o, "price", m.price());
    } else if (c instanceof ExitChange.AddStop a) {
      put(o, "price", a.price());
      put(o, "activateAt", a.activateAt());
    } else if (c instanceof ExitChange.RemoveStop r) {
      o.put("index", r.index());
    } else if (c instanceof ExitChange.MoveTarget m) {
      o.put("index", m.index());
      put(o, "price", m.price());
    } else if (c instanceof ExitChange.AddTarget a) {
      put(o, "price", a.price());
      put(o, "quantity", a.quantity());
    } else if (c instanceof ExitChange.SetTargetQuantity q) {
      o.put("index", q.index());
      o.put("quantity", q.quantity());
    } else if (c instanceof ExitChange.SetTrailingDistance d) {
      put(o, "distance", d.distance());
    } else if (c instanceof ExitChange.ClosePart p) {
      o.put("quantity", p.quantity());
    }
    return o;
  }

  private static ExitChange change(JsonNode o) {
    String kind = text(o, "kind");
    return switch (kind) {
      case "MoveStop" -> new ExitChange.MoveStop((int) number(o, "index"), decimal(o, "price"));
      case "AddStop" -> new ExitChange.AddStop(decimal(o, "price"), optDecimal(o, "activateAt"));
      case "RemoveStop" -> new ExitChange.RemoveStop((int) number(o, "index"));
      case "MoveTarget" -> new ExitChange.MoveTarget((int) number(o, "index"), decimal(o, "price"));
      case "AddTarget" -> new ExitChange.AddTarget(decimal(o, "price"), optNumber(o, "quantity"));
      case "SetTargetQuantity" ->
          new ExitChange.SetTargetQuantity((int) number(o, "index"), number(o, "quantity"));
      case "SetTrailingDistance" -> new ExitChange.SetTrailingDistance(decimal(o, "distance"));
      case "StopToBreakEven" -> new ExitChange.StopToBreakEven();
      case "ClosePart" -> new ExitChange.ClosePart(number(o, "quantity"));
      default -> throw new IllegalArgumentException("unknown change of exits " + kind);
    };
  }
}
