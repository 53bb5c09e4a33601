package com.tradeplan.server.plans;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code idempotency_keys} collection: for each (owner, key) the request that claimed it (a
 * fingerprint of operation, plan and body) and, once answered, the response. The unique index on
 * (owner, key) makes the claim atomic across threads and cluster members: two concurrent requests
 * with one key cannot both act. Keys older than the TTL are deleted (a TTL index where the store
 * supports it, and {@link #purgeExpired} on a schedule in any case).
 */
public final class IdempotencyStore {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyStore.class);

  private final MongoCollection<Document> keys;
  private final Duration ttl;
  private final Clock clock;

  public IdempotencyStore(MongoDatabase database, Duration ttl, Clock clock) {
    this.keys = database.getCollection("idempotency_keys");
    this.ttl = ttl;
    this.clock = clock;
    keys.createIndex(
        Indexes.ascending("owner", "key"), new IndexOptions().unique(true).name("owner_key"));
    try {
      keys.createIndex(
          Indexes.ascending("createdAt"),
          new IndexOptions().expireAfter(ttl.toSeconds(), TimeUnit.SECONDS).name("ttl"));
    } catch (RuntimeException e) {
      LOG.info("store has no TTL indexes; idempotency keys are purged on a schedule only");
    }
  }

  /** What claiming a key found. */
  public sealed interface Claim {
    /** The key is new: act, then {@link #complete} (or {@link #release} on failure). */
    record Fresh() implements Claim {}

    /** The key was answered before: return this response again, do nothing. */
    record Replay(int status, String contentType, String body, String location, String etag)
        implements Claim {}

    /** The key is being answered by another request right now. */
    record InProgress() implements Claim {}

    /** The key was used for a different request. */
    record Mismatch() implements Claim {}
  }

  public Claim claim(String owner, String key, String fingerprint) {
    Instant now = clock.instant();
    try {
      keys.insertOne(
          new Document("owner", owner)
              .append("key", key)
              .append("fingerprint", fingerprint)
              .append("state", "IN_PROGRESS")
              .append("createdAt", Date.from(now)));
      return new Claim.Fresh();
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
    Document doc = keys.find(id(owner, key)).first();
    if (doc == null) {
      return claim(owner, key, fingerprint); // purged between the two calls: claim again
    }
    if (!fingerprint.equals(doc.getString("fingerprint"))) {
      return new Claim.Mismatch();
    }
    if (!"DONE".equals(doc.getString("state"))) {
      return new Claim.InProgress();
    }
    return new Claim.Replay(
        doc.getInteger("status"),
        doc.getString("contentType"),
        doc.getString("body"),
        doc.getString("location"),
        doc.getString("etag"));
  }

  public void complete(
      String owner,
      String key,
      int status,
      String contentType,
      String body,
      String location,
      String etag) {
    keys.updateOne(
        id(owner, key),
        Updates.combine(
            Updates.set("state", "DONE"),
            Updates.set("status", status),
            Updates.set("contentType", contentType),
            Updates.set("body", body),
            Updates.set("location", location),
            Updates.set("etag", etag)));
  }

  /** Gives the key up after a failure that did not answer (so that a retry may act). */
  public void release(String owner, String key) {
    keys.deleteOne(Filters.and(id(owner, key), Filters.eq("state", "IN_PROGRESS")));
  }

  public long purgeExpired() {
    return keys.deleteMany(Filters.lt("createdAt", Date.from(clock.instant().minus(ttl))))
        .getDeletedCount();
  }

  private static Bson id(String owner, String key) {
    return Filters.and(Filters.eq("owner", owner), Filters.eq("key", key));
  }
}
