package com.tradeplan.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this process did not run for a while (SIGSTOP, a long GC, starvation) or that the
 * wall clock stepped, and keeps the member from acting until the others' view of it has certainly
 * caught up.
 *
 * <p>Why a member must watch itself: while it stood still the others may have declared it dead and
 * taken its users over, and right after it runs again Hazelcast's own view is stale too. Hazelcast
 * resets every member's heartbeat timestamp after a wall-clock jump (which a pause looks like), so
 * its split-brain protection reports a quorum for a while, and the others may have removed this
 * member without it knowing yet. So a detected pause makes {@link #allowsActing} false at once; the
 * ownership thread then ({@link #handlePause}) sets a quarantine of the failure detection plus the
 * heartbeat tolerance, drops every user, and only then counts the pause as handled. By the end of
 * the quarantine this member is either confirmed, split off (no quorum) or merging.
 *
 * <p>Threads: the beat thread ({@code tradeplan-cluster-beat}) runs {@link #beat} every {@value
 * #BEAT_MILLIS} ms; the ownership thread runs {@link #handlePause}; {@link #allowsActing} and
 * {@link #notePause} may be called from any thread. A throw out of {@code beat} would end the beat
 * for good (a periodic task that throws is not run again); the beat would then go stale and {@link
 * #allowsActing} turn false after the heartbeat tolerance: fail closed. {@code beat} only logs, so
 * it does not throw.
 */
final class PauseDetector {
  static final long BEAT_MILLIS = 100;

  /**
   * A wall-clock step this large between two beats is handled like a pause. Well below the 2.5 s
   * (half the failure detection) at which Hazelcast resets its heartbeat timestamps.
   */
  static final long CLOCK_STEP_MILLIS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(PauseDetector.class);

  private final ClusterConfig config;
  private final String myAddress;
  private final ScheduledExecutorService beat;

  /** Asks the ownership thread to handle a pause; set once by {@link #start}. */
  private volatile Runnable onPause = () -> {};

  /**
   * Pauses detected by the beat thread; {@link #pausesHandled} is how many of them the ownership
   * thread has handled (quarantine set, every user dropped). While they differ nothing may act. A
   * counter, so that a second pause while the first is handled is not lost.
   */
  private final AtomicLong pausesDetected = new AtomicLong();

  private volatile long pausesHandled;
  private volatile long quarantineUntilNanos = System.nanoTime();
  private volatile long lastBeatNanos = System.nanoTime();

  /**
   * The wall clock as Hazelcast reads it; replaceable so a test can step it. Hazelcast detects
   * clock jumps with the wall clock, this member's pauses with {@link System#nanoTime()}.
   */
  volatile LongSupplier wallClock = System::currentTimeMillis;

  /** Beat thread only (and {@link #start}, before the beat runs). */
  private long lastBeatWallMillis = System.currentTimeMillis();

  PauseDetector(ClusterConfig config, String myAddress) {
    this.config = config;
    this.myAddress = myAddress;
    this.beat = Executors.newSingleThreadScheduledExecutor(r -> ClusterNode.thread(r, "beat"));
  }

  /** Starts the beat; {@code onPause} asks the ownership thread to run {@link #handlePause}. */
  void start(Runnable onPause) {
    this.onPause = onPause;
    lastBeatNanos = System.nanoTime();
    lastBeatWallMillis = wallClock.getAsLong();
    beat.scheduleAtFixedRate(this::beat, BEAT_MILLIS, BEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  void stop() {
    beat.shutdownNow();
  }

  /**
   * Detects that this process was paused: the others may have declared it dead and taken its users.
   * Flag first, then refresh the beat, so a lane thread never sees a fresh beat without the flag.
   */
  private void beat() {
    long now = System.nanoTime();
    long wall = wallClock.getAsLong();
    long gapMillis = TimeUnit.NANOSECONDS.toMillis(now - lastBeatNanos);
    long stepMillis = (wall - lastBeatWallMillis) - gapMillis;
    if (gapMillis > config.heartbeatToleranceMillis()) {
      LOG.error(
          "ALERT {}: this process did not run for {} ms; stopped sending for every user until"
              + " ownership is confirmed again",
          myAddress,
          gapMillis);
      notePause();
    } else if (Math.abs(stepMillis) >= CLOCK_STEP_MILLIS) {
      // Hazelcast treats a wall-clock jump of half the failure detection like a pause and resets
      // every member's heartbeat timestamp, so its split-brain protection reports a quorum for a
      // while even if this member is cut off. Treat a step like a pause: stop, quarantine.
      LOG.error(
          "ALERT {}: the wall clock stepped by {} ms; stopped sending for every user until"
              + " ownership is confirmed again",
          myAddress,
          stepMillis);
      notePause();
    }
    lastBeatWallMillis = wall;
    lastBeatNanos = now;
  }

  /**
   * A pause was detected: from now on {@link #allowsActing} is false until the ownership thread has
   * set the quarantine and dropped every user. The beat thread's entry point; a test calls it to
   * simulate a pause.
   */
  void notePause() {
    pausesDetected.incrementAndGet();
    onPause.run();
  }

  /**
   * Ownership thread: when a pause is not handled yet, sets the quarantine, runs {@code dropAll}
   * and only then counts the pause as handled. The order keeps {@link #allowsActing} false all
   * along: first the unhandled pause, then the quarantine answers no.
   */
  void handlePause(Runnable dropAll) {
    long pauses = pausesDetected.get();
    if (pauses == pausesHandled) {
      return;
    }
    quarantineUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quarantineMillis());
    dropAll.run();
    pausesHandled = pauses;
    LOG.error(
        "ALERT {}: quarantined for {} ms after a pause before taking any user again",
        myAddress,
        quarantineMillis());
  }

  /** Whether the quarantine after the last handled pause still runs. */
  boolean inQuarantine() {
    return System.nanoTime() - quarantineUntilNanos < 0;
  }

  /**
   * False from the moment a pause is noticed until its quarantine ended, and whenever the beat is
   * older than the heartbeat tolerance (this process may be standing still right now). Any thread.
   */
  boolean allowsActing() {
    if (pausesDetected.get() != pausesHandled || inQuarantine()) {
      return false;
    }
    long sinceBeat = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastBeatNanos);
    return sinceBeat <= config.heartbeatToleranceMillis();
  }

  /** When the quarantine after the last handled pause ends (System.nanoTime). */
  long quarantineUntilNanos() {
    return quarantineUntilNanos;
  }

  /** The others' failure detection plus the tolerance: by then they have certainly acted. */
  private long quarantineMillis() {
    return config.maxNoHeartbeatSeconds() * 1_000L + config.heartbeatToleranceMillis();
  }
}
