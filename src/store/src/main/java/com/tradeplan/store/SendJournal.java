package com.tradeplan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * The send journal: in each trade document, {@code brokerOrders} (one entry per orderRef: the
 * broker order id it was placed under, and whether it was re-sent) and its counter {@code
 * journalVersion} (docs/persistence.md, section 9). The runtime records an entry, durably,
 * immediately before an order is written to the broker's socket, so that a restarted process can
 * tell an order that never reached the wire from one whose fate only the broker knows.
 *
 * <p>Kept beside the document's {@code orders}, not in them, because every snapshot update rewrites
 * {@code orders} and would erase it; it is broker metadata, so it does not change the plan's
 * version. Changes are compare-and-set on {@code journalVersion}, a counter of its own.
 *
 * <p>Must never: record a second entry for an orderRef, allow more than one re-send of one, or
 * change anything else in the document.
 */
final class SendJournal {
  static final String BROKER_ORDERS = "brokerOrders";
  static final String JOURNAL_VERSION = "journalVersion";

  /** Attempts of one journal change against concurrent changes of the same plan's journal. */
  static final int JOURNAL_ATTEMPTS = 64;

  private final MongoCollection<Document> trades;

  SendJournal(MongoDatabase database) {
    this.trades = database.getCollection(TradeStore.TRADES);
  }

  /** The index the compare-and-set filters on (see {@link TradeDocuments#idAnd}). */
  void ensureIndexes() {
    trades.createIndex(
        Indexes.ascending("_id", JOURNAL_VERSION),
        new IndexOptions().name("id_journal_version").unique(true));
  }

  boolean recordBrokerOrderId(String planId, String orderRef, long brokerOrderId) {
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

  boolean recordBrokerOrderIdOfResend(String planId, String orderRef, long brokerOrderId) {
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

  /**
   * Reads the plan's send journal (orderRef to entry), lets {@code change} decide and edit it, and
   * writes it back only if nobody changed it meanwhile ({@code journalVersion}). A lost race reads
   * again, at most {@value #JOURNAL_ATTEMPTS} times; then it throws and the order is not sent.
   * False when the plan does not exist or {@code change} declined.
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
              TradeDocuments.idAnd(
                  JOURNAL_VERSION, seen instanceof Number n ? n.longValue() : null, planId),
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

  Map<String, Long> brokerOrderIds(String planId) {
    Document d =
        trades.find(eq("_id", planId)).projection(Projections.include(BROKER_ORDERS)).first();
    return brokerOrderIdsOf(d);
  }

  Map<String, Map<String, Long>> brokerOrderIds(Collection<String> planIds) {
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
}
