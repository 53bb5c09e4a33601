package com.tradeplan.simulator.storm;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.SimulationRun;
import com.tradeplan.simulator.Simulator;
import com.tradeplan.simulator.storm.LaneReplay.Exit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 20, point 2: a million-tick burst with a spike through targets and back on every symbol,
 * pushed through the production lanes as fast as one thread can push it, sends exactly the exits
 * (plan, role, target index, shares) the simulator sends for the same ticks, tick by tick, with the
 * same rules and plans: the targets the spike crosses, and the trailing and breakeven stops it
 * trips on its way back. Before, a lane that fell behind dropped ticks, and with them the spikes'
 * crossings. Both runs leave exits working, unfilled ({@link StormMarket}). 200 plans over 4
 * symbols and 40 users keep the run well under a minute on 2 cores (the simulator's pass over the
 * million ticks is most of it); the benchmark (docs/benchmarks.md) runs the same replay for its
 * speed.
 */
class StormReplayTest {
  private static final StormScenario STORM = new StormScenario(4, 50, 40, 1_000_000, 20_261_204L);
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  @Test
  @Timeout(300)
  void aMillionTickBurstThroughTheLanesSendsTheSimulatorsExits() {
    SimulationRun sim =
        new Simulator(rules, SimulationOptions.DEFAULT, new StormMarket(), i -> false)
            .run(STORM.plans(), STORM.ticks());
    assertThat(sim.alerts()).isEmpty();
    Map<Exit, Long> expected = LaneReplay.Exit.sentBy(sim.result());
    assertThat(expected.keySet())
        .as("the storm exercises targets, trailing and breakeven stops")
        .anyMatch(e -> e.role() == OrderRole.TARGET)
        .anyMatch(e -> e.role() == OrderRole.STOP);
    assertThat(expected.values())
        .as("every exit of the simulator is decided inside the storm")
        .allMatch(tick -> tick >= STORM.stormStart());

    LaneReplay.Result lanes = LaneReplay.run(rules, STORM, 2, 120);

    assertThat(lanes.alerts()).isEmpty();
    assertThat(lanes.ticksCoalesced()).as("the lanes fell behind and folded ticks").isPositive();
    assertThat(lanes.exits().keySet())
        .as("exits (plan, role, target index, shares) through the lanes and in the simulator")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
  }
}
