package com.tradeplan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only {@code events} collection: each plan's history, one entry per (planId, seq), seqs
 * 0, 1, 2, ... without gaps below a stored one (docs/persistence.md, section 1). An entry is
 * inserted once and never changed or removed: a retried append finds its seqs taken and writes
 * nothing twice.
 *
 * <p>Must never: overwrite an entry (a different entry under a taken seq is counted and logged), or
 * leave a gap below a stored seq (inserts are ordered).
 */
final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  /** Point lookups {@link #nextSeq} tries from the hint before it reads the plan's history. */
  static final int NEXT_SEQ_PROBES = 16;

  private static final int DUPLICATE_KEY = 11000;

  private final MongoCollection<Document> events;
  private final TradeDocuments documents;
  private final Quarantine quarantine;
  private final Clock clock;

  EventLog(MongoDatabase database, TradeDocuments documents, Quarantine quarantine, Clock clock) {
    this.events = database.getCollection(TradeStore.EVENTS);
    this.documents = documents;
    this.quarantine = quarantine;
    this.clock = clock;
  }

  /**
   * {@code plan_seq} makes appends idempotent and serves every read; {@code time} and {@code
   * order_ref} serve operators' own queries only (no code queries by them).
   */
  void ensureIndexes() {
    events.createIndex(
        Indexes.ascending("planId", "seq"), new IndexOptions().name("plan_seq").unique(true));
    events.createIndex(Indexes.ascending("time"), new IndexOptions().name("time"));
    events.createIndex(Indexes.ascending("orderRef"), new IndexOptions().name("order_ref"));
  }

  AppendResult append(
      String owner, String planId, long firstSeq, long version, List<PlanEvent> planEvents) {
    List<TradeStore.SequencedEvent> sequenced = new ArrayList<>(planEvents.size());
    for (int i = 0; i < planEvents.size(); i++) {
      sequenced.add(new TradeStore.SequencedEvent(firstSeq + i, version, planEvents.get(i)));
    }
    return append(owner, planId, sequenced);
  }

  AppendResult append(String owner, String planId, List<TradeStore.SequencedEvent> planEvents) {
    if (planEvents.isEmpty()) {
      return new AppendResult(0, 0, 0);
    }
    Date now = Date.from(clock.instant());
    List<Document> docs = new ArrayList<>(planEvents.size());
    Map<Long, PlanEvent> bySeq = new HashMap<>();
    for (TradeStore.SequencedEvent se : planEvents) {
      if (!se.event().planId().equals(planId)) {
        throw new IllegalArgumentException(
            "event of plan " + se.event().planId() + " in " + planId);
      }
      docs.add(encodeEvent(owner, se.seq(), se.version(), se.event(), now));
      bySeq.put(se.seq(), se.event());
    }
    Set<Long> duplicateSeqs = insertSkippingTakenSeqs(planEvents, docs);
    int conflicting = 0;
    if (!duplicateSeqs.isEmpty()) {
      Map<Long, PlanEvent> stored = new HashMap<>();
      for (RecordedEvent r : readEvents(and(eq("planId", planId), in("seq", duplicateSeqs)))) {
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
   * Inserts {@code docs} in order. Ordered: an insert that fails part-way has stored a prefix, so a
   * plan's stored seqs never have a gap below a stored one ({@link #nextSeq} relies on it). A taken
   * seq (a retry) is skipped and the insert goes on after it; any other failure is thrown.
   *
   * @return the seqs found taken
   */
  private Set<Long> insertSkippingTakenSeqs(
      List<TradeStore.SequencedEvent> planEvents, List<Document> docs) {
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
    return duplicateSeqs;
  }

  /**
   * The seq the plan's next history entry gets: one past the highest stored, 0 when it has none.
   * Answered by point lookups on the (planId, seq) index from the hint its trade document holds
   * ({@link TradeDocuments#nextSeqHint}): stored seqs have no gaps below a stored one (appends are
   * ordered), so the first free seq from the hint is the next. A document written before the hint
   * existed, or a hint more than {@value #NEXT_SEQ_PROBES} behind, falls back to {@link #lastSeq},
   * which reads the plan's whole history in the embedded server (it answers a filter from an index
   * only when the filter's keys are the index's).
   */
  long nextSeq(String planId) {
    OptionalLong hint = documents.nextSeqHint(planId);
    if (hint.isEmpty()) {
      return lastSeq(planId) + 1;
    }
    long next = hint.getAsLong();
    for (int i = 0; i < NEXT_SEQ_PROBES; i++) {
      Document key = new Document("planId", planId).append("seq", next);
      if (events.find(key).projection(Projections.include("_id")).first() == null) {
        return next;
      }
      next++;
    }
    return lastSeq(planId) + 1;
  }

  /** The highest seq stored for the plan, -1 when it has no history. */
  long lastSeq(String planId) {
    Document d =
        events
            .find(eq("planId", planId))
            .sort(Sorts.descending("seq"))
            .projection(Projections.include("seq"))
            .first();
    return d != null && d.get("seq") instanceof Number n ? n.longValue() : -1;
  }

  /** A plan's whole history in seq order; unreadable entries are quarantined and left out. */
  List<RecordedEvent> history(String planId) {
    return readEvents(eq("planId", planId));
  }

  private List<RecordedEvent> readEvents(Bson filter) {
    List<RecordedEvent> out = new ArrayList<>();
    for (Document d : events.find(filter).sort(Sorts.ascending("seq"))) {
      try {
        out.add(decodeEvent(d));
      } catch (RuntimeException e) {
        quarantine.keep(String.valueOf(d.get("planId")), TradeStore.EVENTS, d, e.getMessage());
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
}
