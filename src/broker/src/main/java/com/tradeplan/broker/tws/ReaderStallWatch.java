package com.tradeplan.broker.tws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Whether the reader of an {@link EClientSocket} is stuck in one callback: the reader's own
 * dead-link checks run between callbacks, so a callback that never returns (a lock never released,
 * a deadlock) stops every price, status and fill of the connection and no check of the reader sees
 * it. The heartbeat thread asks this at each wake instead.
 *
 * <p>Time is the heartbeat thread's running time ({@link RunningClock}, ticked by {@link #check}):
 * a pause of the whole JVM (a long collection, SIGSTOP) stops the callback and its watcher alike
 * and is no stall. A stall is reported once ({@link #check} answers it); the callback's return
 * answers {@link #exit} with how long it took, once, if it was reported.
 *
 * <p>Threads: {@link #enter} and {@link #exit} on the reader thread, {@link #check} on the
 * heartbeat thread.
 */
final class ReaderStallWatch {
  private static final long NOT_IN_CALLBACK = Long.MIN_VALUE;

  private final RunningClock clock;
  private final Duration bound;
  private volatile long callbackSinceNanos = NOT_IN_CALLBACK;
  private final AtomicBoolean reported = new AtomicBoolean();

  /**
   * @param nanoTime a monotonic clock
   * @param checkInterval how often {@link #check} runs (gaps up to twice it count in full)
   * @param bound how long one callback may take before it is a stall
   */
  ReaderStallWatch(LongSupplier nanoTime, Duration checkInterval, Duration bound) {
    this.clock = new RunningClock(nanoTime, checkInterval.toNanos() * 2L);
    this.bound = bound;
  }

  /** The reader enters a callback. */
  void enter() {
    callbackSinceNanos = clock.now();
  }

  /**
   * The reader is back from its callback: null, or, when that callback's stall was reported, how
   * long it took.
   */
  String exit() {
    long since = callbackSinceNanos;
    callbackSinceNanos = NOT_IN_CALLBACK;
    if (!reported.getAndSet(false)) {
      return null;
    }
    return "the IB reader is back after "
        + TimeUnit.NANOSECONDS.toMillis(clock.now() - since)
        + " ms in one callback";
  }

  /**
   * The heartbeat thread's look: null, or, once per stall, why the reader counts as stalled and
   * where {@code reader} is (its top frames).
   */
  String check(Thread reader) {
    long now = clock.tick();
    long since = callbackSinceNanos;
    if (since == NOT_IN_CALLBACK
        || now - since <= bound.toNanos()
        || !reported.compareAndSet(false, true)) {
      return null;
    }
    StringBuilder where = new StringBuilder();
    if (reader != null) {
      StackTraceElement[] frames = reader.getStackTrace();
      for (int i = 0; i < Math.min(8, frames.length); i++) {
        where.append(i == 0 ? "" : " < ").append(frames[i]);
      }
    }
    return "the IB reader thread "
        + (reader == null ? "" : reader.getName() + " ")
        + "has been in one callback for "
        + TimeUnit.NANOSECONDS.toMillis(now - since)
        + " ms (bound "
        + bound.toMillis()
        + " ms): nothing IB sends on this connection is processed; at "
        + where;
  }
}
