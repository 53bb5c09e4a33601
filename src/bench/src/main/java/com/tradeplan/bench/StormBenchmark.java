package com.tradeplan.bench;

import com.tradeplan.bench.peers.TrialRecord;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.SimulationRun;
import com.tradeplan.simulator.Simulator;
import com.tradeplan.simulator.storm.LaneReplay;
import com.tradeplan.simulator.storm.LaneReplay.Exit;
import com.tradeplan.simulator.storm.StormMarket;
import com.tradeplan.simulator.storm.StormScenario;
import java.util.Map;
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
 * Issue 20, point 2: the storm replay of {@code StormReplayTest} (a million ticks over 4 symbols,
 * 200 plans, a spike per symbol through targets and back), pushed by one thread through 2 lanes as
 * fast as it can push, as IB's reader would in a storm. One invocation is one whole replay (JMH's
 * single-shot time includes activating and entering the plans); after each, the benchmark prints
 * the storm's own figures: ticks per second from the first storm tick pushed until every lane had
 * run everything, and the worst delay from the tick at which the simulator sends an exit (the
 * crossing) being pushed to that exit reaching the broker port, and records them per replay
 * (warm-up ones included, marked) in the run's {@code trials.jsonl} ({@link TrialRecord}, workload
 * {@code storm}), from which {@code ./tradeplan bench storms} regenerates docs/benchmarks.md's
 * "Tick storms" chapter.
 *
 * <p>An invocation whose exits differ from the simulator's, that coalesced nothing, or that raised
 * an alert fails the run: a fast replay that missed a crossing is not a result.
 */
@State(Scope.Benchmark)
public class StormBenchmark {
  @Param({"1000000"})
  public int stormTicks;

  @Param({"2"})
  public int lanes;

  private RuleSet rules;
  private StormScenario storm;
  private Map<Exit, Long> expected;
  private LaneReplay.Result last;
  private int warmUps;
  private int measured;

  @Setup(Level.Trial)
  public void simulate() {
    rules = RuleSet.fromClasspath();
    storm = new StormScenario(4, 50, 40, stormTicks, 20_261_204L);
    SimulationRun sim =
        new Simulator(rules, SimulationOptions.DEFAULT, new StormMarket(), i -> false)
            .run(storm.plans(), storm.ticks());
    expected = Exit.sentBy(sim.result());
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public LaneReplay.Result stormThroughTheLanes() {
    last = LaneReplay.run(rules, storm, lanes, 600);
    return last;
  }

  /**
   * Checks the replay against the simulator, prints its ticks/s and worst crossing delay and
   * records them in {@code trials.jsonl}.
   */
  @TearDown(Level.Iteration)
  public void report(IterationParams iteration) {
    if (!last.exits().keySet().equals(expected.keySet())) {
      throw new IllegalStateException("the lanes' exits differ from the simulator's");
    }
    if (last.ticksCoalesced() == 0 || !last.alerts().isEmpty()) {
      throw new IllegalStateException(
          "coalesced " + last.ticksCoalesced() + " ticks, alerts " + last.alerts());
    }
    long worstNanos = 0;
    for (Map.Entry<Exit, Long> e : expected.entrySet()) {
      long crossingPushed = last.pushedAtNanos()[Math.toIntExact(e.getValue())];
      worstNanos = Math.max(worstNanos, last.exits().get(e.getKey()) - crossingPushed);
    }
    System.out.printf(
        "%nstorm: %,d ticks in %.3f s = %,.0f ticks/s; %,d of the %,d handed to %d lanes folded;"
            + " %d exits, worst delay from the crossing tick pushed to its exit order %.3f ms%n",
        last.stormTicks(),
        last.stormNanos() / 1e9,
        last.stormTicks() * 1e9 / last.stormNanos(),
        last.ticksCoalesced(),
        last.stormTicks() * lanes,
        lanes,
        expected.size(),
        worstNanos / 1e6);
    boolean warmUp = iteration.getType() == IterationType.WARMUP;
    new TrialRecord("storm", storm.plans().size())
        .put("replay", warmUp ? "warm-up " + ++warmUps : Integer.toString(++measured))
        .put("warmUp", warmUp)
        .put("lanes", lanes)
        .put("stormTicks", last.stormTicks())
        .put("stormNanos", last.stormNanos())
        .put("ticksPerSecond", last.stormTicks() * 1e9 / last.stormNanos())
        .put("ticksFolded", last.ticksCoalesced())
        .put("ticksHanded", (long) last.stormTicks() * lanes)
        .put("exits", expected.size())
        .put("worstDelayNanos", worstNanos)
        .write();
  }
}
