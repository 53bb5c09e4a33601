package com.tradeplan.store;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.util.Date;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code quarantine} collection: a copy of every document the store could not read (a trade
 * document or a history entry), with its plan id and what is wrong with it, for an operator to
 * repair. One copy per original document: reading it again replaces the copy, never piles them up.
 *
 * <p>Must never: throw because the copy failed (the caller's report still names the plan, and the
 * load of the other documents goes on), or change the original document.
 */
final class Quarantine {
  private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

  private final MongoCollection<Document> copies;
  private final Clock clock;

  Quarantine(MongoDatabase database, Clock clock) {
    this.copies = database.getCollection(TradeStore.QUARANTINE);
    this.clock = clock;
  }

  /**
   * Logs the bad document as an error, copies it (keyed {@code <collection>:<original _id>}) and
   * returns what the caller reports.
   */
  QuarantinedDocument keep(String planId, String collection, Document raw, String reason) {
    LOG.error("plan {}: unreadable {} document quarantined: {}", planId, collection, reason);
    try {
      copies.replaceOne(
          eq("_id", collection + ":" + raw.get("_id")),
          new Document("_id", collection + ":" + raw.get("_id"))
              .append("planId", planId)
              .append("collection", collection)
              .append("reason", reason)
              .append("quarantinedAt", Date.from(clock.instant()))
              .append("document", raw),
          new ReplaceOptions().upsert(true));
    } catch (RuntimeException e) {
      // The report above and the returned value still tell the operator; the load goes on.
      LOG.error("plan {}: could not copy the bad document to quarantine", planId, e);
    }
    return new QuarantinedDocument(planId, collection, reason);
  }
}
