package com.tradeplan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoDatabase;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.bson.conversions.Bson;

/**
 * The trades of every plan in MongoDB, through the MongoDB Java driver only: the same code runs
 * against a real replica set and the embedded mongo-java-server, so it uses neither sessions nor
 * transactions. This is the one door to them; behind it, one class per part (docs/persistence.md):
 *
 * <ul>
 *   <li>{@link TradeDocuments}: one document per plan; every state change is one single-document
 *       update conditional on {@code version};
 *   <li>{@link SendJournal}: the broker order id each order was placed under, recorded before it is
 *       sent;
 *   <li>{@link EventLog}: the append-only history, one insert per (planId, seq), so a retry never
 *       duplicates;
 *   <li>{@link Quarantine}: copies of documents that cannot be read.
 * </ul>
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
  static final String TRADES = "trades";
  static final String EVENTS = "events";
  static final String QUARANTINE = "quarantine";

  /** The statuses whose plans are watched again after a restart (lifecycle.md section 7). */
  public static final Set<PlanStatus> MONITORED = monitoredStatuses();

  private final TradeDocuments documents;
  private final SendJournal journal;
  private final EventLog events;

  TradeStore(MongoDatabase database, Clock clock) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(clock, "clock");
    Quarantine quarantine = new Quarantine(database, clock);
    this.documents = new TradeDocuments(database, quarantine, clock);
    this.journal = new SendJournal(database);
    this.events = new EventLog(database, documents, quarantine, clock);
  }

  /** A store on the connection's database with its indexes created (idempotent). */
  public static TradeStore open(MongoConfig.MongoConnection connection) {
    return open(connection.database());
  }

  static TradeStore open(MongoDatabase database) {
    TradeStore store = new TradeStore(database, Clock.systemUTC());
    store.ensureIndexes();
    return store;
  }

  /** Creates the indexes the UI, operators, recovery and the writer query by. Idempotent. */
  void ensureIndexes() {
    documents.ensureIndexes();
    journal.ensureIndexes();
    events.ensureIndexes();
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
    return documents.create(snapshot, nextSeq);
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
    return documents.update(next, expectedVersion, nextSeq);
  }

  /**
   * One conditional snapshot write of {@link #updateAll}: {@code next} on top of {@code
   * expectedVersion}, recording {@code nextSeq} (-1: keep the recorded one).
   */
  public record Update(PlanSnapshot next, long expectedVersion, long nextSeq) {
    public Update {
      TradeDocuments.requireFollows(Objects.requireNonNull(next, "next"), expectedVersion);
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
    return documents.updateAll(updates);
  }

  /** The stored version of a plan's document, empty when there is none. */
  public OptionalLong storedVersion(String planId) {
    return documents.storedVersion(planId);
  }

  /** The plan's snapshot; empty when there is none or it is unreadable (then quarantined). */
  public Optional<PlanSnapshot> load(String planId) {
    return documents.load(planId);
  }

  /**
   * Every plan the engine must watch again after a restart. A document that cannot be read is
   * reported with its plan id, copied to {@code quarantine} and skipped: one bad document never
   * stops the others from being protected.
   */
  public LoadResult loadMonitored() {
    return documents.inStatuses(MONITORED);
  }

  /** A trader's plans in the given statuses (all statuses when empty), by plan id. */
  public LoadResult findByOwner(String owner, Collection<PlanStatus> statuses) {
    return documents.query(eq("owner", owner), statuses);
  }

  /** The most plans {@link #findByOwner(String, Collection, String, int)} answers at once. */
  public static final int PAGE_MAX = 1_000;

  /**
   * One page of a trader's plans on {@code symbol} (null: every symbol) in the given statuses (all
   * when empty), by plan id: at most {@code limit} (1..{@value #PAGE_MAX}) plans whose id comes
   * after {@code afterPlanId} (null: from the first). The next page starts after the last id of
   * this one; a page shorter than {@code limit} is the last.
   */
  public LoadResult findByOwner(
      String owner, String symbol, Collection<PlanStatus> statuses, String afterPlanId, int limit) {
    return findByOwner(owner, symbol, null, statuses, afterPlanId, limit);
  }

  /**
   * {@link #findByOwner(String, String, Collection, String, int)} narrowed to plans of one {@code
   * side} as well (null: both): the plans list's filter, applied here so that a page is full
   * whatever the filter.
   */
  public LoadResult findByOwner(
      String owner,
      String symbol,
      Side side,
      Collection<PlanStatus> statuses,
      String afterPlanId,
      int limit) {
    if (limit < 1 || limit > PAGE_MAX) {
      throw new IllegalArgumentException("limit must be 1.." + PAGE_MAX + ", not " + limit);
    }
    return documents.page(ownerFilter(owner, symbol, side), statuses, afterPlanId, limit);
  }

  /**
   * One page of a trader's plans on {@code symbol} (null: every symbol) of {@code side} (null:
   * both) in the given statuses (all when empty), in {@code order} (the plan id breaks ties): at
   * most {@code limit} (1..{@value #PAGE_MAX}) plans after the cursor {@code after} (null: from the
   * first; see {@link PlanOrder} for what a plan that changes meanwhile does). Ordering by {@link
   * PlanOrder.Key#ENDED_AT} needs ended statuses only: open plans have no end time.
   *
   * @throws IllegalArgumentException for a limit out of range or an end-time order with open
   *     statuses
   */
  public StoredPage findByOwner(
      String owner,
      String symbol,
      Side side,
      Collection<PlanStatus> statuses,
      PlanOrder order,
      PlanOrder.Cursor after,
      int limit) {
    if (limit < 1 || limit > PAGE_MAX) {
      throw new IllegalArgumentException("limit must be 1.." + PAGE_MAX + ", not " + limit);
    }
    if (order.key() == PlanOrder.Key.ENDED_AT
        && (statuses.isEmpty() || !TradeDocuments.ENDED.containsAll(statuses))) {
      throw new IllegalArgumentException("only ended plans have an end time, not " + statuses);
    }
    return documents.sortedPage(ownerFilter(owner, symbol, side), statuses, order, after, limit);
  }

  private static Bson ownerFilter(String owner, String symbol, Side side) {
    List<Bson> parts = new ArrayList<>();
    parts.add(eq("owner", owner));
    if (symbol != null) {
      parts.add(eq("symbol", symbol));
    }
    if (side != null) {
      parts.add(eq("plan.side", side.name()));
    }
    return parts.size() == 1 ? parts.get(0) : and(parts);
  }

  /**
   * One page of a trader's plans whose document was written at or after {@code since} (a fill, a
   * status change: the document is never written on a plain tick), by plan id: at most {@code
   * limit} (1..{@value #PAGE_MAX}) after {@code afterPlanId} (null: from the first). The account
   * page reads the fills of the trading day from these plans only.
   */
  public LoadResult findByOwnerChangedSince(
      String owner, Instant since, String afterPlanId, int limit) {
    if (limit < 1 || limit > PAGE_MAX) {
      throw new IllegalArgumentException("limit must be 1.." + PAGE_MAX + ", not " + limit);
    }
    Objects.requireNonNull(since, "since");
    return documents.page(
        and(eq("owner", owner), gte("updatedAt", Date.from(since))), List.of(), afterPlanId, limit);
  }

  /**
   * How many of a trader's plans are in the given statuses (all when empty), counted from the
   * {@code owner_status} index (a covered find on MongoDB, not an aggregate: {@link
   * TradeDocuments#countOwned}): for the per-user limits checked before a plan is stored.
   */
  public long countByOwner(String owner, Collection<PlanStatus> statuses) {
    return documents.countOwned(owner, statuses);
  }

  /**
   * The plans of several traders in the given statuses (all when empty), by plan id: one query for
   * a cluster member taking many users over at once.
   */
  public LoadResult findByOwners(Collection<String> owners, Collection<PlanStatus> statuses) {
    if (owners.isEmpty()) {
      return new LoadResult(List.of(), List.of());
    }
    return documents.query(in("owner", owners), statuses);
  }

  // ---------------------------------------------------------------- send journal

  /**
   * Records, once, the broker order id an order is about to be placed under: the id the broker
   * connection allocated for this send (from IB's {@code nextValidId}, unique per client id), not
   * IB's permId (which IB assigns later). Returns false when the plan does not exist or the order
   * was journaled already; the order must then not be sent.
   */
  public boolean recordBrokerOrderId(String planId, String orderRef, long brokerOrderId) {
    return journal.recordBrokerOrderId(planId, orderRef, brokerOrderId);
  }

  /**
   * Records the broker order id of the one permitted re-send of an order whose first journaled send
   * provably never reached the broker (after a crash or a take-over, see IbBroker): replaces the
   * recorded id and marks the entry {@code resent}. True only for the first re-send of that
   * orderRef: an order is re-sent at most once, by one process, whatever races.
   */
  public boolean recordBrokerOrderIdOfResend(String planId, String orderRef, long brokerOrderId) {
    return journal.recordBrokerOrderIdOfResend(planId, orderRef, brokerOrderId);
  }

  /** The broker order ids recorded for a plan's orders, by printed orderRef. */
  public Map<String, Long> brokerOrderIds(String planId) {
    return journal.brokerOrderIds(planId);
  }

  /**
   * The broker order ids recorded for the orders of several plans in one query (a take-over of a
   * user): plan id to (printed orderRef to broker order id); a plan without any has an empty map or
   * none.
   */
  public Map<String, Map<String, Long>> brokerOrderIds(Collection<String> planIds) {
    return journal.brokerOrderIds(planIds);
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
    return events.append(owner, planId, firstSeq, version, planEvents);
  }

  /** One history entry to append: its seq, the snapshot version it came with (-1: none). */
  public record SequencedEvent(long seq, long version, PlanEvent event) {}

  /**
   * As {@link #appendEvents(String, String, long, long, List)} for entries of several steps of one
   * plan at once (one insert for all of them), each with its own seq and version.
   */
  public AppendResult appendEvents(String owner, String planId, List<SequencedEvent> planEvents) {
    return events.append(owner, planId, planEvents);
  }

  /**
   * The seq the plan's next history entry gets: one past the highest stored, 0 when it has none
   * (see {@link EventLog#nextSeq} for how it is found without reading the history).
   */
  public long nextSeq(String planId) {
    return events.nextSeq(planId);
  }

  /**
   * The highest seq stored for the plan, -1 when it has no history ({@link #nextSeq}'s fallback).
   */
  long lastSeq(String planId) {
    return events.lastSeq(planId);
  }

  /** A plan's whole history in seq order. */
  public List<RecordedEvent> history(String planId) {
    return events.history(planId);
  }

  private static Set<PlanStatus> monitoredStatuses() {
    Set<PlanStatus> s = EnumSet.noneOf(PlanStatus.class);
    for (PlanStatus p : PlanStatus.values()) {
      if (p.isMonitored()) {
        s.add(p);
      }
    }
    return Collections.unmodifiableSet(s);
  }
}
