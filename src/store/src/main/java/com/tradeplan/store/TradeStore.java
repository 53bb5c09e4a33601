package com.tradeplan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trade documents and the append-only event log in MongoDB, through the MongoDB Java driver
 * only: the same code runs against a real replica set and the embedded mongo-java-server, so it
 * uses neither sessions nor transactions. Every state change is one single-document conditional
 * update on {@code version}; every history entry is an insert keyed by (planId, seq), so a retry
 * never duplicates.
 *
 * <p>Thread-safe (the driver's collections are). Expected outcomes (a duplicate create, a lost
 * race, a document that cannot be read) are result values; a MongoDB failure (server down, timeout)
 * is thrown as the driver's {@code MongoException} for the caller (normally {@link TradeWriter}) to
 * retry.
 *
 * <p>What it must never do: decide anything about the lifecycle (it stores what the engine
 * decided), or overwrite a document it did not read at the expected version.
 */
public final class TradeStore {
  private static final Logger LOG = LoggerFactory.getLogger(TradeStore.class);

  static final String TRADES = "trades";

  /**
   * The send journal in a trade document (orderRef, broker id, whether re-sent), and its counter.
   */
  static final String BROKER_ORDERS = "brokerOrders";

  static final String JOURNAL_VERSION = "journalVersion";

  /**
   * In a trade document: the seq its writer would give the plan's next history entry when it wrote
   * the document (every entry below it is stored). A hint for {@link #nextSeq}; entries appended
   * after the document was written (a history-only write, a crash in between) are found from it.
   */
  static final String NEXT_SEQ = "nextSeq";

  /** Point lookups {@link #nextSeq} tries from the hint before it scans the plan's history. */
  static final int NEXT_SEQ_PROBES = 16;

  static final String EVENTS = "events";
  static final String EVENTS_ARCHIVE = "events_archive";
  static final String QUARANTINE = "quarantine";

  /** Bound on one archival batch, so that archiving never holds a large history in memory. */
  static final int ARCHIVE_BATCH_MAX = 500;

  private static final int DUPLICATE_KEY = 11000;

  /** The statuses whose plans are watched again after a restart (lifecycle.md section 7). */
  public static final Set<PlanStatus> MONITORED = monitoredStatuses();

  private final MongoCollection<Document> trades;
  private final MongoCollection<Document> events;
  private final MongoCollection<Document> eventsArchive;
  private final MongoCollection<Document> quarantine;
  private final Clock clock;

  public TradeStore(MongoDatabase database, Clock clock) {
    Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.trades = database.getCollection(TRADES);
    this.events = database.getCollection(EVENTS);
    this.eventsArchive = database.getCollection(EVENTS_ARCHIVE);
    this.quarantine = database.getCollection(QUARANTINE);
  }

  /** A store on {@code database} with its indexes created (idempotent). */
  public static TradeStore open(MongoDatabase database) {
    TradeStore store = new TradeStore(database, Clock.systemUTC());
    store.ensureIndexes();
    return store;
  }

  /** Creates the indexes the UI, operators, recovery and the writer query by. Idempotent. */
  public void ensureIndexes() {
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
    trades.createIndex(
        Indexes.ascending("_id", JOURNAL_VERSION),
        new IndexOptions().name("id_journal_version").unique(true));
    for (MongoCollection<Document> log : List.of(events, eventsArchive)) {
      log.createIndex(
          Indexes.ascending("planId", "seq"), new IndexOptions().name("plan_seq").unique(true));
      log.createIndex(Indexes.ascending("time"), new IndexOptions().name("time"));
    }
    events.createIndex(Indexes.ascending("orderRef"), new IndexOptions().name("order_ref"));
  }

  // ---------------------------------------------------------------- trade documents

  /** Inserts the first document of a plan; an existing plan id is refused, not overwritten. */
  public CreateResult create(PlanSnapshot snapshot) {
    return create(snapshot, 0);
  }

  /**
   * As {@link #create(PlanSnapshot)}, recording {@code nextSeq} (the plan's next free history seq,
   * every entry below it stored) for {@link #nextSeq}. Not known (-1) records 0, which is true of
   * every plan: {@link #nextSeq} then looks from the first entry.
   */
  public CreateResult create(PlanSnapshot snapshot, long nextSeq) {
    Date now = now();
    Document doc = new Document("_id", snapshot.planId());
    tradeFields(snapshot, now).forEach(doc::append);
    doc.append(NEXT_SEQ, Math.max(0, nextSeq));
    doc.append("createdAt", now);
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

  /**
   * Writes {@code next} if the stored document is still at {@code next.version() - 1}: one change
   * of the engine on top of the state it read.
   */
  public UpdateResult update(PlanSnapshot next) {
    return update(next, next.version() - 1);
  }

  /**
   * Writes {@code next} if and only if the stored document is at {@code expectedVersion}, in one
   * single-document conditional update. The stored version becomes {@code next.version()} (the
   * writer may skip versions it coalesced). A lost race writes nothing and says so.
   */
  public UpdateResult update(PlanSnapshot next, long expectedVersion) {
    return update(next, expectedVersion, -1);
  }

  /**
   * As {@link #update(PlanSnapshot, long)}, recording {@code nextSeq} (the plan's next free history
   * seq, every entry below it stored) for {@link #nextSeq}; -1 leaves the recorded one as it is.
   */
  public UpdateResult update(PlanSnapshot next, long expectedVersion, long nextSeq) {
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

  private Bson changes(PlanSnapshot next, long nextSeq) {
    List<Bson> sets = new ArrayList<>();
    tradeFields(next, now()).forEach((k, v) -> sets.add(Updates.set(k, v)));
    if (nextSeq >= 0) {
      sets.add(Updates.set(NEXT_SEQ, nextSeq));
    }
    return Updates.combine(sets);
  }

  /**
   * One conditional snapshot write of {@link #updateAll}: {@code next} on top of {@code
   * expectedVersion}, recording {@code nextSeq} (-1: keep the recorded one).
   */
  public record Update(PlanSnapshot next, long expectedVersion, long nextSeq) {
    public Update {
      requireFollows(Objects.requireNonNull(next, "next"), expectedVersion);
    }
  }

  private static void requireFollows(PlanSnapshot next, long expectedVersion) {
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
   * Writes the snapshots of several plans in one command (one round trip, one commit in the
   * embedded server), each exactly as {@link #update(PlanSnapshot, long, long)} would: a
   * single-document update conditional on its expected version. Unordered: one that does not match
   * does not stop the others.
   *
   * @return how many matched; equal to {@code updates.size()} when every one was written. When
   *     fewer, which ones is not known: the caller settles each with {@link #update} (one already
   *     written reports a CONFLICT at its own version)
   */
  public int updateAll(List<Update> updates) {
    if (updates.isEmpty()) {
      return 0;
    }
    Set<String> plans = new HashSet<>();
    List<com.mongodb.client.model.WriteModel<Document>> models = new ArrayList<>(updates.size());
    for (Update u : updates) {
      if (!plans.add(u.next().planId())) {
        throw new IllegalArgumentException("plan " + u.next().planId() + " twice in one bulk");
      }
      models.add(
          new com.mongodb.client.model.UpdateOneModel<>(
              idAnd("version", u.expectedVersion(), u.next().planId()),
              changes(u.next(), u.nextSeq())));
    }
    return trades
        .bulkWrite(models, new com.mongodb.client.model.BulkWriteOptions().ordered(false))
        .getMatchedCount();
  }

  /** The stored version of a plan's document, empty when there is none. */
  public OptionalLong storedVersion(String planId) {
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
   * Records the broker's id for an order (IB's permId), once. Kept beside {@code orders}, not in
   * it, because every snapshot update rewrites {@code orders} and would erase it; it is broker
   * metadata, so it does not change the plan's version. Returns false when the plan does not exist
   * or the id was recorded already.
   */
  public boolean recordBrokerOrderId(String planId, String orderRef, long brokerOrderId) {
    return changeJournal(
        planId,
        journal -> {
          if (journal.containsKey(orderRef)) {
            return false;
          }
          journal.put(
              orderRef, new Document("ref", orderRef).append("brokerOrderId", brokerOrderId));
          return true;
        });
  }

  /**
   * Records the broker id of the one permitted re-send of an order whose first journaled send
   * provably never reached the broker (after a crash or a take-over, see IbBroker): replaces the
   * recorded id and marks the entry {@code resent}. True only for the first re-send of that
   * orderRef: an order is re-sent at most once, by one process, whatever races.
   */
  public boolean recordBrokerOrderIdOfResend(String planId, String orderRef, long brokerOrderId) {
    return changeJournal(
        planId,
        journal -> {
          Document entry = journal.get(orderRef);
          if (entry == null || Boolean.TRUE.equals(entry.get("resent"))) {
            return false;
          }
          journal.put(
              orderRef,
              new Document("ref", orderRef)
                  .append("brokerOrderId", brokerOrderId)
                  .append("resent", Boolean.TRUE));
          return true;
        });
  }

  /** Attempts of one journal change against concurrent changes of the same plan's journal. */
  static final int JOURNAL_ATTEMPTS = 64;

  /**
   * Reads the plan's send journal (orderRef to entry), lets {@code change} decide and edit it, and
   * writes it back only if nobody changed it meanwhile ({@code journalVersion}, a counter of its
   * own: journal entries are not plan versions). A lost race reads again, at most {@value
   * #JOURNAL_ATTEMPTS} times; then it throws and the order is not sent. False when the plan does
   * not exist or {@code change} declined.
   */
  private boolean changeJournal(String planId, Predicate<Map<String, Document>> change) {
    for (int attempt = 0; attempt < JOURNAL_ATTEMPTS; attempt++) {
      Document d =
          trades
              .find(eq("_id", planId))
              .projection(Projections.include(BROKER_ORDERS, JOURNAL_VERSION))
              .first();
      if (d == null) {
        return false;
      }
      Map<String, Document> journal = new LinkedHashMap<>();
      if (d.get(BROKER_ORDERS) instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Document b && b.get("ref") instanceof String ref) {
            journal.put(ref, b);
          }
        }
      }
      if (!change.test(journal)) {
        return false;
      }
      Object seen = d.get(JOURNAL_VERSION);
      long next = seen instanceof Number n ? n.longValue() + 1 : 1;
      // A journal written before the counter existed has none: null matches a missing field.
      com.mongodb.client.result.UpdateResult r =
          trades.updateOne(
              idAnd(JOURNAL_VERSION, seen instanceof Number n ? n.longValue() : null, planId),
              Updates.combine(
                  Updates.set(BROKER_ORDERS, new ArrayList<>(journal.values())),
                  Updates.set(JOURNAL_VERSION, next)));
      if (r.getModifiedCount() == 1) {
        return true;
      }
    }
    throw new IllegalStateException(
        "plan "
            + planId
            + ": send journal changed concurrently "
            + JOURNAL_ATTEMPTS
            + " times in a row");
  }

  /**
   * A filter on exactly {@code _id} and one other field, as a plain document: the embedded server
   * then answers it from the compound unique index on those two keys (see {@link #ensureIndexes}).
   */
  private static Bson idAnd(String field, Object value, String planId) {
    return new Document("_id", planId).append(field, value);
  }

  /** The broker ids recorded for a plan's orders, by printed orderRef. */
  public Map<String, Long> brokerOrderIds(String planId) {
    Document d =
        trades.find(eq("_id", planId)).projection(Projections.include(BROKER_ORDERS)).first();
    return brokerOrderIdsOf(d);
  }

  /**
   * The broker ids recorded for the orders of several plans in one query (a take-over of a user):
   * plan id to (printed orderRef to broker id); a plan without any has an empty map or none.
   */
  public Map<String, Map<String, Long>> brokerOrderIds(Collection<String> planIds) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    if (planIds.isEmpty()) {
      return out;
    }
    for (Document d :
        trades.find(in("_id", planIds)).projection(Projections.include(BROKER_ORDERS))) {
      out.put(d.getString("_id"), brokerOrderIdsOf(d));
    }
    return out;
  }

  private static Map<String, Long> brokerOrderIdsOf(Document d) {
    Map<String, Long> ids = new LinkedHashMap<>();
    if (d != null && d.get(BROKER_ORDERS) instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Document b && b.get("brokerOrderId") instanceof Number n) {
          ids.put(b.getString("ref"), n.longValue());
        }
      }
    }
    return ids;
  }

  /** The plan's snapshot; empty when there is none or it is unreadable (then quarantined). */
  public Optional<PlanSnapshot> load(String planId) {
    List<PlanSnapshot> found = new ArrayList<>();
    decodeAll(nullable(trades.find(eq("_id", planId)).first()), found::add);
    return found.stream().findFirst();
  }

  /**
   * Every plan the engine must watch again after a restart. A document that cannot be read is
   * reported with its plan id, copied to {@code quarantine} and skipped: one bad document never
   * stops the others from being protected.
   */
  public LoadResult loadMonitored() {
    List<PlanSnapshot> plans = new ArrayList<>();
    List<QuarantinedDocument> bad =
        decodeAll(
            trades
                .find(in("orderStatus", names(MONITORED)))
                .sort(Sorts.ascending("_id"))
                .into(new ArrayList<>()),
            plans::add);
    return new LoadResult(plans, bad);
  }

  /** A trader's plans in the given statuses (all statuses when empty), by plan id. */
  public LoadResult findByOwner(String owner, Collection<PlanStatus> statuses) {
    return query(eq("owner", owner), statuses);
  }

  /**
   * The plans of several traders in the given statuses (all when empty), by plan id: one query for
   * a cluster member taking many users over at once.
   */
  public LoadResult findByOwners(Collection<String> owners, Collection<PlanStatus> statuses) {
    if (owners.isEmpty()) {
      return new LoadResult(List.of(), List.of());
    }
    return query(in("owner", owners), statuses);
  }

  /** The plans on a symbol in the given statuses (all statuses when empty), by plan id. */
  public LoadResult findBySymbol(String symbol, Collection<PlanStatus> statuses) {
    return query(eq("symbol", symbol), statuses);
  }

  /**
   * How many plans are in one of {@code statuses}, counted by the store without reading a document
   * (for operators and tests that wait for a whole book to reach a status).
   */
  public long countByStatus(Collection<PlanStatus> statuses) {
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("statuses: at least one status to count");
    }
    return trades.countDocuments(in("orderStatus", names(statuses)));
  }

  /** The plan that holds the order with this printed orderRef (what IB echoes back). */
  public Optional<PlanSnapshot> findByOrderRef(String orderRef) {
    List<PlanSnapshot> found = new ArrayList<>();
    decodeAll(nullable(trades.find(eq("orders.ref", orderRef)).first()), found::add);
    return found.stream().findFirst();
  }

  private LoadResult query(Bson filter, Collection<PlanStatus> statuses) {
    Bson f = statuses.isEmpty() ? filter : and(filter, in("orderStatus", names(statuses)));
    List<PlanSnapshot> plans = new ArrayList<>();
    List<QuarantinedDocument> bad =
        decodeAll(trades.find(f).sort(Sorts.ascending("_id")).into(new ArrayList<>()), plans::add);
    return new LoadResult(plans, bad);
  }

  private List<QuarantinedDocument> decodeAll(List<Document> docs, Consumer<PlanSnapshot> good) {
    List<QuarantinedDocument> bad = new ArrayList<>();
    for (Document d : docs) {
      if (d == null) {
        continue;
      }
      String planId = String.valueOf(d.get("_id"));
      try {
        good.accept(decodeTrade(d));
      } catch (BadDocumentException e) {
        bad.add(quarantine(planId, TRADES, d, e.getMessage()));
      } catch (RuntimeException e) {
        // Anything else a broken document provokes in the domain's constructors: same treatment.
        bad.add(quarantine(planId, TRADES, d, e.toString()));
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

  private QuarantinedDocument quarantine(
      String planId, String collection, Document raw, String reason) {
    LOG.error("plan {}: unreadable {} document quarantined: {}", planId, collection, reason);
    try {
      quarantine.replaceOne(
          eq("_id", collection + ":" + raw.get("_id")),
          new Document("_id", collection + ":" + raw.get("_id"))
              .append("planId", planId)
              .append("collection", collection)
              .append("reason", reason)
              .append("quarantinedAt", now())
              .append("document", raw),
          new ReplaceOptions().upsert(true));
    } catch (RuntimeException e) {
      // The report above and the returned value still tell the operator; the load goes on.
      LOG.error("plan {}: could not copy the bad document to quarantine", planId, e);
    }
    return new QuarantinedDocument(planId, collection, reason);
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
    f.put("state", SnapshotCodec.encodeState(s));
    f.put("version", s.version());
    f.put("updatedAt", now);
    return f;
  }

  // ---------------------------------------------------------------- event log

  /**
   * Appends a plan's history entries at {@code firstSeq, firstSeq + 1, ...}. Idempotent: an entry
   * whose (planId, seq) is stored already is not written again, so a retry after a timeout or a
   * crash never duplicates. A different entry under a taken seq is counted as conflicting and
   * logged, never overwritten.
   *
   * @param version the snapshot version these entries were written with (-1 when none)
   */
  public AppendResult appendEvents(
      String owner, String planId, long firstSeq, long version, List<PlanEvent> planEvents) {
    List<SequencedEvent> sequenced = new ArrayList<>(planEvents.size());
    for (int i = 0; i < planEvents.size(); i++) {
      sequenced.add(new SequencedEvent(firstSeq + i, version, planEvents.get(i)));
    }
    return appendEvents(owner, planId, sequenced);
  }

  /** One history entry to append: its seq, the snapshot version it came with (-1: none). */
  public record SequencedEvent(long seq, long version, PlanEvent event) {}

  /**
   * As {@link #appendEvents(String, String, long, long, List)} for entries of several steps of one
   * plan at once (one insert for all of them), each with its own seq and version.
   */
  public AppendResult appendEvents(String owner, String planId, List<SequencedEvent> planEvents) {
    if (planEvents.isEmpty()) {
      return new AppendResult(0, 0, 0);
    }
    Date now = now();
    List<Document> docs = new ArrayList<>(planEvents.size());
    Map<Long, PlanEvent> bySeq = new HashMap<>();
    for (SequencedEvent se : planEvents) {
      if (!se.event().planId().equals(planId)) {
        throw new IllegalArgumentException(
            "event of plan " + se.event().planId() + " in " + planId);
      }
      docs.add(encodeEvent(owner, se.seq(), se.version(), se.event(), now));
      bySeq.put(se.seq(), se.event());
    }
    // Ordered: an insert that fails part-way has stored a prefix, so a plan's stored seqs never
    // have a gap below a stored one (nextSeq relies on it). A taken seq (a retry) is skipped.
    Set<Long> duplicateSeqs = new HashSet<>();
    int from = 0;
    while (from < docs.size()) {
      try {
        events.insertMany(docs.subList(from, docs.size()), new InsertManyOptions().ordered(true));
        break;
      } catch (MongoBulkWriteException e) {
        List<BulkWriteError> errors = e.getWriteErrors();
        if (errors.isEmpty() || errors.get(0).getCode() != DUPLICATE_KEY) {
          throw e;
        }
        int at = from + errors.get(0).getIndex();
        duplicateSeqs.add(planEvents.get(at).seq());
        from = at + 1;
      }
    }
    int conflicting = 0;
    if (!duplicateSeqs.isEmpty()) {
      Map<Long, PlanEvent> stored = new HashMap<>();
      for (RecordedEvent r :
          readEvents(events, and(eq("planId", planId), in("seq", duplicateSeqs)))) {
        stored.put(r.seq(), r.event());
      }
      for (long seq : duplicateSeqs) {
        if (!bySeq.get(seq).equals(stored.get(seq))) {
          conflicting++;
          LOG.error(
              "plan {}: event seq {} is taken by a different event; not overwritten", planId, seq);
        }
      }
    }
    int dup = duplicateSeqs.size();
    return new AppendResult(docs.size() - dup, dup - conflicting, conflicting);
  }

  /**
   * The seq the plan's next history entry gets: one past the highest stored (live log or archive),
   * 0 when it has none. Answered by point lookups on the (planId, seq) index from the hint its
   * trade document holds ({@value #NEXT_SEQ}; 0 when there is no document yet): stored seqs have no
   * gaps below a stored one (appends are ordered), so the first free seq from the hint is the next.
   * A document written before the hint existed, or a hint more than {@value #NEXT_SEQ_PROBES}
   * behind, falls back to {@link #lastSeq}, which reads the plan's whole history in the embedded
   * server (it answers a filter from an index only when the filter's keys are the index's).
   */
  public long nextSeq(String planId) {
    Document d = trades.find(eq("_id", planId)).projection(Projections.include(NEXT_SEQ)).first();
    long next;
    if (d == null) {
      next = 0;
    } else if (d.get(NEXT_SEQ) instanceof Number n) {
      next = n.longValue();
    } else {
      return lastSeq(planId) + 1;
    }
    for (int i = 0; i < NEXT_SEQ_PROBES; i++) {
      if (!seqStored(planId, next)) {
        return next;
      }
      next++;
    }
    return lastSeq(planId) + 1;
  }

  private boolean seqStored(String planId, long seq) {
    Document key = new Document("planId", planId).append("seq", seq);
    for (MongoCollection<Document> log : List.of(events, eventsArchive)) {
      if (log.find(key).projection(Projections.include("_id")).first() != null) {
        return true;
      }
    }
    return false;
  }

  /** The highest seq stored for the plan (live log or archive), -1 when it has no history. */
  public long lastSeq(String planId) {
    long last = -1;
    for (MongoCollection<Document> log : List.of(events, eventsArchive)) {
      Document d =
          log.find(eq("planId", planId))
              .sort(Sorts.descending("seq"))
              .projection(Projections.include("seq"))
              .first();
      if (d != null && d.get("seq") instanceof Number n) {
        last = Math.max(last, n.longValue());
      }
    }
    return last;
  }

  /** A plan's whole history in seq order, archived entries included. */
  public List<RecordedEvent> history(String planId) {
    Map<Long, RecordedEvent> bySeq = new java.util.TreeMap<>();
    for (MongoCollection<Document> log : List.of(eventsArchive, events)) {
      for (RecordedEvent r : readEvents(log, eq("planId", planId))) {
        bySeq.put(r.seq(), r);
      }
    }
    return List.copyOf(bySeq.values());
  }

  private List<RecordedEvent> readEvents(MongoCollection<Document> log, Bson filter) {
    List<RecordedEvent> out = new ArrayList<>();
    for (Document d : log.find(filter).sort(Sorts.ascending("seq"))) {
      try {
        out.add(decodeEvent(d));
      } catch (RuntimeException e) {
        quarantine(
            String.valueOf(d.get("planId")),
            log.getNamespace().getCollectionName(),
            d,
            e.getMessage());
      }
    }
    return out;
  }

  static Document encodeEvent(String owner, long seq, long version, PlanEvent e, Date now) {
    return new Document("_id", e.planId() + "#" + seq)
        .append("planId", e.planId())
        .append("owner", owner)
        .append("seq", seq)
        .append("version", version)
        .append("type", e.type().name())
        .append("tick", e.tick())
        // a BSON date for the time index and range queries; the ISO text keeps nanoseconds
        .append("time", e.time() == null ? null : Date.from(e.time()))
        .append("timeExact", Fields.instant(e.time()))
        .append("role", e.role() == null ? null : e.role().name())
        .append("index", e.index())
        .append("side", e.side() == null ? null : e.side().name())
        .append("quantity", e.quantity())
        .append("price", Fields.decimal(e.price()))
        .append("orderStatus", e.orderStatus() == null ? null : e.orderStatus().name())
        .append("tradeStatus", e.tradeStatus() == null ? null : e.tradeStatus().name())
        .append("orderRef", e.orderRef())
        .append("rule", e.rule())
        .append("reason", e.reason())
        .append("recordedAt", now);
  }

  static RecordedEvent decodeEvent(Document d) {
    PlanEvent e =
        new PlanEvent(
            Fields.string(d, "planId"),
            Fields.int64(d, "tick"),
            Fields.optInstant(d, "timeExact"),
            Fields.enumValue(d, "type", PlanEvent.Type.class),
            Fields.optEnum(d, "role", OrderRole.class),
            Fields.optInt32(d, "index"),
            Fields.optEnum(d, "side", OrderAction.class),
            Fields.optInt64(d, "quantity"),
            Fields.optDecimal(d, "price"),
            Fields.optEnum(d, "orderStatus", PlanStatus.class),
            Fields.optEnum(d, "tradeStatus", TradeStatus.class),
            Fields.optString(d, "orderRef"),
            Fields.optString(d, "rule"),
            Fields.optString(d, "reason"));
    return new RecordedEvent(Fields.int64(d, "seq"), Fields.int64(d, "version"), e);
  }

  // ---------------------------------------------------------------- retention

  /**
   * Moves the whole history of every plan that ended (trade status CLOSED or CANCELLED) and was
   * last updated before {@code cutoff} from {@code events} to {@code events_archive}. Trade
   * documents are never removed: closed trades stay queryable, and {@link #history} reads both
   * collections. Idempotent and safe to interrupt: each entry is first copied (a duplicate copy is
   * ignored), then removed from the live log; a rerun finishes what a crash left. Works in batches
   * of at most {@value #ARCHIVE_BATCH_MAX} entries.
   *
   * @return the number of entries removed from the live log
   */
  public long archiveEventsOlderThan(Instant cutoff) {
    List<String> ended = new ArrayList<>();
    for (Document d :
        trades
            .find(
                and(
                    in("tradeStatus", TradeStatus.CLOSED.name(), TradeStatus.CANCELLED.name()),
                    lt("updatedAt", Date.from(cutoff))))
            .projection(Projections.include("_id"))) {
      ended.add(String.valueOf(d.get("_id")));
    }
    long moved = 0;
    for (String planId : ended) {
      while (true) {
        List<Document> batch =
            events
                .find(eq("planId", planId))
                .sort(Sorts.ascending("seq"))
                .limit(ARCHIVE_BATCH_MAX)
                .into(new ArrayList<>());
        if (batch.isEmpty()) {
          break;
        }
        try {
          eventsArchive.insertMany(batch, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
          for (BulkWriteError err : e.getWriteErrors()) {
            if (err.getCode() != DUPLICATE_KEY) {
              throw e; // nothing removed from the live log unless its copy is stored
            }
          }
        }
        List<Object> ids = new ArrayList<>();
        batch.forEach(d -> ids.add(d.get("_id")));
        moved += events.deleteMany(in("_id", ids)).getDeletedCount();
      }
    }
    return moved;
  }

  // ---------------------------------------------------------------- helpers

  private Date now() {
    return Date.from(clock.instant());
  }

  private static List<Document> nullable(Document d) {
    return d == null ? List.of() : List.of(d);
  }

  private static List<String> names(Collection<PlanStatus> statuses) {
    List<String> n = new ArrayList<>();
    statuses.forEach(s -> n.add(s.name()));
    return n;
  }

  private static Set<PlanStatus> monitoredStatuses() {
    Set<PlanStatus> s = EnumSet.noneOf(PlanStatus.class);
    for (PlanStatus p : PlanStatus.values()) {
      if (p.isMonitored()) {
        s.add(p);
      }
    }
    return java.util.Collections.unmodifiableSet(s);
  }
}
