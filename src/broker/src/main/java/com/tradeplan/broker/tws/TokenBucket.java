package com.tradeplan.broker.tws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket: {@code ratePerSecond} tokens refill continuously up to {@code capacity}. In any
 * window of t seconds at most {@code capacity + rate * t} tokens are taken, so a rate below IB's 50
 * msg/s with a small capacity never trips IB's pacing. Thread-safe.
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  public TokenBucket(int ratePerSecond, int capacity) {
    if (ratePerSecond <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("rate and capacity must be > 0");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastNanos = System.nanoTime();
  }

  private void refill(long now) {
    tokens = Math.min(capacity, tokens + (now - lastNanos) * ratePerNano);
    lastNanos = now;
  }

  /** Takes a token if one is there; never waits. */
  public synchronized boolean tryAcquire() {
    refill(System.nanoTime());
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Waits until a token is there and takes it. */
  public void acquire() throws InterruptedException {
    while (true) {
      long waitNanos;
      synchronized (this) {
        refill(System.nanoTime());
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        waitNanos = (long) Math.ceil((1 - tokens) / ratePerNano);
      }
      LockSupport.parkNanos(Math.max(waitNanos, TimeUnit.MICROSECONDS.toNanos(50)));
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for a pacing token");
      }
    }
  }
}
