package com.tradeplan.server.security;

import com.tradeplan.store.SessionRepository;
import com.tradeplan.store.SessionRepository.StoredSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login sessions: an opaque random bearer token per login. Only the token's SHA-256 is stored
 * ({@link SessionRepository}: a copy of the {@code sessions} collection does not let anyone log
 * in), with the user, the roles at login and an expiry. A token is 256 random bits, so a fast hash
 * is enough (no salt needed: there is nothing to guess).
 *
 * <p>Whoever holds a connection opened with a token (the live WebSocket) registers an {@link
 * EndListener}: it is told when a session of this process ends by logout, or every session of a
 * user ends (disabled, password reset). Sessions ended by another cluster member, and expiries, are
 * found by {@link #stillValid}. A listener is called on the request thread and must not throw.
 */
public final class SessionStore {
  private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

  private final SessionRepository sessions;
  private final Duration ttl;
  private final Clock clock;
  private final List<EndListener> listeners = new CopyOnWriteArrayList<>();

  public SessionStore(SessionRepository sessions, Duration ttl, Clock clock) {
    this.sessions = sessions;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * A session as a request sees it.
   *
   * @param tokenHash the stored key of the session (never the token)
   */
  public record Session(String username, Set<Role> roles, Instant expiresAt, String tokenHash) {}

  /** A freshly issued token: the only time the raw token exists on the server. */
  public record Issued(String token, Instant expiresAt) {}

  /** Told when sessions end here; see the class comment. */
  public interface EndListener {
    /** The session stored under {@code tokenHash} ended (logout). */
    void sessionEnded(String tokenHash);

    /** Every session of {@code username} ended (disabled, password reset). */
    void userSessionsEnded(String username);
  }

  public void addEndListener(EndListener listener) {
    listeners.add(listener);
  }

  public Issued open(String username, Set<Role> roles) {
    String token = SecretGenerator.token();
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    sessions.insert(
        new StoredSession(
            hash(token), username, roles.stream().map(Role::name).sorted().toList(), now, expires));
    return new Issued(token, expires);
  }

  /** The session of a token that exists and has not expired. */
  public Optional<Session> find(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    String hash = hash(token);
    Optional<StoredSession> stored = sessions.find(hash);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Instant expires = stored.get().expiresAt();
    if (!expires.isAfter(clock.instant())) {
      return Optional.empty();
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : stored.get().roles()) {
      roles.add(Role.valueOf(r));
    }
    return Optional.of(new Session(stored.get().username(), roles, expires, hash));
  }

  /**
   * Of the sessions {@code tokenHashes}, those not ended (one store query); whether they expired is
   * {@link #expired}'s.
   */
  public Set<String> stillValid(Collection<String> tokenHashes) {
    return sessions.stored(tokenHashes);
  }

  /** Whether a session that expires at {@code expiresAt} has expired now. */
  public boolean expired(Instant expiresAt) {
    return !expiresAt.isAfter(clock.instant());
  }

  /** Logout: the token stops working at once, here and for its live connections. */
  public void close(String token) {
    String hash = hash(token);
    sessions.delete(hash);
    for (EndListener l : listeners) {
      try {
        l.sessionEnded(hash);
      } catch (RuntimeException e) {
        LOG.warn("a session listener failed: {}", e.toString());
      }
    }
  }

  /** Ends every session of {@code username} (disabled, password reset); returns how many. */
  public long closeAll(String username) {
    long n = sessions.deleteByUsername(username);
    for (EndListener l : listeners) {
      try {
        l.userSessionsEnded(username);
      } catch (RuntimeException e) {
        LOG.warn("a session listener failed: {}", e.toString());
      }
    }
    return n;
  }

  /** Deletes expired sessions; returns how many. */
  public long purgeExpired() {
    return sessions.deleteExpired(clock.instant());
  }

  static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
