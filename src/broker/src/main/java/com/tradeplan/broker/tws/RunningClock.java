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

  /** The raw time of the last tick; written by the reader only, after {@link #runningNanos}. */
  private volatile long lastNanos;

  private volatile long runningNanos;
  private volatile long notRunningNanos;

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
    this.lastNanos = nanoTime.getAsLong();
  }

  /**
   * The reader is back (a frame, the end of a callback, a read that timed out): the time since the
   * last tick counts, up to {@code creditMaxNanos}. Returns the running time now.
   */
  long tick() {
    long now = nanoTime.getAsLong();
    long gap = Math.max(0, now - lastNanos);
    lastNanos = now;
    long counted = Math.min(gap, creditMaxNanos);
    notRunningNanos += gap - counted;
    long running = runningNanos + counted;
    runningNanos = running; // before lastNanos: see now()
    lastNanos = now;
    return running;
  }

  /**
   * The running time now, from any thread: that of the last tick plus the time since, up to {@code
   * creditMaxNanos}. {@code lastNanos} is read before {@code runningNanos} and written after it, so
   * a tick in between can only make the answer later (a write then counts as begun later), never
   * earlier.
   */
  long now() {
    long last = lastNanos;
    long running = runningNanos;
    return running + Math.min(Math.max(0, nanoTime.getAsLong() - last), creditMaxNanos);
  }

  /** How much time between ticks was not counted (the process was not running), in total. */
  long notRunningNanos() {
    return notRunningNanos;
  }
}
