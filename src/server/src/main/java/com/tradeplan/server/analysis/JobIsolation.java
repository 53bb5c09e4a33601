package com.tradeplan.server.analysis;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an analysis job runs ({@code tradeplan.analysis.isolation}, env {@code
 * TRADEPLAN_ANALYSIS_ISOLATION}; docs/simulator.md "Jobs", docs/operations.md "Analysis jobs"):
 *
 * <ul>
 *   <li>{@code process} (the server's default): each job in a JVM of its own ({@link
 *       ChildJvmJobRunner}), so its allocation, its collector and its heap are not the trading
 *       lanes'; the measured reason is docs/benchmarks.md "Do analysis jobs slow a trading lane?".
 *   <li>{@code thread}: on the analysis worker's own thread in the server's JVM (as before issue
 *       19's follow-up; the tests that are not about isolation use it to stay fast).
 * </ul>
 *
 * @param mode process or thread
 * @param heapMb a job JVM's {@code -Xmx} in MiB ({@code tradeplan.analysis.job-heap-mb}): its
 *     memory bound; past it the job fails naming the bound
 * @param niceness the OS priority a job JVM is lowered by ({@code tradeplan.analysis.job-nice}, 0
 *     to 19; 0 runs it at the server's); without a {@code nice} command on the PATH it runs at the
 *     server's priority and the server logs so once
 * @param timeLimit the longest a job may run ({@code tradeplan.analysis.job-time-limit}); past it
 *     its JVM is stopped and the job fails naming the limit (process mode only: a thread cannot be
 *     stopped safely, a thread job stops on cancel only)
 * @param stopGrace how long a job JVM asked to stop (cancel, time limit) gets before it is killed
 */
public record JobIsolation(
    Mode mode, int heapMb, int niceness, Duration timeLimit, Duration stopGrace) {
  /** The default memory bound of a job JVM, MiB: a 10-million-row file ran in 48 MiB. */
  public static final int HEAP_MB_DEFAULT = 512;

  /**
   * The smallest heap a setting may give a job JVM (the compiled rule base and a hundred plans need
   * more than 24 MiB: a job this small fails at once, as its bound says).
   */
  public static final int HEAP_MB_MIN = 16;

  /** Jobs on the worker threads of the server's JVM: what the existing job tests run. */
  public static final JobIsolation THREAD =
      new JobIsolation(
          Mode.THREAD, HEAP_MB_DEFAULT, 0, Duration.ofMinutes(30), Duration.ofSeconds(5));

  /**
   * Each job in a JVM of its own with the server's defaults (heap {@value #HEAP_MB_DEFAULT} MiB,
   * nice 10, 30 minutes, 5 s to stop): what the isolation tests run.
   */
  public static final JobIsolation PROCESS =
      new JobIsolation(
          Mode.PROCESS, HEAP_MB_DEFAULT, 10, Duration.ofMinutes(30), Duration.ofSeconds(5));

  /** Where a job runs. */
  public enum Mode {
    PROCESS,
    THREAD;

    /** Reads the setting's value ({@code process} or {@code thread}, any case). */
    public static Mode parse(String value) {
      String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "process" -> PROCESS;
        case "thread" -> THREAD;
        default ->
            throw new IllegalArgumentException(
                "tradeplan.analysis.isolation must be process or thread: '" + value + "'");
      };
    }
  }

  public JobIsolation {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(stopGrace, "stopGrace");
    if (heapMb < HEAP_MB_MIN) {
      throw new IllegalArgumentException(
          "tradeplan.analysis.job-heap-mb must be at least " + HEAP_MB_MIN + ": " + heapMb);
    }
    if (niceness < 0 || niceness > 19) {
      throw new IllegalArgumentException(
          "tradeplan.analysis.job-nice must be 0 to 19: " + niceness);
    }
    if (timeLimit.isNegative() || timeLimit.isZero() || stopGrace.isNegative()) {
      throw new IllegalArgumentException(
          "tradeplan.analysis.job-time-limit must be positive: " + timeLimit);
    }
  }

  /** A process-mode isolation with another heap and time limit (for tests of those bounds). */
  public JobIsolation withBounds(int heapMbOther, Duration timeLimitOther) {
    return new JobIsolation(mode, heapMbOther, niceness, timeLimitOther, stopGrace);
  }
}
