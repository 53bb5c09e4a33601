package com.tradeplan.server.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token-bucket rate limits per key (a user, a client address), in a bounded map: at most {@code
 * keysMax} buckets; the least recently used bucket is dropped beyond that (its key starts again
 * with a full bucket, which is what a key unseen for that long would have anyway).
 */
public final class TokenBuckets {
  private final long capacity;
  private final double refillPerNano;
  private final int keysMax;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    long lastNanos;
  }

  public TokenBuckets(long capacity, double refillPerSecond, int keysMax, LongSupplier nanoClock) {
    if (capacity < 1 || refillPerSecond <= 0 || keysMax < 1) {
      throw new IllegalArgumentException("capacity, rate and key bound must be positive");
    }
    this.capacity = capacity;
    this.refillPerNano = refillPerSecond / 1e9;
    this.keysMax = keysMax;
    this.nanoClock = nanoClock;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > TokenBuckets.this.keysMax;
          }
        };
  }

  public TokenBuckets(long capacity, double refillPerSecond, int keysMax) {
    this(capacity, refillPerSecond, keysMax, System::nanoTime);
  }

  /**
   * Takes one token for {@code key}. Returns 0 when allowed, otherwise the whole seconds (at least
   * 1) after which a token will be there: the {@code Retry-After} to answer.
   */
  public synchronized long tryTake(String key) {
    long now = nanoClock.getAsLong();
    Bucket b = buckets.get(key);
    if (b == null) {
      b = new Bucket();
      b.tokens = capacity;
      b.lastNanos = now;
      buckets.put(key, b);
    }
    b.tokens = Math.min(capacity, b.tokens + (now - b.lastNanos) * refillPerNano);
    b.lastNanos = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    double nanosToOne = (1 - b.tokens) / refillPerNano;
    return Math.max(1, (long) Math.ceil(nanosToOne / 1e9));
  }

  public synchronized int size() {
    return buckets.size();
  }
}
