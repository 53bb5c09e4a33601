package com.tradeplan.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.formats.ResultJson;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.scenario.ScenarioFile.BrokerEvent;
import com.tradeplan.simulator.scenario.ScenarioFile.ExpectedError;
import com.tradeplan.simulator.scenario.ScenarioFile.PlanExpectation;
import com.tradeplan.simulator.scenario.ScenarioFile.TraderAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file (docs/rules.md, "Scenario files") into a {@link ScenarioFile}, checking
 * every field: the top level, options, plans (as in PLANS.json) and expectations here, the ticks in
 * {@link TickLines}, the broker events in {@link BrokerEventParser}, each value through {@link
 * ScenarioFields}. Every problem is a {@link ScenarioException} naming the file and the field.
 */
final class ScenarioParser {
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
      Set.of("maxFillPerTick", "commissionPerShare", "commission", "gate");

  /** What a scenario may expect of a plan: what RESULT.json says of it. */
  private static final Set<String> EXPECT_FIELDS = ResultJson.OUTCOME_KEYS;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private final String file;
  private final ScenarioFields f;

  private ScenarioParser(String file) {
    this.file = file;
    this.f = new ScenarioFields(file);
  }

  /** Reads scenario text; {@code file} names it in errors. */
  static ScenarioFile parse(String file, String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ScenarioException(
          file,
          null,
          "not valid JSON" + FormatException.whereIn(e) + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException(file, null, "a scenario is one JSON object");
    }
    return new ScenarioParser(file).scenario(root);
  }

  private ScenarioFile scenario(JsonNode root) {
    f.known(root, "", TOP_FIELDS);
    String name = f.requiredText(root, "name");
    String description = f.optionalText(root, "description");
    String knownIssue = f.optionalText(root, "knownIssue");
    SimulationOptions options = options(root.get("options"));
    Instant start = ScenarioFile.DEFAULT_START;
    String startText = f.optionalText(root, "start");
    if (startText != null) {
      start = f.instant(startText, "start");
    }
    List<PlanDraft> plans = plans(root.get("plans"));
    List<IndexedTick> ticks = new TickLines(f).read(root.get("ticks"), start);
    List<BrokerEvent> broker = new BrokerEventParser(f).read(root.get("broker"), ticks.size());
    List<TraderAction> trader = trader(root.get("trader"), ticks.size());
    Map<String, PlanExpectation> expect = expectations(root.get("expect"), plans);
    List<String> alerts = alerts(root.get("alerts"));
    return new ScenarioFile(
        file, name, description, knownIssue, options, plans, ticks, broker, trader, expect, alerts);
  }

  private SimulationOptions options(JsonNode o) {
    if (o == null) {
      return SimulationOptions.DEFAULT;
    }
    f.object(o, "options");
    f.known(o, "options.", OPTION_FIELDS);
    Long maxFill = null;
    JsonNode m = o.get("maxFillPerTick");
    if (m != null) {
      maxFill = f.positive(m, "options.maxFillPerTick");
    }
    CommissionModel commission = CommissionModel.NONE;
    JsonNode c = o.get("commissionPerShare");
    if (c != null) {
      commission = new CommissionModel.PerShare(f.decimal(c, "options.commissionPerShare"));
    }
    JsonNode model = o.get("commission");
    if (model != null) {
      if (c != null) {
        throw f.fail("options.commission", "give commission or commissionPerShare, not both");
      }
      if (!model.isTextual()) {
        throw f.fail("options.commission", "must be a model such as \"ib-fixed\"");
      }
      try {
        commission = CommissionModel.parse(model.asText());
      } catch (IllegalArgumentException e) {
        throw f.fail("options.commission", e.getMessage());
      }
    }
    boolean gate = true;
    JsonNode g = o.get("gate");
    if (g != null) {
      if (!g.isBoolean()) {
        throw f.fail("options.gate", "must be true or false");
      }
      gate = g.asBoolean();
    }
    return new SimulationOptions(maxFill, commission, gate);
  }

  private List<PlanDraft> plans(JsonNode p) {
    if (p == null || !p.isArray() || p.isEmpty()) {
      throw f.fail("plans", "must be a non-empty array of plans as in PLANS.json");
    }
    try {
      return PlansJson.parse(file + ": plans", p.toString());
    } catch (FormatException e) {
      throw f.fail("plans", e.getMessage());
    }
  }

  private List<TraderAction> trader(JsonNode t, int tickCount) {
    List<TraderAction> actions = new ArrayList<>();
    if (t == null) {
      return actions;
    }
    f.array(t, "trader");
    for (int i = 0; i < t.size(); i++) {
      String field = "trader[" + i + "]";
      JsonNode a = t.get(i);
      f.object(a, field);
      f.known(
          a,
          field + ".",
          Set.of(
              "at",
              "cancel",
              "flatten",
              "change",
              "refused",
              "because",
              "kind",
              "index",
              "price",
              "activateAt",
              "quantity",
              "distance",
              "reason",
              "loosenAllowed"));
      long at = f.at(a, field, tickCount);
      boolean refused = a.has("refused") && a.get("refused").asBoolean();
      String because = f.optionalText(a, "because");
      int named =
          (a.has("cancel") ? 1 : 0) + (a.has("flatten") ? 1 : 0) + (a.has("change") ? 1 : 0);
      if (named != 1) {
        throw f.fail(field, "must name the plan in exactly one of cancel, flatten, change");
      }
      if (a.has("change")) {
        ExitChangeDraft change =
            new ExitChangeDraft(
                f.requiredText(a, "kind", field),
                scalar(a, "index"),
                f.optionalText(a, "price"),
                f.optionalText(a, "activateAt"),
                scalar(a, "quantity"),
                f.optionalText(a, "distance"),
                f.optionalText(a, "reason"));
        boolean loosenAllowed = !a.has("loosenAllowed") || a.get("loosenAllowed").asBoolean();
        actions.add(
            new TraderAction(
                at,
                f.requiredText(a, "change", field),
                TraderCommand.Type.CHANGE_EXITS,
                refused,
                because,
                change,
                loosenAllowed));
        continue;
      }
      TraderCommand.Type type =
          a.has("cancel") ? TraderCommand.Type.CANCEL : TraderCommand.Type.FLATTEN;
      String plan =
          f.requiredText(a, type == TraderCommand.Type.CANCEL ? "cancel" : "flatten", field);
      actions.add(new TraderAction(at, plan, type, refused, because, null, true));
    }
    return actions;
  }

  /**
   * A number or a string as the text a trader would type (an index, a quantity); null if absent.
   */
  private static String scalar(JsonNode o, String name) {
    JsonNode n = o.get(name);
    return n == null || n.isNull() ? null : n.asText();
  }

  private List<String> alerts(JsonNode a) {
    List<String> alerts = new ArrayList<>();
    if (a != null) {
      f.array(a, "alerts");
      for (int i = 0; i < a.size(); i++) {
        alerts.add(f.text(a.get(i), "alerts[" + i + "]"));
      }
    }
    return alerts;
  }

  private Map<String, PlanExpectation> expectations(JsonNode e, List<PlanDraft> plans) {
    if (e == null || !e.isObject()) {
      throw f.fail("expect", "must be an object with one expectation per plan id");
    }
    Map<String, PlanExpectation> expect = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String id = entry.getKey();
      String field = "expect." + id;
      if (plans.stream().noneMatch(p -> id.equals(p.id()))) {
        throw f.fail(field, "no plan of this scenario has the id " + id);
      }
      expect.put(id, expectation(entry.getValue(), field));
    }
    for (int i = 0; i < plans.size(); i++) {
      String id = plans.get(i).id();
      if (id == null || !expect.containsKey(id)) {
        throw f.fail(
            "expect",
            "plans[" + i + "] (" + id + ") has no expectation: every plan must be checked");
      }
    }
    return expect;
  }

  private PlanExpectation expectation(JsonNode x, String field) {
    f.object(x, field);
    f.known(x, field + ".", EXPECT_FIELDS);
    if (!x.fieldNames().hasNext()) {
      throw f.fail(field, "expects nothing: name at least the orderStatus or the events");
    }
    String os = f.optionalText(x, "orderStatus");
    String ts = f.optionalText(x, "tradeStatus");
    JsonNode avg = x.get("avgEntryPrice");
    List<ExpectedError> errors = expectedErrors(x.get("errors"), field + ".errors");
    List<EventLine> events = expectedEvents(x.get("events"), field + ".events");
    return new PlanExpectation(
        os == null ? null : f.enumValue(PlanStatus.class, os, field + ".orderStatus"),
        ts == null ? null : f.enumValue(TradeStatus.class, ts, field + ".tradeStatus"),
        x.has("position") ? f.nonNegative(x.get("position"), field + ".position") : null,
        x.has("filledEntryQuantity")
            ? f.nonNegative(x.get("filledEntryQuantity"), field + ".filledEntryQuantity")
            : null,
        avg != null,
        avg == null || avg.isNull() ? null : f.decimal(avg, field + ".avgEntryPrice"),
        x.has("realizedPnl") ? f.decimal(x.get("realizedPnl"), field + ".realizedPnl") : null,
        x.has("commission") ? f.decimal(x.get("commission"), field + ".commission") : null,
        errors,
        events);
  }

  /** The validation errors a plan must report; null when the expectation does not name them. */
  private List<ExpectedError> expectedErrors(JsonNode errs, String field) {
    if (errs == null) {
      return null;
    }
    f.array(errs, field);
    List<ExpectedError> errors = new ArrayList<>();
    for (int i = 0; i < errs.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode err = errs.get(i);
      f.object(err, at);
      f.known(err, at + ".", Set.of("field", "message"));
      JsonNode message = err.get("message");
      errors.add(
          new ExpectedError(
              f.requiredText(err, "field", at),
              message == null ? null : f.requiredText(err, "message", at)));
    }
    return errors;
  }

  /** The plan's whole history, in order; null when the expectation does not name it. */
  private List<EventLine> expectedEvents(JsonNode ev, String field) {
    if (ev == null) {
      return null;
    }
    f.array(ev, field);
    List<EventLine> events = new ArrayList<>();
    for (int i = 0; i < ev.size(); i++) {
      events.add(EventLine.parse(ev.get(i), file, field + "[" + i + "]"));
    }
    return events;
  }
}
