package com.tradeplan.broker.tws;

import java.util.function.LongSupplier;

/**
 * The time the reader of an {@link EClientSocket} was actually running, which is what the dead-link
 * bound measures IB's silence in: a pause of this JVM (a long garbage collection, SIGSTOP, a
 * machine starved of CPU) is not IB's silence.
 *
 * <p>How: the reader comes back from the socket at least every {@link Liveness#checkMillis} (its
 * read times out) and {@link #tick}s. A gap between two ticks of at most {@code creditMaxNanos} is
 * running time; a longer one is the process (or the reader) not being scheduled, and only {@code
 * creditMaxNanos} of it counts. So a link is declared dead only after the bound of silence measured
 * while the reader was running: a 10 s pause of a healthy link whose heartbeat thread stood still
 * too (so IB had nothing to answer) no longer resets it, nor discards what IB sent meanwhile.
 *
 * <p>Why this and not the alternatives: a separate pause-detector thread races the reader after a
 * pause (the reader may wake and judge before the detector has measured its overshoot), while the
 * reader measuring its own gaps cannot race itself and needs no thread; a probe (reqCurrentTime,
 * then wait for the answer) sent once the bound is passed would add its wait to every real dead
 * link, and a pause during the probe's wait is the same problem again. The cost: a link that truly
 * dies while the process is starved is declared dead later (by at least {@code creditMaxNanos} of
 * running time per tick, so always in the end), and a dead link is never declared during a pause,
 * which is when nothing could be done about it anyway.
 *
 * <p>Threads: {@link #tick} by the reader only; {@link #now} and {@link #notRunningNanos} from any
 * thread (a writer notes when its write began in this clock).
 */
final class RunningClock {
  private final LongSupplier nanoTime;
  private final long creditMaxNanos;

  /**
   * The last tick: its raw time and the running time it gave, published together in one volatile
   * write so that {@link #now} from another thread never pairs one tick's raw time with another's
   * running time (which would make the answer go back by up to the credit).
   */
  private volatile Mark last;

  private volatile long notRunningNanos;

  private record Mark(long rawNanos, long runningNanos) {}

  /**
   * @param nanoTime a monotonic clock ({@code System::nanoTime}; a test's own)
   * @param creditMaxNanos the longest gap between two ticks counted in full
   */
  RunningClock(LongSupplier nanoTime, long creditMaxNanos) {
    if (creditMaxNanos <= 0) {
      throw new IllegalArgumentException("creditMaxNanos must be positive: " + creditMaxNanos);
    }
    this.nanoTime = nanoTime;
    this.creditMaxNanos = creditMaxNanos;
    this.last = new Mark(nanoTime.getAsLong(), 0);
  }

  /**
   * The reader is back (a frame, the end of a callback, a read that timed out): the time since the
   * last tick counts, up to {@code creditMaxNanos}. Returns the running time now.
   */
  long tick() {
    long now = nanoTime.getAsLong();
    Mark before = last;
    long gap = Math.max(0, now - before.rawNanos());
    long counted = Math.min(gap, creditMaxNanos);
    notRunningNanos += gap - counted;
    long running = before.runningNanos() + counted;
    last = new Mark(Math.max(now, before.rawNanos()), running);
    return running;
  }

  /**
   * The running time now, from any thread: that of the last tick plus the time since, up to {@code
   * creditMaxNanos}. Never earlier than an answer this thread had before: the tick's mark is read
   * whole, and a later mark's running time includes at least the credit-capped time since the
   * earlier one.
   */
  long now() {
    Mark m = last;
    return m.runningNanos()
        + Math.min(Math.max(0, nanoTime.getAsLong() - m.rawNanos()), creditMaxNanos);
  }

  /** How much time between ticks was not counted (the process was not running), in total. */
  long notRunningNanos() {
    return notRunningNanos;
  }
}
