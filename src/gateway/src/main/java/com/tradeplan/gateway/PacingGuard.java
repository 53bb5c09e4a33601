package com.tradeplan.gateway;

import com.tradeplan.broker.tws.TokenBucket;

/**
 * IB's inbound pacing as the gateway enforces it: a bucket of {@code rate} tokens refilled at
 * {@code rate}/s; a message without a token is refused with error 100, and more than {@code
 * disconnectAfter} refusals within one second disconnect the client. Used by one reader thread.
 */
final class PacingGuard {
  private final int rate;
  private final int disconnectAfter;
  private final TokenBucket bucket;
  private long windowStartNanos = System.nanoTime();
  private int windowCount;
  private int lastSecondCount;
  private int windowExcess;

  PacingGuard(int rate, int disconnectAfter) {
    this.rate = rate;
    this.disconnectAfter = disconnectAfter;
    this.bucket = new TokenBucket(rate, rate);
  }

  boolean admit() {
    long now = System.nanoTime();
    if (now - windowStartNanos >= 1_000_000_000L) {
      lastSecondCount = windowCount;
      windowStartNanos = now;
      windowCount = 0;
      windowExcess = 0;
    }
    windowCount++;
    if (bucket.tryAcquire()) {
      return true;
    }
    windowExcess++;
    return false;
  }

  boolean sustained() {
    return windowExcess > disconnectAfter;
  }

  int rate() {
    return rate;
  }

  int lastSecondCount() {
    return Math.max(lastSecondCount, windowCount);
  }
}
