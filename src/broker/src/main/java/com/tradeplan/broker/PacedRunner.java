package com.tradeplan.broker;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job of the broker (the contract details' and the what-if checks' rounds) on one named
 * daemon thread: every {@code intervalMillis} after the end of the previous run, and once more as
 * soon as possible on {@link #runSoon}. Why a scheduled executor rather than a thread with {@code
 * Thread.sleep}: the pace is the executor's, a stop interrupts nothing half-written, and the bound
 * is visible: one thread, the periodic run, and at most one extra run queued (a {@link #runSoon}
 * while one is queued adds nothing).
 *
 * <p>A job that throws is logged and runs again at its next turn (a throw out of a periodic task
 * would otherwise cancel every later run). After {@link #stop} nothing runs any more and {@link
 * #runSoon} is ignored.
 */
final class PacedRunner {
  private static final Logger log = LoggerFactory.getLogger(PacedRunner.class);

  private final String name;
  private final long intervalMillis;
  private final Runnable job;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicBoolean extraRunQueued = new AtomicBoolean();

  PacedRunner(String name, long intervalMillis, Runnable job) {
    this.name = name;
    this.intervalMillis = intervalMillis;
    this.job = job;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /** Starts the periodic runs, the first at once. */
  void start() {
    executor.scheduleWithFixedDelay(this::runGuarded, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** One run as soon as the thread is free, besides the periodic ones; at most one is queued. */
  void runSoon() {
    if (!extraRunQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            extraRunQueued.set(false);
            runGuarded();
          });
    } catch (RejectedExecutionException stopped) {
      extraRunQueued.set(false);
    }
  }

  /** Stops the runs; a run under way is interrupted. */
  void stop() {
    executor.shutdownNow();
  }

  private void runGuarded() {
    try {
      job.run();
    } catch (RuntimeException e) {
      log.error("{}: run failed; next run in {} ms", name, intervalMillis, e);
    }
  }
}
