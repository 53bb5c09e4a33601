package com.tradeplan.server.plans;

import com.tradeplan.store.IdempotencyRepository;
import com.tradeplan.store.IdempotencyRepository.Answer;
import com.tradeplan.store.IdempotencyRepository.StoredKey;
import java.time.Clock;
import java.util.Optional;

/**
 * What an {@code Idempotency-Key} means for a request, over the store's {@code idempotency_keys}
 * collection ({@link IdempotencyRepository}): for each (owner, key) the request that claimed it (a
 * fingerprint of operation, plan and body) and, once answered, the response. The store makes the
 * claim atomic across threads and cluster members: two concurrent requests with one key cannot both
 * act. Keys older than the TTL are deleted (a TTL index where the store supports it, and {@link
 * #purgeExpired} on a schedule in any case).
 */
public final class IdempotencyStore {
  private final IdempotencyRepository keys;
  private final Clock clock;

  public IdempotencyStore(IdempotencyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
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
    if (keys.claim(owner, key, fingerprint, clock.instant())) {
      return new Claim.Fresh();
    }
    Optional<StoredKey> stored = keys.find(owner, key);
    if (stored.isEmpty()) {
      return claim(owner, key, fingerprint); // purged between the two calls: claim again
    }
    if (!fingerprint.equals(stored.get().fingerprint())) {
      return new Claim.Mismatch();
    }
    Answer answer = stored.get().answer();
    if (answer == null) {
      return new Claim.InProgress();
    }
    return new Claim.Replay(
        answer.status(), answer.contentType(), answer.body(), answer.location(), answer.etag());
  }

  public void complete(
      String owner,
      String key,
      int status,
      String contentType,
      String body,
      String location,
      String etag) {
    keys.complete(owner, key, new Answer(status, contentType, body, location, etag));
  }

  /** Gives the key up after a failure that did not answer (so that a retry may act). */
  public void release(String owner, String key) {
    keys.release(owner, key);
  }

  public long purgeExpired() {
    return keys.deleteExpired(clock.instant());
  }
}
