package com.tradeplan.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.simulator.SimulationOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rule scenario: plans, ticks, what the broker and the trader do around them, and exactly what
 * must come out. The format is documented for strategy admins in docs/rules.md ("Scenario files").
 *
 * <p>Every field is checked when the file is read: an unknown field, a misspelled status or role, a
 * plan without an expectation is a {@link ScenarioException} naming the file and the field, never a
 * scenario that silently checks less than its author meant.
 */
public record ScenarioFile(
    String file,
    String name,
    String description,
    String knownIssue,
    SimulationOptions options,
    List<PlanDraft> plans,
    List<IndexedTick> ticks,
    List<BrokerEvent> broker,
    List<TraderAction> trader,
    Map<String, PlanExpectation> expect,
    List<String> alerts) {

  /** Bound on one scenario: it is a hand-written example, not a tick file. */
  public static final int TICKS_MAX = 10_000;

  /** When the first tick happens if the file does not say (a Monday at the US open). */
  public static final Instant DEFAULT_START = Instant.parse("2026-03-02T14:30:00Z");

  /** Time between ticks written without a time. */
  public static final Duration AUTO_STEP = Duration.ofSeconds(1);

  private static final Set<String> TOP_FIELDS =
      Set.of(
          "name",
          "description",
          "knownIssue",
          "options",
          "start",
          "plans",
          "ticks",
          "broker",
          "trader",
          "expect",
          "alerts");
  private static final Set<String> OPTION_FIELDS =
      Set.of("maxFillPerTick", "commissionPerShare", "gate");
  private static final Set<String> EXPECT_FIELDS =
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

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /** What the simulated broker does differently at a tick (fault injection). */
  public sealed interface BrokerEvent {
    /** The tick before whose fills this takes effect. */
    long at();
  }

  /**
   * The broker rejects the next order of {@code role} (and target {@code index}, when given) of the
   * plan sent at or after tick {@code at}.
   */
  public record RejectNext(long at, String plan, OrderRole role, Integer index, String reason)
      implements BrokerEvent {}

  /** Orders of {@code role} of the plan sent from tick {@code at} on get no simulated fills. */
  public record Hold(long at, String plan, OrderRole role) implements BrokerEvent {}

  /** Held orders of {@code role} work again: their remainder fills at tick {@code at}'s last. */
  public record Release(long at, String plan, OrderRole role) implements BrokerEvent {}

  /**
   * The broker reports an execution of {@code ref} before tick {@code at}'s fills: a partial fill
   * of a held order, or a late fill of an order that was cancelled. {@code price} null means that
   * tick's last; {@code commission} null means the scenario's commission per share.
   */
  public record InjectedFill(
      long at, OrderRef ref, long quantity, BigDecimal price, BigDecimal commission)
      implements BrokerEvent {}

  /**
   * The broker reports a commission for an execution of {@code ref} before tick {@code at}'s fills,
   * separately from the execution (as IB does), e.g. after the trade closed.
   */
  public record InjectedCommission(long at, OrderRef ref, BigDecimal amount)
      implements BrokerEvent {}

  /**
   * A trader command after tick {@code at} was evaluated; {@code refused}: the rules must refuse
   * it.
   */
  public record TraderAction(long at, String plan, TraderCommand.Type type, boolean refused) {}

  /**
   * What one plan must look like at the end. A null field is not checked, except {@code
   * avgEntryPrice}, which is checked when {@code avgEntryPriceChecked} (a JSON null then means
   * "nothing filled"). {@code events} is the plan's whole history, in order.
   */
  public record PlanExpectation(
      PlanStatus orderStatus,
      TradeStatus tradeStatus,
      Long position,
      Long filledEntryQuantity,
      boolean avgEntryPriceChecked,
      BigDecimal avgEntryPrice,
      BigDecimal realizedPnl,
      BigDecimal commission,
      List<ExpectedError> errors,
      List<EventLine> events) {}

  /** A validation error the plan must report: its field, and its message when written. */
  public record ExpectedError(String field, String message) {
    boolean matches(FieldError actual) {
      return field.equals(actual.field()) && (message == null || message.equals(actual.message()));
    }

    @Override
    public String toString() {
      return message == null ? field : field + ": " + message;
    }
  }

  public static ScenarioFile read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + path, e);
    }
    return parse(path.toString(), text);
  }

  /** Reads scenario text; {@code file} names it in errors. */
  public static ScenarioFile parse(String file, String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ScenarioException(
          file,
          null,
          "not valid JSON at line "
              + e.getLocation().getLineNr()
              + " column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException(file, null, "a scenario is one JSON object");
    }
    return new Parser(file).scenario(root);
  }

  private static final class Parser {
    final String file;

    Parser(String file) {
      this.file = file;
    }

    ScenarioException fail(String field, String why) {
      return new ScenarioException(file, field, why);
    }

    ScenarioFile scenario(JsonNode root) {
      known(root, "", TOP_FIELDS);
      String name = requiredText(root, "name");
      String description = optionalText(root, "description");
      String knownIssue = optionalText(root, "knownIssue");
      SimulationOptions options = options(root.get("options"));
      Instant start = DEFAULT_START;
      String startText = optionalText(root, "start");
      if (startText != null) {
        start = instant(startText, "start");
      }
      List<PlanDraft> plans = plans(root.get("plans"));
      List<IndexedTick> ticks = ticks(root.get("ticks"), start);
      List<BrokerEvent> broker = broker(root.get("broker"), ticks.size());
      List<TraderAction> trader = trader(root.get("trader"), ticks.size());
      Map<String, PlanExpectation> expect = expectations(root.get("expect"), plans);
      List<String> alerts = new ArrayList<>();
      JsonNode a = root.get("alerts");
      if (a != null) {
        array(a, "alerts");
        for (int i = 0; i < a.size(); i++) {
          alerts.add(text(a.get(i), "alerts[" + i + "]"));
        }
      }
      return new ScenarioFile(
          file,
          name,
          description,
          knownIssue,
          options,
          plans,
          ticks,
          broker,
          trader,
          expect,
          alerts);
    }

    SimulationOptions options(JsonNode o) {
      if (o == null) {
        return SimulationOptions.DEFAULT;
      }
      object(o, "options");
      known(o, "options.", OPTION_FIELDS);
      Long maxFill = null;
      JsonNode m = o.get("maxFillPerTick");
      if (m != null) {
        maxFill = positive(m, "options.maxFillPerTick");
      }
      BigDecimal commission = BigDecimal.ZERO;
      JsonNode c = o.get("commissionPerShare");
      if (c != null) {
        commission = decimal(c, "options.commissionPerShare");
      }
      boolean gate = true;
      JsonNode g = o.get("gate");
      if (g != null) {
        if (!g.isBoolean()) {
          throw fail("options.gate", "must be true or false");
        }
        gate = g.asBoolean();
      }
      return new SimulationOptions(maxFill, commission, gate);
    }

    List<PlanDraft> plans(JsonNode p) {
      if (p == null || !p.isArray() || p.isEmpty()) {
        throw fail("plans", "must be a non-empty array of plans as in PLANS.json");
      }
      try {
        return PlansJson.parse(file + ": plans", p.toString());
      } catch (FormatException e) {
        throw fail("plans", e.getMessage());
      }
    }

    /**
     * {@code "SYMBOL LAST"} (one second after the previous tick), {@code "SYMBOL LAST BID ASK"}, or
     * a TICKS.csv row {@code "time,symbol,last[,bid,ask[,volume]]"}.
     */
    List<IndexedTick> ticks(JsonNode t, Instant start) {
      if (t == null || !t.isArray() || t.isEmpty()) {
        throw fail("ticks", "must be a non-empty array of lines such as \"AAPL 101.05\"");
      }
      if (t.size() > TICKS_MAX) {
        throw fail("ticks", "more than " + TICKS_MAX + " ticks");
      }
      List<IndexedTick> ticks = new ArrayList<>();
      Instant previous = null;
      for (int i = 0; i < t.size(); i++) {
        String field = "ticks[" + i + "]";
        String line = text(t.get(i), field).strip();
        Instant time;
        String[] w;
        if (line.contains(",")) {
          String[] csv = line.split(",", -1);
          if (csv.length < 3 || csv.length > 6) {
            throw fail(field, "a CSV tick is time,symbol,last[,bid,ask[,volume]]: " + line);
          }
          time = instant(csv[0].strip(), field);
          w = new String[csv.length - 1];
          for (int k = 1; k < csv.length; k++) {
            w[k - 1] = csv[k].strip();
          }
        } else {
          w = line.split("\\s+");
          if (w.length != 2 && w.length != 4) {
            throw fail(field, "a tick is \"SYMBOL LAST\" or \"SYMBOL LAST BID ASK\": " + line);
          }
          time = previous == null ? start : previous.plus(AUTO_STEP);
        }
        if (previous != null && time.isBefore(previous)) {
          throw fail(field, "time " + time + " is before the previous tick's " + previous);
        }
        if (w[0].isEmpty()) {
          throw fail(field, "the symbol is missing: " + line);
        }
        BigDecimal last = price(w[1], field + " last");
        BigDecimal bid = w.length > 2 && !w[2].isEmpty() ? price(w[2], field + " bid") : null;
        BigDecimal ask = w.length > 3 && !w[3].isEmpty() ? price(w[3], field + " ask") : null;
        Long volume = null;
        if (w.length > 4 && !w[4].isEmpty()) {
          if (!w[4].matches("[0-9]{1,18}")) {
            throw fail(field, "volume must be a whole number: " + w[4]);
          }
          volume = Long.parseLong(w[4]);
        }
        ticks.add(new IndexedTick(i, i + 2, new Tick(w[0], time, last, bid, ask, volume)));
        previous = time;
      }
      return List.copyOf(ticks);
    }

    List<BrokerEvent> broker(JsonNode b, int tickCount) {
      List<BrokerEvent> events = new ArrayList<>();
      if (b == null) {
        return events;
      }
      array(b, "broker");
      for (int i = 0; i < b.size(); i++) {
        String field = "broker[" + i + "]";
        JsonNode e = b.get(i);
        object(e, field);
        long at = at(e, field, tickCount);
        if (e.has("rejectNext")) {
          known(e, field + ".", Set.of("at", "rejectNext", "plan", "index", "reason"));
          JsonNode index = e.get("index");
          String reason = optionalText(e, "reason");
          events.add(
              new RejectNext(
                  at,
                  requiredText(e, "plan", field),
                  role(e.get("rejectNext"), field + ".rejectNext"),
                  index == null ? null : (int) nonNegative(index, field + ".index"),
                  reason == null ? "rejected by the scenario" : reason));
        } else if (e.has("hold")) {
          known(e, field + ".", Set.of("at", "hold", "plan"));
          events.add(
              new Hold(at, requiredText(e, "plan", field), role(e.get("hold"), field + ".hold")));
        } else if (e.has("release")) {
          known(e, field + ".", Set.of("at", "release", "plan"));
          events.add(
              new Release(
                  at, requiredText(e, "plan", field), role(e.get("release"), field + ".release")));
        } else if (e.has("fill")) {
          known(e, field + ".", Set.of("at", "fill", "quantity", "price", "commission"));
          String refText = text(e.get("fill"), field + ".fill");
          OrderRef ref = OrderRef.parse(refText);
          if (ref == null) {
            throw fail(
                field + ".fill", "must be an order ref such as \"p1:ENTRY:0:1\": " + refText);
          }
          JsonNode q = e.get("quantity");
          if (q == null) {
            throw fail(field + ".quantity", "is missing");
          }
          JsonNode price = e.get("price");
          JsonNode commission = e.get("commission");
          events.add(
              new InjectedFill(
                  at,
                  ref,
                  positive(q, field + ".quantity"),
                  price == null ? null : price(text(price, field + ".price"), field + ".price"),
                  commission == null ? null : decimal(commission, field + ".commission")));
        } else if (e.has("commission")) {
          known(e, field + ".", Set.of("at", "commission", "amount"));
          String refText = text(e.get("commission"), field + ".commission");
          OrderRef ref = OrderRef.parse(refText);
          if (ref == null) {
            throw fail(
                field + ".commission",
                "must be an order ref such as \"p1:TARGET:0:1\": " + refText);
          }
          JsonNode amount = e.get("amount");
          if (amount == null) {
            throw fail(field + ".amount", "is missing");
          }
          events.add(new InjectedCommission(at, ref, decimal(amount, field + ".amount")));
        } else {
          throw fail(field, "must be one of rejectNext, hold, release, fill, commission");
        }
      }
      return events;
    }

    List<TraderAction> trader(JsonNode t, int tickCount) {
      List<TraderAction> actions = new ArrayList<>();
      if (t == null) {
        return actions;
      }
      array(t, "trader");
      for (int i = 0; i < t.size(); i++) {
        String field = "trader[" + i + "]";
        JsonNode a = t.get(i);
        object(a, field);
        known(a, field + ".", Set.of("at", "cancel", "flatten", "refused"));
        long at = at(a, field, tickCount);
        boolean refused = a.has("refused") && a.get("refused").asBoolean();
        if (a.has("cancel") == a.has("flatten")) {
          throw fail(field, "must name the plan in exactly one of cancel, flatten");
        }
        TraderCommand.Type type =
            a.has("cancel") ? TraderCommand.Type.CANCEL : TraderCommand.Type.FLATTEN;
        String plan =
            requiredText(a, type == TraderCommand.Type.CANCEL ? "cancel" : "flatten", field);
        actions.add(new TraderAction(at, plan, type, refused));
      }
      return actions;
    }

    Map<String, PlanExpectation> expectations(JsonNode e, List<PlanDraft> plans) {
      if (e == null || !e.isObject()) {
        throw fail("expect", "must be an object with one expectation per plan id");
      }
      Map<String, PlanExpectation> expect = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String id = entry.getKey();
        String field = "expect." + id;
        if (plans.stream().noneMatch(p -> id.equals(p.id()))) {
          throw fail(field, "no plan of this scenario has the id " + id);
        }
        expect.put(id, expectation(entry.getValue(), field));
      }
      for (int i = 0; i < plans.size(); i++) {
        String id = plans.get(i).id();
        if (id == null || !expect.containsKey(id)) {
          throw fail(
              "expect",
              "plans[" + i + "] (" + id + ") has no expectation: every plan must be checked");
        }
      }
      return expect;
    }

    PlanExpectation expectation(JsonNode x, String field) {
      object(x, field);
      known(x, field + ".", EXPECT_FIELDS);
      if (!x.fieldNames().hasNext()) {
        throw fail(field, "expects nothing: name at least the orderStatus or the events");
      }
      String os = optionalText(x, "orderStatus");
      String ts = optionalText(x, "tradeStatus");
      JsonNode avg = x.get("avgEntryPrice");
      List<ExpectedError> errors = null;
      JsonNode errs = x.get("errors");
      if (errs != null) {
        array(errs, field + ".errors");
        errors = new ArrayList<>();
        for (int i = 0; i < errs.size(); i++) {
          String f = field + ".errors[" + i + "]";
          JsonNode err = errs.get(i);
          object(err, f);
          known(err, f + ".", Set.of("field", "message"));
          JsonNode message = err.get("message");
          errors.add(
              new ExpectedError(
                  requiredText(err, "field", f),
                  message == null ? null : requiredText(err, "message", f)));
        }
      }
      List<EventLine> events = null;
      JsonNode ev = x.get("events");
      if (ev != null) {
        array(ev, field + ".events");
        events = new ArrayList<>();
        for (int i = 0; i < ev.size(); i++) {
          events.add(EventLine.parse(ev.get(i), file, field + ".events[" + i + "]"));
        }
      }
      return new PlanExpectation(
          os == null ? null : enumValue(PlanStatus.class, os, field + ".orderStatus"),
          ts == null ? null : enumValue(TradeStatus.class, ts, field + ".tradeStatus"),
          x.has("position") ? nonNegative(x.get("position"), field + ".position") : null,
          x.has("filledEntryQuantity")
              ? nonNegative(x.get("filledEntryQuantity"), field + ".filledEntryQuantity")
              : null,
          avg != null,
          avg == null || avg.isNull() ? null : decimal(avg, field + ".avgEntryPrice"),
          x.has("realizedPnl") ? decimal(x.get("realizedPnl"), field + ".realizedPnl") : null,
          x.has("commission") ? decimal(x.get("commission"), field + ".commission") : null,
          errors,
          events);
    }

    // ---- small readers, each naming the field at fault

    long at(JsonNode e, String field, int tickCount) {
      JsonNode at = e.get("at");
      if (at == null) {
        throw fail(field + ".at", "is missing: the 0-based tick index this happens at");
      }
      long v = nonNegative(at, field + ".at");
      if (v >= tickCount) {
        throw fail(field + ".at", "tick " + v + " is past the last tick " + (tickCount - 1));
      }
      return v;
    }

    OrderRole role(JsonNode n, String field) {
      return enumValue(OrderRole.class, text(n, field), field);
    }

    <E extends Enum<E>> E enumValue(Class<E> type, String v, String field) {
      try {
        return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        List<String> names = new ArrayList<>();
        for (E c : type.getEnumConstants()) {
          names.add(c.name());
        }
        throw fail(field, "'" + v + "' is not one of " + String.join(", ", names));
      }
    }

    long positive(JsonNode n, String field) {
      long v = nonNegative(n, field);
      if (v == 0) {
        throw fail(field, "must be > 0");
      }
      return v;
    }

    long nonNegative(JsonNode n, String field) {
      if (!n.isIntegralNumber() || n.asLong() < 0 || !n.canConvertToLong()) {
        throw fail(field, "must be a whole number >= 0, found " + n);
      }
      return n.asLong();
    }

    BigDecimal decimal(JsonNode n, String field) {
      if (!n.isTextual()) {
        throw fail(field, "must be a decimal string such as \"12.50\", found " + n);
      }
      try {
        return Decimals.parse(n.asText());
      } catch (NumberFormatException e) {
        throw fail(field, "must be a plain decimal such as \"12.50\", found " + n);
      }
    }

    BigDecimal price(String v, String field) {
      try {
        BigDecimal p = Decimals.parse(v);
        if (p.signum() <= 0) {
          throw fail(field, "must be > 0: " + v);
        }
        return p;
      } catch (NumberFormatException e) {
        throw fail(field, "must be a plain decimal price: " + v);
      }
    }

    Instant instant(String v, String field) {
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException e) {
        throw fail(field, "must be an ISO-8601 instant such as 2026-03-02T14:30:00Z: " + v);
      }
    }

    String text(JsonNode n, String field) {
      if (n == null || !n.isTextual()) {
        throw fail(field, "must be a string");
      }
      return n.asText();
    }

    String requiredText(JsonNode o, String name) {
      return requiredText(o, name, null);
    }

    String requiredText(JsonNode o, String name, String parent) {
      String field = parent == null ? name : parent + "." + name;
      JsonNode n = o.get(name);
      if (n == null || n.isNull()) {
        throw fail(field, "is missing");
      }
      String v = text(n, field);
      if (v.isBlank()) {
        throw fail(field, "is empty");
      }
      return v;
    }

    String optionalText(JsonNode o, String name) {
      JsonNode n = o.get(name);
      return n == null || n.isNull() ? null : text(n, name);
    }

    void object(JsonNode n, String field) {
      if (n == null || !n.isObject()) {
        throw fail(field, "must be an object");
      }
    }

    void array(JsonNode n, String field) {
      if (!n.isArray()) {
        throw fail(field, "must be an array");
      }
    }

    void known(JsonNode o, String prefix, Set<String> fields) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!fields.contains(name)) {
          throw fail(
              prefix + name,
              "is not a field here (known: "
                  + String.join(", ", fields.stream().sorted().toList())
                  + ")");
        }
      }
    }
  }

  /** The plan ids in file order. */
  public List<String> planIds() {
    return plans.stream().map(p -> Optional.ofNullable(p.id()).orElse("?")).toList();
  }
}
