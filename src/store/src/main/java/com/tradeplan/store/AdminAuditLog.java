package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The append-only {@code admin_audit} collection: who did which administrative action (user
 * creation, rule deploys) to what, and when. Entries are inserted, never changed or deleted.
 *
 * <p>Must never: hold a secret (callers pass no password or token in {@code details}), or change an
 * entry.
 */
public final class AdminAuditLog {
  private final MongoCollection<Document> audit;
  private final Clock clock;

  public AdminAuditLog(MongoConfig.MongoConnection connection) {
    this(connection, Clock.systemUTC());
  }

  AdminAuditLog(MongoConfig.MongoConnection connection, Clock clock) {
    this.audit = connection.database().getCollection("admin_audit");
    this.clock = clock;
  }

  /**
   * One audited action.
   *
   * @param details what else an operator needs (plain values, lists and maps)
   */
  public record Entry(
      Instant time, String actor, String action, String target, Map<String, Object> details) {}

  /** Records that {@code actor} did {@code action} to {@code target}, now. */
  public void record(String actor, String action, String target, Map<String, Object> details) {
    audit.insertOne(
        new Document("time", Date.from(clock.instant()))
            .append("actor", actor)
            .append("action", action)
            .append("target", target)
            .append("details", new Document(details)));
  }

  /** The latest entries, newest first, at most {@code limit}. */
  public List<Entry> latest(int limit) {
    List<Entry> out = new ArrayList<>();
    audit
        .find()
        .sort(new Document("time", -1))
        .limit(limit)
        .forEach(
            d -> {
              Document details = d.get("details", Document.class);
              out.add(
                  new Entry(
                      d.getDate("time").toInstant(),
                      d.getString("actor"),
                      d.getString("action"),
                      d.getString("target"),
                      details == null ? null : new LinkedHashMap<>(details)));
            });
    return out;
  }
}
