package com.tradeplan.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@code idempotency_keys} collection: for each (owner, key) the request that claimed
 * it (a fingerprint the server computes) and, once answered, the response. The unique index on
 * (owner, key) makes a claim atomic across threads and cluster members: of two concurrent claims of
 * one key, exactly one is inserted. Keys live {@code ttl}: a TTL index deletes them where the store
 * supports one, and {@link #deleteExpired} does in any case (the server runs it on a schedule).
 *
 * <p>Must never: let two requests claim one key, or overwrite a stored answer with another.
 */
public final class IdempotencyRepository {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyRepository.class);

  private final MongoCollection<Document> keys;
  private final Duration ttl;

  /** Opens the collection and creates its indexes (idempotent). */
  public IdempotencyRepository(MongoConfig.MongoConnection connection, Duration ttl) {
    this.keys = connection.database().getCollection("idempotency_keys");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
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

  /** The response stored for a key once its request was answered. */
  public record Answer(int status, String contentType, String body, String location, String etag) {}

  /**
   * A stored key.
   *
   * @param fingerprint what the claiming request was (the server's digest of it)
   * @param answer the response, or null while the request is still being answered
   */
  public record StoredKey(String fingerprint, Answer answer) {}

  /**
   * Claims (owner, key) for the request {@code fingerprint}, in progress from {@code now}. True
   * when claimed; false, changing nothing, when the key is stored already (by this request or
   * another).
   */
  public boolean claim(String owner, String key, String fingerprint, Instant now) {
    try {
      keys.insertOne(
          new Document("owner", owner)
              .append("key", key)
              .append("fingerprint", fingerprint)
              .append("state", "IN_PROGRESS")
              .append("createdAt", Date.from(now)));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      return false;
    }
  }

  /** The stored key; empty when there is none (never claimed, released or expired). */
  public Optional<StoredKey> find(String owner, String key) {
    Document doc = keys.find(id(owner, key)).first();
    if (doc == null) {
      return Optional.empty();
    }
    Answer answer =
        "DONE".equals(doc.getString("state"))
            ? new Answer(
                doc.getInteger("status"),
                doc.getString("contentType"),
                doc.getString("body"),
                doc.getString("location"),
                doc.getString("etag"))
            : null;
    return Optional.of(new StoredKey(doc.getString("fingerprint"), answer));
  }

  /** Stores the response of a claimed key: later claims of it replay {@code answer}. */
  public void complete(String owner, String key, Answer answer) {
    keys.updateOne(
        id(owner, key),
        Updates.combine(
            Updates.set("state", "DONE"),
            Updates.set("status", answer.status()),
            Updates.set("contentType", answer.contentType()),
            Updates.set("body", answer.body()),
            Updates.set("location", answer.location()),
            Updates.set("etag", answer.etag())));
  }

  /** Gives up a claim still in progress (its request failed without answering), so a retry may. */
  public void release(String owner, String key) {
    keys.deleteOne(Filters.and(id(owner, key), Filters.eq("state", "IN_PROGRESS")));
  }

  /** Deletes the keys claimed more than {@code ttl} before {@code now}; returns how many. */
  public long deleteExpired(Instant now) {
    return keys.deleteMany(Filters.lt("createdAt", Date.from(now.minus(ttl)))).getDeletedCount();
  }

  private static Bson id(String owner, String key) {
    return Filters.and(Filters.eq("owner", owner), Filters.eq("key", key));
  }
}
