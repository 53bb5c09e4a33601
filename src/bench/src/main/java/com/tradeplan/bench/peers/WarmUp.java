package com.tradeplan.bench.peers;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The untimed warm-up of a cycle or storm trial, run in its trial set-up: at least {@code atLeast}
 * rounds (so that every user the timed rounds visit has been through a whole cycle before), then
 * more until {@code wanted} rounds ran or the thread spent {@link #CPU_BUDGET_NANOS} of CPU time,
 * whichever comes first (an implementation that takes seconds a round, such as Drools without the
 * gate at 100k plans, stops early rather than run for hours). JMH's own warm-up iterations still
 * follow; this one is counted in rounds, not in wall-clock seconds, so a loaded machine does not
 * shorten it.
 */
final class WarmUp {
  /** Cycles a trial warms up with: enough for the JIT to compile the decision's code. */
  static final int CYCLES = 10_000;

  static final long CPU_BUDGET_NANOS = 10_000_000_000L;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private WarmUp() {}

  /** Runs {@code round} at least {@code atLeast} times and at most {@code wanted} times. */
  static void run(int atLeast, int wanted, Runnable round) {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int r = 0; r < Math.max(atLeast, wanted); r++) {
      if (r >= atLeast && THREADS.getCurrentThreadCpuTime() - start > CPU_BUDGET_NANOS) {
        return;
      }
      round.run();
    }
  }
}
