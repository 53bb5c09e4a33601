package com.tradeplan.runtime.recording;

import static com.tradeplan.runtime.recording.JsonFields.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.engine.recording.LaneInput;

/**
 * One {@link LaneInput} as one line of JSON (no newline inside), and back. The key {@code k} names
 * the kind of entry; every other key is a field. Decimals are strings and keep their scale, so a
 * round trip gives equal values. A line that is not JSON, has an unknown {@code k} or lacks a field
 * is an {@link IllegalArgumentException} (the reader names the file and offset).
 */
public final class RecordingCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Every kind of entry: its name under {@code k}, then its fields, declared once each. */
  private static final Kinds<LaneInput> ENTRIES =
      Kinds.<LaneInput>tagged("k", "kind of entry")
          .kind(
              "started",
              LaneInput.Started.class,
              (o, s) -> {
                put(o, "time", s.time());
                o.put("lanes", s.lanes());
              },
              o -> new LaneInput.Started(instant(o, "time"), (int) number(o, "lanes")))
          .kind(
              "tick",
              LaneInput.TickSeen.class,
              (o, t) -> tick(o, t.tick()),
              o -> new LaneInput.TickSeen(tick(o)))
          .kind(
              "reports",
              LaneInput.ReportsSeen.class,
              (o, r) -> {
                put(o, "time", r.time());
                putList(o, "reports", r.reports(), ReportCodec::report);
              },
              o ->
                  new LaneInput.ReportsSeen(
                      list(o, "reports", ReportCodec::report), instant(o, "time")))
          .kind(
              "command",
              LaneInput.CommandRun.class,
              (o, c) -> {
                o.put("owner", c.owner());
                put(o, "time", c.time());
                ReportCodec.command(o, c.command());
              },
              o ->
                  new LaneInput.CommandRun(
                      text(o, "owner"), ReportCodec.command(o), instant(o, "time")))
          .kind(
              "plans",
              LaneInput.PlansAdded.class,
              (o, p) -> {
                o.put("restored", p.restored());
                put(o, "time", p.time());
                putList(o, "plans", p.snapshots(), SnapshotJson::write);
              },
              o ->
                  new LaneInput.PlansAdded(
                      list(o, "plans", SnapshotJson::read),
                      o.path("restored").asBoolean(),
                      instant(o, "time")))
          .kind(
              "user-removed",
              LaneInput.UserRemoved.class,
              (o, u) -> {
                o.put("owner", u.owner());
                put(o, "time", u.time());
              },
              o -> new LaneInput.UserRemoved(text(o, "owner"), instant(o, "time")))
          .kind(
              "order",
              LaneInput.OrderSent.class,
              (o, s) -> {
                order(o, s.request());
                result(o, s.result());
              },
              o -> new LaneInput.OrderSent(order(o), result(o)))
          .kind(
              "cancel",
              LaneInput.CancelSent.class,
              (o, c) -> {
                o.put("ref", c.ref().toString());
                result(o, c.result());
              },
              o -> new LaneInput.CancelSent(OrderRef.parse(text(o, "ref")), result(o)))
          .kind(
              "events",
              LaneInput.EventsEmitted.class,
              (o, e) -> {
                o.put("owner", e.owner());
                putList(o, "events", e.events(), RecordingCodec::event);
              },
              o ->
                  new LaneInput.EventsEmitted(
                      text(o, "owner"), list(o, "events", RecordingCodec::event)))
          .kind(
              "link",
              LaneInput.LinkChanged.class,
              (o, l) -> {
                o.put("state", l.state());
                put(o, "time", l.time());
              },
              o -> new LaneInput.LinkChanged(text(o, "state"), instant(o, "time")))
          .kind(
              "gap",
              LaneInput.Gap.class,
              (o, g) -> {
                o.put("lost", g.lost());
                put(o, "time", g.time());
              },
              o -> new LaneInput.Gap(number(o, "lost"), instant(o, "time")))
          .build();

  private RecordingCodec() {}

  public static String encode(LaneInput input) {
    ObjectNode o = MAPPER.createObjectNode();
    ENTRIES.write(o, input);
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  public static LaneInput decode(String line) {
    JsonNode o;
    try {
      o = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return ENTRIES.read(o);
  }

  private static void tick(ObjectNode o, Tick t) {
    o.put("symbol", t.symbol());
    put(o, "time", t.time());
    put(o, "last", t.last());
    put(o, "bid", t.bid());
    put(o, "ask", t.ask());
    put(o, "volume", t.volume());
  }

  private static Tick tick(JsonNode o) {
    return new Tick(
        text(o, "symbol"),
        instant(o, "time"),
        decimal(o, "last"),
        optDecimal(o, "bid"),
        optDecimal(o, "ask"),
        optNumber(o, "volume"));
  }

  private static void order(ObjectNode o, OrderRequest r) {
    o.put("ref", r.ref().toString());
    o.put("owner", r.owner());
    Instrument i = r.instrument();
    o.put("symbol", i.symbol());
    o.put("secType", i.secType());
    o.put("exchange", i.exchange());
    o.put("currency", i.currency());
    put(o, "tickSize", i.tickSize());
    put(o, "action", r.action());
    put(o, "type", r.type());
    o.put("quantity", r.quantity());
    put(o, "limit", r.limitPrice());
    put(o, "stop", r.stopPrice());
    put(o, "reason", r.reason());
    put(o, "account", r.account());
  }

  private static OrderRequest order(JsonNode o) {
    return new OrderRequest(
        OrderRef.parse(text(o, "ref")),
        text(o, "owner"),
        new Instrument(
            text(o, "symbol"),
            text(o, "secType"),
            text(o, "exchange"),
            text(o, "currency"),
            decimal(o, "tickSize")),
        enumOf(OrderAction.class, o, "action"),
        enumOf(OrderType.class, o, "type"),
        number(o, "quantity"),
        optDecimal(o, "limit"),
        optDecimal(o, "stop"),
        optText(o, "reason"),
        optText(o, "account"));
  }

  private static void result(ObjectNode o, SubmitResult r) {
    put(o, "result", r.code());
    put(o, "resultReason", r.reason());
  }

  private static SubmitResult result(JsonNode o) {
    return new SubmitResult(
        enumOf(SubmitResult.Code.class, o, "result"), optText(o, "resultReason"));
  }

  private static ObjectNode event(PlanEvent e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("plan", e.planId());
    o.put("tick", e.tick());
    put(o, "time", e.time());
    put(o, "type", e.type());
    put(o, "role", e.role());
    put(o, "index", e.index());
    put(o, "side", e.side());
    put(o, "quantity", e.quantity());
    put(o, "price", e.price());
    put(o, "orderStatus", e.orderStatus());
    put(o, "tradeStatus", e.tradeStatus());
    put(o, "orderRef", e.orderRef());
    put(o, "rule", e.rule());
    put(o, "reason", e.reason());
    return o;
  }

  private static PlanEvent event(JsonNode o) {
    return new PlanEvent(
        text(o, "plan"),
        number(o, "tick"),
        optInstant(o, "time"),
        enumOf(PlanEvent.Type.class, o, "type"),
        optEnum(OrderRole.class, o, "role"),
        optInt(o, "index"),
        optEnum(OrderAction.class, o, "side"),
        optNumber(o, "quantity"),
        optDecimal(o, "price"),
        optEnum(PlanStatus.class, o, "orderStatus"),
        optEnum(TradeStatus.class, o, "tradeStatus"),
        optText(o, "orderRef"),
        optText(o, "rule"),
        optText(o, "reason"));
  }
}
