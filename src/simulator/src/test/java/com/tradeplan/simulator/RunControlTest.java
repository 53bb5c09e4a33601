package com.tradeplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.formats.TicksCsv;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a job needs of a run besides the contract's options: a latency in ticks before an order's
 * first fill, and a script that stops the run after a tick (cancel, a memory bound).
 */
class RunControlTest {
  static final Path EXAMPLE = Path.of("src/test/resources/worked-example");
  static final RuleSet RULES = RuleSet.fromDirectory(Path.of("../../rules"));

  private static SimulationRun run(SimulationOptions options, Simulator.Script script) {
    try (TicksCsv t = TicksCsv.open(EXAMPLE.resolve("ticks.csv"))) {
      return new Simulator(RULES, options)
          .run(PlansJson.read(EXAMPLE.resolve("plans.json")), t, script);
    }
  }

  private static PlanEvent firstFill(SimulationRun run) {
    PlanResult p = run.result().plans().get(0);
    return p.events().stream().filter(e -> e.type() == PlanEvent.Type.FILL).findFirst().get();
  }

  @Test
  void aLatencyOfTwoTicksFillsTheEntryTwoTicksLaterAtThatTicksPrice() {
    SimulationRun now = run(SimulationOptions.DEFAULT, new Simulator.Script() {});
    SimulationRun late =
        run(new SimulationOptions(null, CommissionModel.NONE, true, 2), new Simulator.Script() {});
    // entry sent on tick 3 (101.05 above 101.00): filled on tick 4 at 101.10, or tick 6 at 102.00
    assertThat(firstFill(now).tick()).isEqualTo(4);
    assertThat(firstFill(now).price()).isEqualByComparingTo("101.10");
    assertThat(firstFill(late).tick()).isEqualTo(6);
    assertThat(firstFill(late).price()).isEqualByComparingTo("102.00");
  }

  @Test
  void aScriptStopsTheRunAfterATickAndSeesTheEventsKept() {
    long[] eventsAtStop = {-1};
    SimulationRun stopped =
        run(
            SimulationOptions.DEFAULT,
            new Simulator.Script() {
              @Override
              public void afterTick(long index, Tick tick, Simulator.Control control) {
                if (index == 4) {
                  eventsAtStop[0] = control.eventsRecorded();
                  control.stop();
                }
              }
            });
    assertThat(stopped.ticks()).as("ticks 0 to 4 read, none after").isEqualTo(5);
    assertThat(eventsAtStop[0]).isEqualTo(stopped.result().plans().get(0).events().size());
    assertThat(eventsAtStop[0]).as("the entry was sent and filled").isPositive();
  }
}
