package com.tradeplan.server.security;

import com.tradeplan.store.SessionRepository;
import com.tradeplan.store.SessionRepository.StoredSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Login sessions: an opaque random bearer token per login. Only the token's SHA-256 is stored
 * ({@link SessionRepository}: a copy of the {@code sessions} collection does not let anyone log
 * in), with the user, the roles at login and an expiry. A token is 256 random bits, so a fast hash
 * is enough (no salt needed: there is nothing to guess).
 */
public final class SessionStore {
  private final SessionRepository sessions;
  private final Duration ttl;
  private final Clock clock;

  public SessionStore(SessionRepository sessions, Duration ttl, Clock clock) {
    this.sessions = sessions;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A session as a request sees it. */
  public record Session(String username, Set<Role> roles, Instant expiresAt) {}

  /** A freshly issued token: the only time the raw token exists on the server. */
  public record Issued(String token, Instant expiresAt) {}

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
    Optional<StoredSession> stored = sessions.find(hash(token));
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
    return Optional.of(new Session(stored.get().username(), roles, expires));
  }

  public void close(String token) {
    sessions.delete(hash(token));
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
