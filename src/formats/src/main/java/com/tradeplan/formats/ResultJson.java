package com.tradeplan.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * RESULT.json of simulator-io.md.
 *
 * <p>Written in the layout of the spec's example, byte for byte: one plan per element with its
 * scalars on three lines, one event per line, keys in a fixed order, a final newline. Decimals are
 * plain strings: {@code avgEntryPrice} rounded half-even to 4 decimals with trailing zeros beyond
 * the second dropped ({@code "101.10"}, {@code "101.1033"}), {@code realizedPnl} and {@code
 * commission} half-even to exactly 2, a fill price as its tick's {@code last} was written with at
 * least 2 decimals; zero is unsigned {@code "0.00"}.
 *
 * <p>Event keys, in this order and only when they apply: {@code tick, type, role, index} (TARGET
 * only){@code , side, quantity, price} (FILL only){@code , orderStatus, tradeStatus} (STATUS only).
 * The internal types REJECT, DENY, ACTION, GIVE_UP, SLIPPAGE and SENT_AS are not part of the public
 * contract; when a caller passes them they are written in the same style with whichever of role,
 * index, side and quantity they carry, plus {@code reason}.
 *
 * <p>The reader accepts what the writer writes (any whitespace) and is used to compare runs.
 */
public final class ResultJson {
  /**
   * The keys of a plan's outcome, every plan key but {@code id}: also what a rule scenario may
   * expect of a plan (docs/rules.md), so the two never drift apart.
   */
  public static final Set<String> OUTCOME_KEYS =
      Set.of(
          "orderStatus",
          "tradeStatus",
          "position",
          "filledEntryQuantity",
          "avgEntryPrice",
          "realizedPnl",
          "commission",
          "errors",
          "events");

  private static final Set<String> PLAN_KEYS = withId(OUTCOME_KEYS);

  private ResultJson() {}

  private static Set<String> withId(Set<String> keys) {
    Set<String> all = new java.util.HashSet<>(keys);
    all.add("id");
    return Set.copyOf(all);
  }

  /** The RESULT.json text of {@code result}, ending with a newline. */
  public static String write(SimulationResult result) {
    StringBuilder out = new StringBuilder("{\"plans\":[");
    List<PlanResult> plans = result.plans();
    for (int i = 0; i < plans.size(); i++) {
      out.append(i == 0 ? "\n" : ",\n");
      appendPlan(out, plans.get(i));
    }
    if (!plans.isEmpty()) {
      out.append('\n');
    }
    return out.append("]}\n").toString();
  }

  /** Writes RESULT.json as a whole (a temporary file moved into place): never a partial file. */
  public static void write(Path file, SimulationResult result) {
    AtomicFiles.write(file, write(result));
  }

  /** Reads a RESULT.json file. */
  public static SimulationResult read(Path file) {
    return parse(file.toString(), PlansJson.readUtf8(file));
  }

  /** Reads RESULT.json text; {@code fileName} only names the file in a {@link FormatException}. */
  public static SimulationResult parse(String fileName, String json) {
    JsonNode root = PlansJson.readTree(fileName, json);
    JsonNode plans = root.isObject() ? root.get("plans") : null;
    if (plans == null || !plans.isArray()) {
      throw new FormatException(fileName, "not an object with a \"plans\" array");
    }
    List<PlanResult> results = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      results.add(new Reader(fileName, "plans[" + i + "]").plan(plans.get(i)));
    }
    return new SimulationResult(results);
  }

  /** How {@code avgEntryPrice} is printed: half-even to 4 decimals, at least 2. */
  public static String formatAvgEntryPrice(BigDecimal value) {
    BigDecimal rounded = value.scale() > 4 ? value.setScale(4, RoundingMode.HALF_EVEN) : value;
    return Decimals.format(rounded.stripTrailingZeros(), 2, 4);
  }

  /** How {@code realizedPnl} and {@code commission} are printed: half-even to exactly 2. */
  public static String formatMoney(BigDecimal value) {
    return Decimals.fixed(value, 2);
  }

  /** How a fill price is printed: as written, with at least 2 decimals, never rounded. */
  public static String formatPrice(BigDecimal value) {
    return Decimals.format(value, 2, Math.max(2, value.scale()));
  }

  // ---- writing

  private static void appendPlan(StringBuilder out, PlanResult p) {
    out.append("  {\"id\":").append(p.id() == null ? "null" : quote(p.id()));
    out.append(",\"orderStatus\":").append(quote(p.orderStatus().name()));
    out.append(",\"tradeStatus\":").append(quote(p.tradeStatus().name()));
    out.append(",\n   \"position\":").append(p.position());
    out.append(",\"filledEntryQuantity\":").append(p.filledEntryQuantity());
    out.append(",\"avgEntryPrice\":")
        .append(p.avgEntryPrice() == null ? "null" : quote(formatAvgEntryPrice(p.avgEntryPrice())));
    out.append(",\n   \"realizedPnl\":").append(quote(formatMoney(p.realizedPnl())));
    out.append(",\"commission\":").append(quote(formatMoney(p.commission())));
    out.append(",\"errors\":[");
    for (int i = 0; i < p.errors().size(); i++) {
      FieldError e = p.errors().get(i);
      ObjectNode error = PlansJson.MAPPER.createObjectNode();
      error.put("field", e.field());
      error.put("message", e.message());
      out.append(i == 0 ? "" : ",").append(PlansJson.json(error));
    }
    out.append("],\n   \"events\":[");
    for (int i = 0; i < p.events().size(); i++) {
      out.append(i == 0 ? "\n     " : ",\n     ").append(event(p.events().get(i)));
    }
    out.append(p.events().isEmpty() ? "]}" : "\n   ]}");
  }

  private static String event(PlanEvent e) {
    ObjectNode o = PlansJson.MAPPER.createObjectNode();
    o.put("tick", e.tick());
    o.put("type", e.type().name());
    switch (e.type()) {
      case ORDER, CANCEL -> orderFields(o, e, true);
      case FILL -> {
        orderFields(o, e, true);
        require(e.price() != null, e, "price");
        o.put("price", formatPrice(e.price()));
      }
      case STATUS -> {
        o.put("orderStatus", e.orderStatus().name());
        o.put("tradeStatus", e.tradeStatus().name());
      }
      case REJECT, ACTION, DENY, GIVE_UP, SLIPPAGE, SENT_AS -> {
        orderFields(o, e, false);
        if (e.reason() != null) {
          o.put("reason", e.reason());
        }
      }
    }
    return PlansJson.json(o);
  }

  private static void orderFields(ObjectNode o, PlanEvent e, boolean required) {
    if (required) {
      require(e.role() != null, e, "role");
      require(e.role() != OrderRole.TARGET || e.index() != null, e, "index");
      require(e.side() != null, e, "side");
      require(e.quantity() != null, e, "quantity");
    }
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
  }

  private static void require(boolean present, PlanEvent e, String field) {
    if (!present) {
      throw new IllegalArgumentException(
          "a " + e.type() + " event of plan " + e.planId() + " needs its " + field + ": " + e);
    }
  }

  private static String quote(String text) {
    return PlansJson.json(PlansJson.MAPPER.getNodeFactory().textNode(text));
  }

  // ---- reading

  /** Reads one plan, naming the path of any bad value. */
  private record Reader(String file, String path) {
    PlanResult plan(JsonNode p) {
      if (!p.isObject()) {
        throw bad(path, "must be an object");
      }
      Iterator<String> names = p.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!PLAN_KEYS.contains(name)) {
          throw bad(path + "." + name, "is not a field of a plan result");
        }
      }
      JsonNode idNode = need(p, "id");
      String id = idNode.isNull() ? null : text(p, "id");
      List<FieldError> errors = new ArrayList<>();
      JsonNode errorNodes = array(p, "errors");
      for (int i = 0; i < errorNodes.size(); i++) {
        JsonNode e = errorNodes.get(i);
        String at = path + ".errors[" + i + "]";
        if (!e.isObject() || !e.path("field").isTextual() || !e.path("message").isTextual()) {
          throw bad(at, "must be {\"field\":...,\"message\":...}");
        }
        errors.add(new FieldError(e.get("field").textValue(), e.get("message").textValue()));
      }
      List<PlanEvent> events = new ArrayList<>();
      JsonNode eventNodes = array(p, "events");
      for (int i = 0; i < eventNodes.size(); i++) {
        events.add(new Reader(file, path + ".events[" + i + "]").event(id, eventNodes.get(i)));
      }
      JsonNode avg = need(p, "avgEntryPrice");
      return new PlanResult(
          id,
          enumValue(PlanStatus.class, p, "orderStatus"),
          enumValue(TradeStatus.class, p, "tradeStatus"),
          integer(p, "position"),
          integer(p, "filledEntryQuantity"),
          avg.isNull() ? null : decimal(p, "avgEntryPrice"),
          decimal(p, "realizedPnl"),
          decimal(p, "commission"),
          errors,
          events);
    }

    PlanEvent event(String planId, JsonNode e) {
      if (!e.isObject()) {
        throw bad(path, "must be an object");
      }
      PlanEvent.Type type = enumValue(PlanEvent.Type.class, e, "type");
      return new PlanEvent(
          planId == null ? "" : planId,
          integer(e, "tick"),
          null,
          type,
          e.has("role") ? enumValue(OrderRole.class, e, "role") : null,
          e.has("index") ? Math.toIntExact(integer(e, "index")) : null,
          e.has("side") ? enumValue(OrderAction.class, e, "side") : null,
          e.has("quantity") ? integer(e, "quantity") : null,
          e.has("price") ? decimal(e, "price") : null,
          e.has("orderStatus") ? enumValue(PlanStatus.class, e, "orderStatus") : null,
          e.has("tradeStatus") ? enumValue(TradeStatus.class, e, "tradeStatus") : null,
          null,
          null,
          e.has("reason") ? text(e, "reason") : null);
    }

    private JsonNode need(JsonNode o, String key) {
      JsonNode v = o.get(key);
      if (v == null) {
        throw bad(path + "." + key, "is missing");
      }
      return v;
    }

    private String text(JsonNode o, String key) {
      JsonNode v = need(o, key);
      if (!v.isTextual()) {
        throw bad(path + "." + key, "must be a string");
      }
      return v.textValue();
    }

    private long integer(JsonNode o, String key) {
      JsonNode v = need(o, key);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw bad(path + "." + key, "must be an integer");
      }
      return v.longValue();
    }

    private BigDecimal decimal(JsonNode o, String key) {
      String t = text(o, key);
      try {
        return Decimals.parse(t);
      } catch (NumberFormatException ex) {
        throw bad(path + "." + key, "must be a plain decimal string, found \"" + t + "\"");
      }
    }

    private JsonNode array(JsonNode o, String key) {
      JsonNode v = need(o, key);
      if (!v.isArray()) {
        throw bad(path + "." + key, "must be an array");
      }
      return v;
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, JsonNode o, String key) {
      String t = text(o, key);
      try {
        return Enum.valueOf(type, t);
      } catch (IllegalArgumentException ex) {
        throw bad(path + "." + key, "unknown value \"" + t + "\"");
      }
    }

    private FormatException bad(String at, String reason) {
      return new FormatException(file, 0, at, reason, null);
    }
  }
}
