package com.tradeplan.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The writes a write-behind queue took and has not finished (written, or given up), and the waits
 * for them: the one home of "flush" for the {@link TradeWriter} and the charts' history queue.
 *
 * <p>A writer calls {@link #began} when it takes a write and {@link #ended} when the write is done
 * with, whatever its outcome; a flush waits in {@link #awaitNone} (everything taken so far) or
 * {@link #awaitUntil} (a condition of the writer's own, such as "these plans are idle"). An end
 * wakes the waiters only when there are some, so a writer that nobody flushes never takes the
 * monitor.
 *
 * <p>Thread-safe. Bounded: nothing is kept but the count; a wait is bounded by its timeout.
 */
public final class OutstandingWrites {
  /** The longest a condition's wait sleeps before it checks again, whatever woke it or not. */
  private static final long RECHECK_NANOS_MAX = TimeUnit.MILLISECONDS.toNanos(5);

  private final AtomicLong count = new AtomicLong();
  private final Object ended = new Object();
  private volatile int waiters;

  /** A write taken (or about to be): counted until its {@link #ended}. */
  public void began() {
    count.incrementAndGet();
  }

  /** {@code writes} taken earlier are done with (written, given up or refused); wakes the waits. */
  public void ended(int writes) {
    long left = count.addAndGet(-writes);
    if (left < 0) {
      throw new IllegalStateException("more writes ended than began: " + left);
    }
    // The count changed before waiters is read, and a waiter counts itself before it reads the
    // count: one of the two sees the other, so no wait misses the end that let it go.
    if (waiters > 0) {
      synchronized (ended) {
        ended.notifyAll();
      }
    }
  }

  /** Writes taken and not yet ended. */
  public long count() {
    return count.get();
  }

  /**
   * Waits until every write taken so far has ended.
   *
   * @return true when none was outstanding within {@code timeout}; false after it, or when the
   *     waiting thread was interrupted (its interrupt flag set again)
   */
  public boolean awaitNone(Duration timeout) {
    return await(() -> count.get() == 0, timeout, Long.MAX_VALUE);
  }

  /**
   * Waits until {@code condition} holds: checked now, after each {@link #ended} and at least every
   * 5 ms (for a condition that turns true without an end). Called on the waiting thread.
   *
   * @return true when it held within {@code timeout}; false after it, or when the waiting thread
   *     was interrupted (its interrupt flag set again)
   */
  public boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
    return await(condition, timeout, RECHECK_NANOS_MAX);
  }

  private boolean await(BooleanSupplier condition, Duration timeout, long recheckNanos) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (ended) {
      waiters++;
      try {
        while (!condition.getAsBoolean()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(ended, Math.min(left, recheckNanos));
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        waiters--;
      }
    }
  }
}
