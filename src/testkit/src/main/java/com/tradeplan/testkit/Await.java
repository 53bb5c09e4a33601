package com.tradeplan.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline: polls it, never sleeps a fixed time. A condition that does
 * not hold in time throws an {@link AssertionError} naming what was awaited, so the test fails with
 * the reason rather than hanging. The condition runs on the waiting thread; a throw from it ends
 * the wait with that throw.
 */
public final class Await {
  /** How often a condition is asked when the caller does not say. */
  public static final Duration POLL = Duration.ofMillis(10);

  private Await() {}

  /** Waits until {@code condition} holds, asking every {@link #POLL}. */
  public static void until(Duration deadline, BooleanSupplier condition, Supplier<String> what) {
    until(deadline, POLL, condition, what);
  }

  /** Waits until {@code condition} holds, asking every {@code poll}. */
  public static void until(
      Duration deadline, Duration poll, BooleanSupplier condition, Supplier<String> what) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + deadline + ": " + what.get());
      }
      LockSupport.parkNanos(poll.toNanos());
    }
  }

  /** Waits until {@code condition} holds; {@code what} is fixed text. */
  public static void until(Duration deadline, String what, BooleanSupplier condition) {
    until(deadline, POLL, condition, () -> what);
  }

  /**
   * Waits until {@code probe} answers something other than null, and returns it: for a wait whose
   * result the test goes on with (the line a process printed, the order that arrived).
   */
  public static <T> T value(Duration deadline, Supplier<T> probe, Supplier<String> what) {
    Object[] found = new Object[1];
    until(
        deadline,
        () -> {
          found[0] = probe.get();
          return found[0] != null;
        },
        what);
    @SuppressWarnings("unchecked")
    T value = (T) found[0];
    return value;
  }
}
