package com.tradeplan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code trades} collection: one document per plan, written by single-document updates
 * conditional on its {@code version} (docs/persistence.md, sections 1 and 3), and read back into
 * {@link PlanSnapshot}s. The top-level fields other than {@code plan} and {@code state} are derived
 * from the same snapshot in the same write, for queries and the UI; only {@code plan} and {@code
 * state} are read back. The send journal in the same documents is {@link SendJournal}'s.
 *
 * <p>Must never: overwrite a document it did not read at the expected version, or let one
 * unreadable document stop the others from loading (it goes to {@link Quarantine}).
 */
final class TradeDocuments {
  /**
   * In a trade document: the seq its writer would give the plan's next history entry when it wrote
   * the document (every entry below it is stored). A hint for {@link EventLog#nextSeq}.
   */
  static final String NEXT_SEQ = "nextSeq";

  private final MongoCollection<Document> trades;
  private final Quarantine quarantine;
  private final Clock clock;

  TradeDocuments(MongoDatabase database, Quarantine quarantine, Clock clock) {
    this.trades = database.getCollection(TradeStore.TRADES);
    this.quarantine = quarantine;
    this.clock = clock;
  }

  /**
   * The indexes of the queries below and of the conditional writes; {@code symbol_status}, {@code
   * order_ref} and {@code updated_at} serve operators' own queries only (no code queries by them).
   */
  void ensureIndexes() {
    trades.createIndex(
        Indexes.ascending("owner", "orderStatus"), new IndexOptions().name("owner_status"));
    trades.createIndex(
        Indexes.ascending("symbol", "orderStatus"), new IndexOptions().name("symbol_status"));
    trades.createIndex(Indexes.ascending("orderStatus"), new IndexOptions().name("status"));
    trades.createIndex(Indexes.ascending("orders.ref"), new IndexOptions().name("order_ref"));
    trades.createIndex(Indexes.ascending("updatedAt"), new IndexOptions().name("updated_at"));
    // The conditional writes filter on exactly these keys: MongoDB answers them from the _id index
    // anyway; the embedded server uses an index only when the filter's keys equal the index's,
    // and would otherwise read every trade document for each write.
    trades.createIndex(
        Indexes.ascending("_id", "version"), new IndexOptions().name("id_version").unique(true));
    // The plans list's orders (PlanOrder): the owner, then the key and the id as the tie-breaker.
    for (PlanOrder.Key k : PlanOrder.Key.values()) {
      if (k != PlanOrder.Key.ID) {
        trades.createIndex(
            Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending(k.field(), "_id")),
            new IndexOptions().name("owner_" + k.apiName()));
      }
    }
    backfillEndedAt();
  }

  /** The field the first write of a plan in an ended status sets, and no later write changes. */
  static final String ENDED_AT = "endedAt";

  /**
   * Documents of plans that ended before {@value #ENDED_AT} was written take their last write's
   * time: the best the store knows. Runs at every start; finds nothing once done.
   */
  private void backfillEndedAt() {
    Bson missing = and(inStatus(ENDED), new Document(ENDED_AT, new Document("$exists", false)));
    for (Document d : trades.find(missing).projection(Projections.include("updatedAt"))) {
      Object at = d.get("updatedAt");
      if (at instanceof Date date) {
        trades.updateOne(
            and(eq("_id", d.get("_id")), new Document(ENDED_AT, new Document("$exists", false))),
            Updates.set(ENDED_AT, date));
      }
    }
  }

  /** The statuses a plan ends in. */
  static final Set<PlanStatus> ENDED = ended();

  private static Set<PlanStatus> ended() {
    Set<PlanStatus> s = java.util.EnumSet.noneOf(PlanStatus.class);
    for (PlanStatus p : PlanStatus.values()) {
      if (p.isTerminal()) {
        s.add(p);
      }
    }
    return java.util.Collections.unmodifiableSet(s);
  }

  // ---------------------------------------------------------------- writes

  CreateResult create(PlanSnapshot snapshot, long nextSeq) {
    Date now = now();
    Document doc = new Document("_id", snapshot.planId());
    tradeFields(snapshot, now).forEach(doc::append);
    doc.append(NEXT_SEQ, Math.max(0, nextSeq));
    doc.append("createdAt", now);
    if (snapshot.status().isTerminal()) {
      doc.append(ENDED_AT, now);
    }
    try {
      trades.insertOne(doc);
      return CreateResult.CREATED;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return CreateResult.ALREADY_EXISTS;
      }
      throw e;
    }
  }

  UpdateResult update(PlanSnapshot next, long expectedVersion, long nextSeq) {
    requireFollows(next, expectedVersion);
    com.mongodb.client.result.UpdateResult r =
        trades.updateOne(idAnd("version", expectedVersion, next.planId()), changes(next, nextSeq));
    if (r.getMatchedCount() == 1) {
      return new UpdateResult(UpdateResult.Outcome.UPDATED, next.version());
    }
    OptionalLong stored = storedVersion(next.planId());
    if (stored.isEmpty()) {
      return new UpdateResult(UpdateResult.Outcome.NOT_FOUND, -1);
    }
    return new UpdateResult(UpdateResult.Outcome.CONFLICT, stored.getAsLong());
  }

  /** Several conditional updates in one unordered command; how many matched. */
  int updateAll(List<TradeStore.Update> updates) {
    if (updates.isEmpty()) {
      return 0;
    }
    Set<String> plans = new HashSet<>();
    List<WriteModel<Document>> models = new ArrayList<>(updates.size());
    for (TradeStore.Update u : updates) {
      if (!plans.add(u.next().planId())) {
        throw new IllegalArgumentException("plan " + u.next().planId() + " twice in one bulk");
      }
      models.add(
          new UpdateOneModel<>(
              idAnd("version", u.expectedVersion(), u.next().planId()),
              changes(u.next(), u.nextSeq())));
    }
    return trades.bulkWrite(models, new BulkWriteOptions().ordered(false)).getMatchedCount();
  }

  private Bson changes(PlanSnapshot next, long nextSeq) {
    List<Bson> sets = new ArrayList<>();
    tradeFields(next, now()).forEach((k, v) -> sets.add(Updates.set(k, v)));
    if (nextSeq >= 0) {
      sets.add(Updates.set(NEXT_SEQ, nextSeq));
    }
    if (next.status().isTerminal()) {
      // the first write in an ended status sets it; a later one (a late commission) keeps it
      sets.add(Updates.min(ENDED_AT, now()));
    }
    return Updates.combine(sets);
  }

  static void requireFollows(PlanSnapshot next, long expectedVersion) {
    if (next.version() <= expectedVersion) {
      throw new IllegalArgumentException(
          "plan "
              + next.planId()
              + ": version "
              + next.version()
              + " does not follow "
              + expectedVersion);
    }
  }

  /**
   * A filter on exactly {@code _id} and one other field, as a plain document: the embedded server
   * then answers it from the compound unique index on those two keys (the driver's {@code
   * Filters.and} renders {@code $and}, which no index of the embedded server matches).
   */
  static Bson idAnd(String field, Object value, String planId) {
    return new Document("_id", planId).append(field, value);
  }

  /** The top-level fields of a trade document, derived from one snapshot in one place. */
  private static Map<String, Object> tradeFields(PlanSnapshot s, Date now) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("owner", s.plan().owner());
    f.put("symbol", s.plan().symbol());
    f.put("plan", SnapshotCodec.encodePlan(s.plan()));
    f.put("orderStatus", s.status().name());
    f.put("tradeStatus", s.status().tradeStatus().name());
    f.put("position", s.position());
    f.put("filledEntryQuantity", s.filledEntryQuantity());
    // Derived values for the UI and queries, rounded to 34 digits if ever needed; the exact sums
    // they come from are in state, which alone is read back.
    f.put("avgEntryPrice", Fields.derivedDecimal(s.avgEntryPrice()));
    f.put("grossPnl", Fields.decimal(s.grossPnl()));
    f.put("commission", Fields.decimal(s.commission()));
    f.put("realizedPnl", Fields.derivedDecimal(s.realizedPnl()));
    List<Document> orders = new ArrayList<>();
    for (OrderSnapshot o : s.orders()) {
      orders.add(SnapshotCodec.encodeOrder(o));
    }
    f.put("orders", orders);
    f.put("endReason", s.endReason());
    f.put("ruleSetVersion", s.ruleSetVersion());
    f.put("account", s.account());
    f.put("state", SnapshotCodec.encodeState(s));
    f.put("version", s.version());
    f.put("updatedAt", now);
    return f;
  }

  // ---------------------------------------------------------------- reads

  OptionalLong storedVersion(String planId) {
    Document d = trades.find(eq("_id", planId)).projection(Projections.include("version")).first();
    if (d == null) {
      return OptionalLong.empty();
    }
    Object v = d.get("version");
    if (!(v instanceof Number n)) {
      throw new BadDocumentException("plan " + planId + ": version is " + v);
    }
    return OptionalLong.of(n.longValue());
  }

  /**
   * The plan's {@value #NEXT_SEQ} hint: 0 when it has no document yet (nothing written it could
   * have missed), empty when its document was written before the hint existed.
   */
  OptionalLong nextSeqHint(String planId) {
    Document d = trades.find(eq("_id", planId)).projection(Projections.include(NEXT_SEQ)).first();
    if (d == null) {
      return OptionalLong.of(0);
    }
    return d.get(NEXT_SEQ) instanceof Number n
        ? OptionalLong.of(n.longValue())
        : OptionalLong.empty();
  }

  Optional<PlanSnapshot> load(String planId) {
    List<PlanSnapshot> found = new ArrayList<>();
    Document d = trades.find(eq("_id", planId)).first();
    decodeAll(d == null ? List.of() : List.of(d), found::add);
    return found.stream().findFirst();
  }

  /** The plans in {@code statuses} (all when empty) that match {@code filter}, by plan id. */
  LoadResult query(Bson filter, Collection<PlanStatus> statuses) {
    Bson f = statuses.isEmpty() ? filter : and(filter, inStatus(statuses));
    return loadAll(f);
  }

  /**
   * One page of the plans in {@code statuses} (all when empty) that match {@code filter}: at most
   * {@code limit}, by plan id, those after {@code afterId} (null: from the first).
   */
  LoadResult page(Bson filter, Collection<PlanStatus> statuses, String afterId, int limit) {
    Bson f = statuses.isEmpty() ? filter : and(filter, inStatus(statuses));
    if (afterId != null) {
      f = and(f, gt("_id", afterId));
    }
    List<PlanSnapshot> plans = new ArrayList<>();
    List<QuarantinedDocument> bad =
        decodeAll(
            trades.find(f).sort(Sorts.ascending("_id")).limit(limit).into(new ArrayList<>()),
            plans::add);
    return new LoadResult(plans, bad);
  }

  /**
   * One page of the plans in {@code statuses} (all when empty) that match {@code filter}, in {@code
   * order}: at most {@code limit}, those after {@code after} (null: from the first). The next
   * page's cursor comes from the last document of a full page, readable or not.
   */
  StoredPage sortedPage(
      Bson filter,
      Collection<PlanStatus> statuses,
      PlanOrder order,
      PlanOrder.Cursor after,
      int limit) {
    Bson f = statuses.isEmpty() ? filter : and(filter, inStatus(statuses));
    if (after != null) {
      f = and(f, order.after(after));
    }
    List<Document> docs = trades.find(f).sort(order.sort()).limit(limit).into(new ArrayList<>());
    List<StoredPlan> plans = new ArrayList<>();
    List<QuarantinedDocument> bad = new ArrayList<>();
    for (Document d : docs) {
      bad.addAll(
          decodeAll(
              List.of(d),
              s ->
                  plans.add(
                      new StoredPlan(
                          s, instantOf(d.get("createdAt")), instantOf(d.get(ENDED_AT))))));
    }
    String next =
        docs.size() == limit ? order.text(order.cursorOf(docs.get(docs.size() - 1))) : null;
    return new StoredPage(plans, bad, next);
  }

  private static java.time.Instant instantOf(Object o) {
    return o instanceof Date d ? d.toInstant() : null;
  }

  /**
   * How many of {@code owner}'s plans are in {@code statuses} (all when empty). Counted from a find
   * with a plain filter document on {@code {owner, orderStatus}} that returns only the status, not
   * with {@code countDocuments}: the driver sends that as an {@code aggregate}, which the embedded
   * server answers by copying every trade document through its pipeline (two of these ran for each
   * plan created and activated, most of the embedded store's CPU in the path benchmark,
   * docs/benchmarks.md). MongoDB answers this find from the {@code owner_status} index alone (a
   * covered query: the filter and the projection are the index's keys); the embedded server, which
   * has no non-unique indexes, matches the documents in place and sends one field of the owner's.
   * What it counts is bounded by the owner's plans; the cursor streams them in batches.
   */
  long countOwned(String owner, Collection<PlanStatus> statuses) {
    Document filter = new Document("owner", owner);
    if (!statuses.isEmpty()) {
      List<String> names = new ArrayList<>();
      statuses.forEach(st -> names.add(st.name()));
      filter.append("orderStatus", new Document("$in", names));
    }
    long count = 0;
    try (MongoCursor<Document> c =
        trades
            .find(filter)
            .projection(
                Projections.fields(Projections.include("orderStatus"), Projections.excludeId()))
            .iterator()) {
      while (c.hasNext()) {
        c.next();
        count++;
      }
    }
    return count;
  }

  /** The plans in one of {@code statuses}, by plan id. */
  LoadResult inStatuses(Collection<PlanStatus> statuses) {
    return loadAll(inStatus(statuses));
  }

  private LoadResult loadAll(Bson filter) {
    List<PlanSnapshot> plans = new ArrayList<>();
    List<QuarantinedDocument> bad =
        decodeAll(
            trades.find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>()), plans::add);
    return new LoadResult(plans, bad);
  }

  static Bson inStatus(Collection<PlanStatus> statuses) {
    List<String> names = new ArrayList<>();
    statuses.forEach(s -> names.add(s.name()));
    return in("orderStatus", names);
  }

  private List<QuarantinedDocument> decodeAll(List<Document> docs, Consumer<PlanSnapshot> good) {
    List<QuarantinedDocument> bad = new ArrayList<>();
    for (Document d : docs) {
      String planId = String.valueOf(d.get("_id"));
      try {
        good.accept(decodeTrade(d));
      } catch (BadDocumentException e) {
        bad.add(quarantine.keep(planId, TradeStore.TRADES, d, e.getMessage()));
      } catch (RuntimeException e) {
        // Anything else a broken document provokes in the domain's constructors: same treatment.
        bad.add(quarantine.keep(planId, TradeStore.TRADES, d, e.toString()));
      }
    }
    return bad;
  }

  static PlanSnapshot decodeTrade(Document d) {
    PlanSnapshot s = SnapshotCodec.decode(Fields.document(d, "plan"), Fields.document(d, "state"));
    String id = String.valueOf(d.get("_id"));
    if (!s.planId().equals(id)) {
      throw new BadDocumentException("plan.id " + s.planId() + " differs from _id " + id);
    }
    long version = Fields.int64(d, "version");
    if (version != s.version()) {
      throw new BadDocumentException(
          "version " + version + " differs from state.version " + s.version());
    }
    return s;
  }

  private Date now() {
    return Date.from(clock.instant());
  }
}
