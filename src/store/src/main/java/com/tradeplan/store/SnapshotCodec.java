package com.tradeplan.store;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
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
import com.tradeplan.domain.strategy.StrategyChoice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;

/**
 * Hand-written mapping between {@link PlanSnapshot} and BSON documents. Hand-written rather than a
 * reflective codec so that the stored schema is stable when a record gains a component, every
 * decimal is a Decimal128 and every instant an ISO string (exact to the nanosecond), and a bad
 * document is reported with the path of the offending field.
 *
 * <p>The snapshot is split in two: the plan as entered ({@link #encodePlan}) and the resumable
 * state ({@link #encodeState}); the trade document holds them as {@code plan} and {@code state}.
 */
public final class SnapshotCodec {
  private SnapshotCodec() {}

  /** The plan as the trader entered it. */
  public static Document encodePlan(Plan plan) {
    Instrument i = plan.instrument();
    Document instrument =
        new Document("symbol", i.symbol())
            .append("secType", i.secType())
            .append("exchange", i.exchange())
            .append("currency", i.currency())
            .append("tickSize", Fields.decimal(i.tickSize()));
    Document entry =
        new Document("condition", plan.entry().condition().name())
            .append("price", Fields.decimal(plan.entry().price()))
            .append("expiresAt", Fields.instant(plan.entry().expiresAt()));
    if (plan.entry().maxSlippageTicks() != null) {
      entry.append("maxSlippageTicks", plan.entry().maxSlippageTicks());
    }
    List<Document> stops = new ArrayList<>();
    for (Stop s : plan.stops()) {
      stops.add(
          new Document("price", Fields.decimal(s.price()))
              .append("activateAt", Fields.decimal(s.activateAt())));
    }
    List<Document> targets = new ArrayList<>();
    for (Target t : plan.targets()) {
      targets.add(
          new Document("price", Fields.decimal(t.price())).append("quantity", t.quantity()));
    }
    Document doc =
        new Document("id", plan.id())
            .append("owner", plan.owner())
            .append("instrument", instrument)
            .append("side", plan.side().name())
            .append("quantity", plan.quantity())
            .append("entry", entry)
            .append("stops", stops)
            .append("targets", targets)
            .append(
                "trailingStop",
                plan.trailingStop() == null
                    ? null
                    : new Document("distance", Fields.decimal(plan.trailingStop().distance())));
    if (plan.strategy() != null) {
      doc.append("strategy", encodeStrategy(plan.strategy()));
    }
    return doc;
  }

  /**
   * A plan's strategy: its name and each parameter's typed text ({@code "decimal 2.5"}), so the
   * store reads it back without the schema; null for none (and for a plan stored before).
   */
  private static Document encodeStrategy(StrategyChoice c) {
    if (c == null) {
      return null;
    }
    Document params = new Document();
    c.typedTexts().forEach(params::append);
    return new Document("name", c.name()).append("params", params);
  }

  private static StrategyChoice decodeStrategy(Document d) {
    Document params = Fields.document(d, "params");
    Map<String, String> typed = new java.util.TreeMap<>();
    for (String k : params.keySet()) {
      typed.put(k, Fields.string(params, k));
    }
    return guard(() -> StrategyChoice.fromTypedTexts(Fields.string(d, "name"), typed));
  }

  /** Everything of the snapshot except the plan, including its version. */
  public static Document encodeState(PlanSnapshot s) {
    List<Document> stops = new ArrayList<>();
    for (StopSnapshot st : s.stops()) {
      stops.add(
          new Document("index", st.index())
              .append("kind", st.kind().name())
              .append("level", Fields.decimal(st.level()))
              .append("activateAt", Fields.decimal(st.activateAt()))
              .append("eligible", st.eligible()));
    }
    List<Document> orders = new ArrayList<>();
    for (OrderSnapshot o : s.orders()) {
      orders.add(encodeOrder(o));
    }
    return new Document("status", s.status().name())
        .append("position", s.position())
        .append("filledEntryQuantity", s.filledEntryQuantity())
        .append("entryCost", Fields.decimal(s.entryCost()))
        .append("grossPnl", Fields.decimal(s.grossPnl()))
        .append("commission", Fields.decimal(s.commission()))
        .append("stops", stops)
        .append("targetFired", new ArrayList<>(s.targetFired()))
        .append("activeStop", Fields.decimal(s.activeStop()))
        .append("bestPrice", Fields.decimal(s.bestPrice()))
        .append("stopTriggered", s.stopTriggered())
        .append("flattenRequested", s.flattenRequested())
        .append("flattenSentAt", Fields.instant(s.flattenSentAt()))
        .append("orders", orders)
        .append("executionIds", new ArrayList<>(s.executionIds()))
        .append("commissions", encodeCommissions(s.commissions()))
        .append("endReason", s.endReason())
        .append("version", s.version())
        .append("ruleSetVersion", s.ruleSetVersion())
        .append("account", s.account());
  }

  /**
   * The commissions charged, one {@code {executionId, amount}} per execution in the order charged:
   * an array, not a sub-document keyed by id, because IB's execution ids contain dots. A null
   * amount (charged before amounts were kept) is stored as null.
   */
  private static List<Document> encodeCommissions(Map<String, BigDecimal> commissions) {
    List<Document> out = new ArrayList<>(commissions.size());
    commissions.forEach(
        (executionId, amount) ->
            out.add(
                new Document("executionId", executionId).append("amount", Fields.decimal(amount))));
    return out;
  }

  /**
   * The commissions of a stored state. A state written before commissions were kept per execution
   * has no {@code commissions} field: every execution it booked was charged by the code that wrote
   * it (it charged every report it got), so each counts as charged, with its amount not known
   * (null: inside the total {@code commission}); a replayed report for it is then charged nothing
   * again.
   */
  private static Map<String, BigDecimal> decodeCommissions(Document d, List<String> executionIds) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    if (!d.containsKey("commissions")) {
      executionIds.forEach(id -> out.put(id, null));
      return out;
    }
    List<Document> charged = Fields.list(d, "commissions", Document.class);
    for (int i = 0; i < charged.size(); i++) {
      Document c = charged.get(i);
      String executionId = at("commissions[" + i + "]", c, x -> Fields.string(x, "executionId"));
      BigDecimal amount = at("commissions[" + i + "]", c, x -> Fields.optDecimal(x, "amount"));
      if (out.containsKey(executionId)) {
        throw new BadDocumentException(
            "commissions[" + i + "]: execution " + executionId + " charged twice");
      }
      out.put(executionId, amount);
    }
    return out;
  }

  /** One order; {@code ref} is the printed orderRef, the key the broker echoes back. */
  public static Document encodeOrder(OrderSnapshot o) {
    return new Document("ref", o.ref().toString())
        .append("role", o.ref().role().name())
        .append("index", o.ref().index())
        .append("attempt", o.ref().attempt())
        .append("action", o.action().name())
        .append("quantity", o.quantity())
        .append("filledQuantity", o.filledQuantity())
        .append("status", o.status().name())
        .append("rule", o.rule());
  }

  /**
   * Reads a snapshot back from the two sub-documents.
   *
   * @throws BadDocumentException naming the field when anything is missing, mistyped or violates
   *     the domain's invariants
   */
  public static PlanSnapshot decode(Document plan, Document state) {
    Plan p = at("plan", plan, SnapshotCodec::decodePlan);
    return at("state", state, d -> decodeState(p, d));
  }

  public static Plan decodePlan(Document d) {
    Document i = Fields.document(d, "instrument");
    Instrument instrument =
        at(
            "instrument",
            i,
            x ->
                new Instrument(
                    Fields.string(x, "symbol"),
                    Fields.string(x, "secType"),
                    Fields.string(x, "exchange"),
                    Fields.string(x, "currency"),
                    Fields.decimal(x, "tickSize")));
    Entry entry =
        at(
            "entry",
            Fields.document(d, "entry"),
            x ->
                new Entry(
                    Fields.enumValue(x, "condition", EntryCondition.class),
                    Fields.decimal(x, "price"),
                    Fields.optInstant(x, "expiresAt"),
                    Fields.optInt32(x, "maxSlippageTicks")));
    List<Stop> stops =
        each(
            "stops",
            Fields.list(d, "stops", Document.class),
            x -> new Stop(Fields.decimal(x, "price"), Fields.optDecimal(x, "activateAt")));
    List<Target> targets =
        each(
            "targets",
            Fields.list(d, "targets", Document.class),
            x -> new Target(Fields.decimal(x, "price"), Fields.optInt64(x, "quantity")));
    Document trailing = Fields.optDocument(d, "trailingStop");
    TrailingStop trailingStop =
        trailing == null
            ? null
            : at("trailingStop", trailing, x -> new TrailingStop(Fields.decimal(x, "distance")));
    Document strategyDoc = Fields.optDocument(d, "strategy");
    StrategyChoice strategy =
        strategyDoc == null ? null : at("strategy", strategyDoc, SnapshotCodec::decodeStrategy);
    return guard(
        () ->
            new Plan(
                Fields.string(d, "id"),
                Fields.string(d, "owner"),
                instrument,
                Fields.enumValue(d, "side", Side.class),
                Fields.int64(d, "quantity"),
                entry,
                stops,
                targets,
                trailingStop,
                strategy));
  }

  static PlanSnapshot decodeState(Plan plan, Document d) {
    List<StopSnapshot> stops =
        each(
            "stops",
            Fields.list(d, "stops", Document.class),
            x ->
                new StopSnapshot(
                    Fields.int32(x, "index"),
                    Fields.enumValue(x, "kind", StopKind.class),
                    Fields.optDecimal(x, "level"),
                    Fields.optDecimal(x, "activateAt"),
                    Fields.bool(x, "eligible")));
    List<OrderSnapshot> orders =
        each("orders", Fields.list(d, "orders", Document.class), SnapshotCodec::decodeOrder);
    List<String> executionIds = Fields.list(d, "executionIds", String.class);
    Map<String, BigDecimal> commissions = decodeCommissions(d, executionIds);
    return guard(
        () ->
            new PlanSnapshot(
                plan,
                Fields.enumValue(d, "status", PlanStatus.class),
                Fields.int64(d, "position"),
                Fields.int64(d, "filledEntryQuantity"),
                Fields.decimal(d, "entryCost"),
                Fields.decimal(d, "grossPnl"),
                Fields.decimal(d, "commission"),
                stops,
                Fields.list(d, "targetFired", Boolean.class),
                Fields.optDecimal(d, "activeStop"),
                Fields.optDecimal(d, "bestPrice"),
                Fields.bool(d, "stopTriggered"),
                Fields.bool(d, "flattenRequested"),
                Fields.optInstant(d, "flattenSentAt"),
                orders,
                executionIds,
                commissions,
                Fields.optString(d, "endReason"),
                Fields.int64(d, "version"),
                Fields.optInt32(d, "ruleSetVersion"),
                Fields.optString(d, "account")));
  }

  static OrderSnapshot decodeOrder(Document x) {
    return guard(
        () -> {
          String text = Fields.string(x, "ref");
          OrderRef ref = OrderRef.parse(text);
          if (ref == null) {
            throw new BadDocumentException("field 'ref' is not an orderRef: " + text);
          }
          // The parts are stored for queries; the printed ref decides, and they must agree.
          if (ref.role() != Fields.enumValue(x, "role", OrderRole.class)
              || ref.index() != Fields.int32(x, "index")
              || ref.attempt() != Fields.int32(x, "attempt")) {
            throw new BadDocumentException("order " + text + ": role/index/attempt disagree");
          }
          return new OrderSnapshot(
              ref,
              Fields.enumValue(x, "action", OrderAction.class),
              Fields.int64(x, "quantity"),
              Fields.int64(x, "filledQuantity"),
              Fields.enumValue(x, "status", OrderStatus.class),
              Fields.optString(x, "rule"));
        });
  }

  private static <T> T at(String path, Document d, Function<Document, T> read) {
    try {
      return guard(() -> read.apply(d));
    } catch (BadDocumentException e) {
      throw new BadDocumentException(path + ": " + e.getMessage(), e.getCause());
    }
  }

  private static <T> List<T> each(String path, List<Document> docs, Function<Document, T> read) {
    List<T> out = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      out.add(at(path + "[" + i + "]", docs.get(i), read));
    }
    return out;
  }

  /** Domain constructors refuse bad values with runtime exceptions: report them as bad data. */
  private static <T> T guard(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (BadDocumentException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      throw new BadDocumentException(String.valueOf(e.getMessage()), e);
    }
  }
}
