package com.tradeplan.bench;

import com.tradeplan.bench.peers.TrialRecord;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.ResultJson;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.SimulationRun;
import com.tradeplan.simulator.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Issue 19: the analyst's simulator, one thread (one core), over {@link SimulationWorkload}: one
 * invocation is one whole run, plans activated included, of {@code ticks} ticks already in memory
 * (parsing is measured apart, by the 10-million-row file run of docs/benchmarks.md). After each
 * iteration it prints ticks per second and fails the run when the result is not the first
 * iteration's (a faster run that decided otherwise is not a result) or when no plan entered (a
 * workload that exercises nothing measures nothing).
 */
@State(Scope.Benchmark)
public class SimulationBenchmark {
  @Param({"1", "100", "10000"})
  public int plans;

  @Param({"200000"})
  public int ticks;

  private RuleSet rules;
  private List<PlanDraft> drafts;
  private List<IndexedTick> tape;
  private String firstResult;
  private SimulationRun last;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private long lastNanos;
  private long lastCpuNanos;

  @Setup(Level.Trial)
  public void workload() {
    rules = RuleSet.fromClasspath();
    SimulationWorkload w = new SimulationWorkload(plans, 20_261_205L);
    drafts = w.drafts();
    tape = new ArrayList<>(ticks);
    w.ticks(ticks).forEachRemaining(tape::add);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public SimulationRun simulate() {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    last = new Simulator(rules, SimulationOptions.DEFAULT).run(drafts, tape.iterator());
    lastNanos = System.nanoTime() - start;
    lastCpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
    return last;
  }

  /**
   * Checks the run, prints it and records its wall and CPU time in {@code trials.jsonl}: on a
   * shared machine the CPU time of the one thread is the figure that does not depend on the load.
   */
  @TearDown(Level.Iteration)
  public void check(IterationParams iteration) {
    String result = ResultJson.write(last.result());
    if (firstResult == null) {
      firstResult = result;
    } else if (!firstResult.equals(result)) {
      throw new IllegalStateException("this run's result differs from the first run's");
    }
    if (!result.contains("\"role\":\"ENTRY\"")) {
      throw new IllegalStateException("no plan entered: the workload exercises nothing");
    }
    System.out.printf(
        "%nsimulation: %,d plans, %,d ticks in %.3f s = %,.0f ticks/s; CPU %.3f s = %,.0f ticks per"
            + " CPU-second (one thread)%n",
        plans,
        ticks,
        lastNanos / 1e9,
        ticks * 1e9 / lastNanos,
        lastCpuNanos / 1e9,
        ticks * 1e9 / lastCpuNanos);
    if (iteration.getType() == IterationType.MEASUREMENT) {
      new TrialRecord("simulation", plans)
          .put("ticks", ticks)
          .put("wallNanos", lastNanos)
          .put("cpuNanos", lastCpuNanos)
          .write();
    }
  }
}
