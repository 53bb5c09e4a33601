package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * The server's {@code sessions} collection: one document per login, keyed by a hash of its bearer
 * token (the server hashes; a raw token is never given to the store), with the user, the role names
 * at login and the expiry. Expired sessions stay until {@link #deleteExpired} removes them;
 * deciding that one has expired is the server's.
 *
 * <p>Must never: store a raw token.
 */
public final class SessionRepository {
  private final MongoCollection<Document> sessions;

  public SessionRepository(MongoConfig.MongoConnection connection) {
    this.sessions = connection.database().getCollection("sessions");
  }

  /**
   * A stored login session.
   *
   * @param tokenHash the hash of the bearer token, its key
   * @param roles role names at login, sorted
   * @param createdAt null when read from a document stored without it
   */
  public record StoredSession(
      String tokenHash, String username, List<String> roles, Instant createdAt, Instant expiresAt) {
    public StoredSession {
      Objects.requireNonNull(tokenHash, "tokenHash");
      Objects.requireNonNull(expiresAt, "expiresAt");
      roles = List.copyOf(roles);
    }
  }

  public void insert(StoredSession session) {
    sessions.insertOne(
        new Document("_id", session.tokenHash())
            .append("username", session.username())
            .append("roles", session.roles())
            .append(
                "createdAt", session.createdAt() == null ? null : Date.from(session.createdAt()))
            .append("expiresAt", Date.from(session.expiresAt())));
  }

  /** The session stored under {@code tokenHash}, expired or not. */
  public Optional<StoredSession> find(String tokenHash) {
    Document doc = sessions.find(new Document("_id", tokenHash)).first();
    if (doc == null) {
      return Optional.empty();
    }
    Date created = doc.getDate("createdAt");
    return Optional.of(
        new StoredSession(
            tokenHash,
            doc.getString("username"),
            doc.getList("roles", String.class, List.of()),
            created == null ? null : created.toInstant(),
            doc.getDate("expiresAt").toInstant()));
  }

  public void delete(String tokenHash) {
    sessions.deleteOne(new Document("_id", tokenHash));
  }

  /** Of {@code tokenHashes}, those still stored (expired or not): one query for many sessions. */
  public Set<String> stored(Collection<String> tokenHashes) {
    Set<String> found = new HashSet<>();
    if (tokenHashes.isEmpty()) {
      return found;
    }
    sessions
        .find(Filters.in("_id", tokenHashes))
        .projection(new Document("_id", 1))
        .forEach(d -> found.add(d.getString("_id")));
    return found;
  }

  /** Deletes every session of {@code username} (disabled, or its password reset); how many. */
  public long deleteByUsername(String username) {
    return sessions.deleteMany(Filters.eq("username", username)).getDeletedCount();
  }

  /** Deletes the sessions that expire at or before {@code now}; returns how many. */
  public long deleteExpired(Instant now) {
    return sessions.deleteMany(Filters.lte("expiresAt", Date.from(now))).getDeletedCount();
  }
}
