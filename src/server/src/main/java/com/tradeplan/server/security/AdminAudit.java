package com.tradeplan.server.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The append-only {@code admin_audit} collection: who did which administrative action (user
 * creation, rule deploys) to what, and when. Never holds a secret.
 */
public final class AdminAudit {
  private final MongoCollection<Document> audit;

  public AdminAudit(MongoDatabase database) {
    this.audit = database.getCollection("admin_audit");
  }

  /** One audited action. */
  public record Entry(
      Instant time, String actor, String action, String target, Map<String, Object> details) {}

  public void record(String actor, String action, String target, Map<String, Object> details) {
    audit.insertOne(
        new Document("time", Date.from(Instant.now()))
            .append("actor", actor)
            .append("action", action)
            .append("target", target)
            .append("details", new Document(details)));
  }

  /** The latest entries, newest first. */
  public List<Entry> latest(int limit) {
    List<Entry> out = new ArrayList<>();
    audit
        .find()
        .sort(new Document("time", -1))
        .limit(limit)
        .forEach(
            d ->
                out.add(
                    new Entry(
                        d.getDate("time").toInstant(),
                        d.getString("actor"),
                        d.getString("action"),
                        d.getString("target"),
                        d.get("details", Document.class))));
    return out;
  }
}
