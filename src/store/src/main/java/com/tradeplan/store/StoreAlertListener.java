package com.tradeplan.store;

import java.time.Duration;

/**
 * What the {@link TradeWriter} tells operators about (wire it to the alerting/metrics of the
 * server). Every callback runs on a writer thread or on the submitting thread as stated; it must
 * return quickly, and a throw is logged and otherwise ignored (an alert must never stop the
 * writes).
 */
public interface StoreAlertListener {
  /**
   * A plan's write failed {@code attempts} times in a row (MongoDB down, timing out, refusing).
   * Fires on the writer thread at the configured threshold and again at every multiple of it; the
   * writer keeps retrying with capped backoff and never drops the write.
   */
  default void cannotDrain(String planId, int attempts, Throwable lastError) {}

  /** The writes of a plan succeeded again after {@link #cannotDrain} fired for it. */
  default void drained(String planId, int attempts) {}

  /**
   * The queue stayed full for {@code waited}: {@link TradeWriter#submit} refused the write and
   * returned false to the submitting thread (on which this fires). The caller still holds the
   * write; it must stop sending orders until the queue drains.
   */
  default void queueFull(int depth, Duration waited) {}

  /**
   * The stored document of a plan is not at the version this writer last wrote: another writer (a
   * second owner of the plan) changed it. Nothing was overwritten; the writer stops writing this
   * plan's snapshots until {@link TradeWriter#adopt} says which stored version to build on. Fires
   * on the writer thread.
   */
  default void conflict(String planId, long attemptedVersion, long storedVersion) {}

  /**
   * A write that can never succeed (a value the store refuses to round, such as a decimal of more
   * than 34 digits): it was skipped so that the plans behind it are not blocked forever. Fires on
   * the writer thread.
   */
  default void writeRefused(String planId, Throwable error) {}

  /** A listener that only logs through the writer's own logging. */
  StoreAlertListener NONE = new StoreAlertListener() {};
}
