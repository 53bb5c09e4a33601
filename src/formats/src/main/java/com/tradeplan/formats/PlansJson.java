package com.tradeplan.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.strategy.StrategyChoice;
import com.tradeplan.domain.strategy.StrategyDraft;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * PLANS.json of simulator-io.md: a JSON array of plans with the fields of lifecycle.md section 3.
 *
 * <p>Reading gives one {@link PlanDraft} per element, in file order, with every scalar as text.
 * Type problems of a field are {@link PlanDraft#inputErrors()} of that plan (the plan fails
 * validation, the run goes on): a price given as a JSON number (it passed through binary floating
 * point), a quantity given as a string or a fraction, an object where a string belongs, and an
 * <b>unknown field</b> (a misspelled {@code activateAt} would otherwise silently make a breakeven
 * stop active at once). A file that is not UTF-8 JSON, or not an array of objects, is a {@link
 * FormatException}. A JSON {@code null} counts as an absent field.
 *
 * <p>Writing gives the layout of the spec's example (one plan per element, the entry, stops,
 * targets and trailing stop each on a continuation line), prices as their decimal strings, fields
 * in a fixed order, instrument fields only when they differ from the defaults STK/SMART/USD.
 * Writing what was read gives the same bytes again.
 */
public final class PlansJson {
  /** A bound on one file: a simulation run is not a bulk import. */
  public static final int PLANS_MAX = 100_000;

  static final String PRICE_AS_NUMBER =
      "must be a decimal string such as \"101.25\", not a JSON number";
  static final String PRICE_NOT_STRING = "must be a decimal string such as \"101.25\"";
  static final String INTEGER_AS_STRING = "must be a JSON integer such as 100, not a string";
  static final String INTEGER_FRACTION = "must be a JSON integer such as 100, not a fraction";
  static final String INTEGER_NOT_NUMBER = "must be a JSON integer such as 100";
  static final String NOT_STRING = "must be a string";
  static final String NOT_OBJECT = "must be an object";
  static final String NOT_ARRAY = "must be an array";
  static final String UNKNOWN = "is not a field of a plan";

  private static final Set<String> PLAN_FIELDS =
      Set.of(
          "id",
          "owner",
          "symbol",
          "secType",
          "exchange",
          "currency",
          "side",
          "quantity",
          "entry",
          "stops",
          "targets",
          "trailingStop",
          "strategy");
  private static final Set<String> STRATEGY_FIELDS = Set.of("name", "params");
  private static final Set<String> ENTRY_FIELDS =
      Set.of("condition", "price", "expiresAt", "maxSlippageTicks");
  private static final Set<String> STOP_FIELDS = Set.of("price", "activateAt");
  private static final Set<String> TARGET_FIELDS = Set.of("price", "quantity");
  private static final Set<String> TRAILING_FIELDS = Set.of("distance");

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private PlansJson() {}

  /** Reads a PLANS.json file. */
  public static List<PlanDraft> read(Path file) {
    return parse(file.toString(), readUtf8(file));
  }

  /** Reads PLANS.json text; {@code fileName} only names the file in a {@link FormatException}. */
  public static List<PlanDraft> parse(String fileName, String json) {
    JsonNode root = readTree(fileName, json);
    if (!root.isArray()) {
      throw new FormatException(fileName, "not a JSON array of plans (found " + kind(root) + ")");
    }
    if (root.size() > PLANS_MAX) {
      throw new FormatException(fileName, "more than " + PLANS_MAX + " plans");
    }
    List<PlanDraft> drafts = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      if (!element.isObject()) {
        throw new FormatException(
            fileName, "element " + i + " of the array is " + kind(element) + ", not a plan object");
      }
      drafts.add(draft(element));
    }
    return drafts;
  }

  /** The PLANS.json text of {@code plans}, ending with a newline. */
  public static String write(List<Plan> plans) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < plans.size(); i++) {
      if (i > 0) {
        out.append(",\n ");
      }
      appendPlan(out, plans.get(i));
    }
    return out.append("]\n").toString();
  }

  /** Writes {@code plans} to {@code file} (replacing it as a whole, never partially). */
  public static void write(Path file, List<Plan> plans) {
    AtomicFiles.write(file, write(plans));
  }

  // ---- reading

  private static PlanDraft draft(JsonNode o) {
    List<FieldError> errors = new ArrayList<>();
    unknownFields(o, "", PLAN_FIELDS, errors);
    PlanDraft.EntryDraft entry = entry(present(o, "entry"), errors);
    List<PlanDraft.StopDraft> stops = stops(present(o, "stops"), errors);
    List<PlanDraft.TargetDraft> targets = targets(present(o, "targets"), errors);
    PlanDraft.TrailingStopDraft trailing = trailingStop(present(o, "trailingStop"), errors);
    StrategyDraft strategy = strategy(present(o, "strategy"), errors);
    return new PlanDraft(
        string(o, "id", "id", errors),
        string(o, "owner", "owner", errors),
        string(o, "symbol", "symbol", errors),
        string(o, "secType", "secType", errors),
        string(o, "exchange", "exchange", errors),
        string(o, "currency", "currency", errors),
        string(o, "side", "side", errors),
        integer(o, "quantity", "quantity", errors),
        entry,
        stops,
        targets,
        trailing,
        errors,
        strategy);
  }

  /**
   * {@code "strategy": {"name": "...", "params": {"atrMultiple": "2.5", "atrBarsMin": 5}}}: each
   * value a string, or a JSON integer or boolean; a fraction written as a JSON number is an error
   * (it would have passed through binary floating point, as a price would).
   */
  private static StrategyDraft strategy(JsonNode st, List<FieldError> errors) {
    if (st == null) {
      return null;
    }
    if (!st.isObject()) {
      errors.add(new FieldError("strategy", NOT_OBJECT));
      return null;
    }
    unknownFields(st, "strategy.", STRATEGY_FIELDS, errors);
    String name = string(st, "name", "strategy.name", errors);
    JsonNode params = present(st, "params");
    Map<String, String> texts = new TreeMap<>();
    if (params != null && !params.isObject()) {
      errors.add(new FieldError("strategy.params", NOT_OBJECT));
    } else if (params != null) {
      params
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode v = e.getValue();
                String path = "strategy.params." + e.getKey();
                if (v.isTextual() || v.isIntegralNumber() || v.isBoolean()) {
                  texts.put(e.getKey(), v.asText());
                } else if (v.isNumber()) {
                  errors.add(new FieldError(path, PRICE_AS_NUMBER));
                } else if (!v.isNull()) {
                  errors.add(new FieldError(path, "must be a string, an integer or a boolean"));
                }
              });
    }
    return new StrategyDraft(name, texts);
  }

  private static PlanDraft.EntryDraft entry(JsonNode e, List<FieldError> errors) {
    if (e == null) {
      return null;
    }
    if (!e.isObject()) {
      errors.add(new FieldError("entry", NOT_OBJECT));
      return null;
    }
    unknownFields(e, "entry.", ENTRY_FIELDS, errors);
    return new PlanDraft.EntryDraft(
        string(e, "condition", "entry.condition", errors),
        price(e, "price", "entry.price", errors),
        string(e, "expiresAt", "entry.expiresAt", errors),
        integer(e, "maxSlippageTicks", "entry.maxSlippageTicks", errors));
  }

  /** The stops as typed; one that is not an object keeps its place, empty, and is an error. */
  private static List<PlanDraft.StopDraft> stops(JsonNode s, List<FieldError> errors) {
    return objects(
        s,
        "stops",
        STOP_FIELDS,
        new PlanDraft.StopDraft(null, null),
        errors,
        (stop, path) ->
            new PlanDraft.StopDraft(
                price(stop, "price", path + ".price", errors),
                price(stop, "activateAt", path + ".activateAt", errors)));
  }

  /** The targets as typed; one that is not an object keeps its place, empty, and is an error. */
  private static List<PlanDraft.TargetDraft> targets(JsonNode t, List<FieldError> errors) {
    return objects(
        t,
        "targets",
        TARGET_FIELDS,
        new PlanDraft.TargetDraft(null, null),
        errors,
        (target, path) ->
            new PlanDraft.TargetDraft(
                price(target, "price", path + ".price", errors),
                integer(target, "quantity", path + ".quantity", errors)));
  }

  /**
   * The list {@code name} of objects, each checked for unknown fields and then read by {@code read}
   * with its path ({@code stops[1]}); an element that is not an object keeps its place as {@code
   * empty} and is an error. Null when the list is absent, or not an array (an error).
   */
  private static <T> List<T> objects(
      JsonNode list,
      String name,
      Set<String> fields,
      T empty,
      List<FieldError> errors,
      BiFunction<JsonNode, String, T> read) {
    if (list == null) {
      return null;
    }
    if (!list.isArray()) {
      errors.add(new FieldError(name, NOT_ARRAY));
      return null;
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = name + "[" + i + "]";
      JsonNode element = list.get(i);
      if (element.isObject()) {
        unknownFields(element, path + ".", fields, errors);
        out.add(read.apply(element, path));
      } else {
        errors.add(new FieldError(path, NOT_OBJECT));
        out.add(empty);
      }
    }
    return out;
  }

  private static PlanDraft.TrailingStopDraft trailingStop(JsonNode ts, List<FieldError> errors) {
    if (ts == null) {
      return null;
    }
    if (!ts.isObject()) {
      errors.add(new FieldError("trailingStop", NOT_OBJECT));
      return null;
    }
    unknownFields(ts, "trailingStop.", TRAILING_FIELDS, errors);
    return new PlanDraft.TrailingStopDraft(price(ts, "distance", "trailingStop.distance", errors));
  }

  private static void unknownFields(
      JsonNode o, String prefix, Set<String> known, List<FieldError> errors) {
    Iterator<String> names = o.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        errors.add(new FieldError(prefix + name, UNKNOWN));
      }
    }
  }

  /** The value of {@code key}, or null when absent or JSON null. */
  private static JsonNode present(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : v;
  }

  private static String string(JsonNode o, String key, String path, List<FieldError> errors) {
    JsonNode v = present(o, key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(path, NOT_STRING));
      return null;
    }
    return v.textValue();
  }

  private static String price(JsonNode o, String key, String path, List<FieldError> errors) {
    JsonNode v = present(o, key);
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    errors.add(new FieldError(path, v.isNumber() ? PRICE_AS_NUMBER : PRICE_NOT_STRING));
    return null;
  }

  private static String integer(JsonNode o, String key, String path, List<FieldError> errors) {
    JsonNode v = present(o, key);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    errors.add(
        new FieldError(
            path,
            v.isTextual()
                ? INTEGER_AS_STRING
                : v.isNumber() ? INTEGER_FRACTION : INTEGER_NOT_NUMBER));
    return null;
  }

  static JsonNode readTree(String fileName, String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || root.isMissingNode()) {
        throw new FormatException(fileName, "empty, not JSON");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new FormatException(
          fileName,
          "not valid JSON" + FormatException.whereIn(e) + ": " + e.getOriginalMessage(),
          e);
    }
  }

  static String readUtf8(Path file) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FormatException(file.toString(), "not UTF-8 text", e);
    } catch (IOException e) {
      throw new FormatException(file.toString(), "cannot be read: " + e, e);
    }
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  // ---- writing

  private static void appendPlan(StringBuilder out, Plan p) {
    ObjectNode head = MAPPER.createObjectNode();
    head.put("id", p.id());
    head.put("owner", p.owner());
    head.put("symbol", p.symbol());
    Instrument stock = Instrument.stock(p.symbol());
    if (!p.instrument().secType().equals(stock.secType())) {
      head.put("secType", p.instrument().secType());
    }
    if (!p.instrument().exchange().equals(stock.exchange())) {
      head.put("exchange", p.instrument().exchange());
    }
    if (!p.instrument().currency().equals(stock.currency())) {
      head.put("currency", p.instrument().currency());
    }
    head.put("side", p.side().name());
    head.put("quantity", p.quantity());
    String headText = json(head);
    out.append(headText, 0, headText.length() - 1);

    ObjectNode entry = MAPPER.createObjectNode();
    entry.put("condition", p.entry().condition().name());
    entry.put("price", p.entry().price().toPlainString());
    if (p.entry().expiresAt() != null) {
      entry.put("expiresAt", p.entry().expiresAt().toString());
    }
    if (p.entry().maxSlippageTicks() != null) {
      entry.put("maxSlippageTicks", p.entry().maxSlippageTicks().intValue());
    }
    out.append(",\n  \"entry\":").append(json(entry));

    ArrayNode stops = MAPPER.createArrayNode();
    for (Stop s : p.stops()) {
      ObjectNode stop = stops.addObject();
      stop.put("price", s.price().toPlainString());
      if (s.activateAt() != null) {
        stop.put("activateAt", s.activateAt().toPlainString());
      }
    }
    out.append(",\n  \"stops\":").append(json(stops));

    ArrayNode targets = MAPPER.createArrayNode();
    for (Target t : p.targets()) {
      ObjectNode target = targets.addObject();
      target.put("price", t.price().toPlainString());
      if (t.quantity() != null) {
        target.put("quantity", t.quantity().longValue());
      }
    }
    out.append(",\n  \"targets\":").append(json(targets));

    if (p.trailingStop() != null) {
      ObjectNode trailing = MAPPER.createObjectNode();
      trailing.put("distance", p.trailingStop().distance().toPlainString());
      out.append(",\n  \"trailingStop\":").append(json(trailing));
    }
    if (p.strategy() != null) {
      out.append(",\n  \"strategy\":").append(json(strategyNode(p.strategy())));
    }
    out.append('}');
  }

  /** A plan's strategy as JSON: its name and each parameter as a string (decimals plain). */
  public static ObjectNode strategyNode(StrategyChoice choice) {
    ObjectNode st = MAPPER.createObjectNode();
    st.put("name", choice.name());
    ObjectNode params = st.putObject("params");
    choice.paramTexts().forEach(params::put);
    return st;
  }

  static String json(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
