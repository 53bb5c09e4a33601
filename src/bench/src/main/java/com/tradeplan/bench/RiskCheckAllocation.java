package com.tradeplan.bench;

import com.tradeplan.bench.peers.TrialRecord;
import java.lang.management.ManagementFactory;

/**
 * The bytes {@link RiskCheckBenchmark}'s operation allocates once the JIT has settled, counted by
 * the JVM for this thread ({@code getThreadAllocatedBytes}) over rounds of operations after a
 * warm-up: a figure the machine's load does not move, unlike the benchmark's times (JMH's {@code
 * -prof gc} also counts its early iterations). Arguments: warm-up operations, rounds, operations
 * per round (default 300000 4 100000). Prints one line per round and, when the system property
 * {@code tradeplan.bench.results} names a run's folder ({@code ./tradeplan bench risk}), records
 * each round in its {@code trials.jsonl} (workload {@code riskAllocation}). Results in
 * docs/benchmarks.md, "The risk check".
 */
public final class RiskCheckAllocation {
  private RiskCheckAllocation() {}

  public static void main(String[] args) {
    int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    RiskCheckBenchmark.Gate gate = new RiskCheckBenchmark.Gate();
    gate.setUp();
    RiskCheckBenchmark benchmark = new RiskCheckBenchmark();
    for (int i = 0; i < warmUp; i++) {
      benchmark.entryCheckedAndReleased(gate);
    }
    for (int r = 0; r < rounds; r++) {
      long bytes = threads.getThreadAllocatedBytes(tid);
      long cpuNanos = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < perRound; i++) {
        benchmark.entryCheckedAndReleased(gate);
      }
      bytes = threads.getThreadAllocatedBytes(tid) - bytes;
      cpuNanos = threads.getCurrentThreadCpuTime() - cpuNanos;
      System.out.printf(
          "round %d: %.1f B per operation, thread CPU %.2f us per operation%n",
          r, bytes / (double) perRound, cpuNanos / 1000.0 / perRound);
      new TrialRecord(
              "riskAllocation", RiskCheckBenchmark.USERS * RiskCheckBenchmark.PLANS_PER_USER)
          .put("round", r + 1)
          .put("warmUpOperations", warmUp)
          .put("operations", perRound)
          .put("bytesPerOperation", bytes / (double) perRound)
          .put("cpuNanosPerOperation", cpuNanos / (double) perRound)
          .write();
    }
  }
}
