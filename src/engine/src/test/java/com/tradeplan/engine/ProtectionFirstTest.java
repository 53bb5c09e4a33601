package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.engine.facts.PlanState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The users one tick wakes are decided, and their orders sent, protection first: a stop that the
 * price went through before a target, a target before an entry, whatever order the plans were added
 * in.
 */
class ProtectionFirstTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  private static Plan plan(
      String id, String owner, Side side, String entry, String stop, String target) {
    return new Plan(
        id,
        owner,
        Instrument.stock("AAPL"),
        side,
        10,
        new Entry(
            side == Side.LONG ? EntryCondition.ABOVE : EntryCondition.BELOW,
            new BigDecimal(entry),
            null),
        List.of(new Stop(new BigDecimal(stop), null)),
        List.of(new Target(new BigDecimal(target), null)),
        null);
  }

  private static Tick tick(String last) {
    return Tick.of("AAPL", T0, new BigDecimal(last));
  }

  @Test
  void aStopThroughItsLevelGoesBeforeATargetAndATargetBeforeAnEntry() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    EngineCore core = new EngineCore(rules, broker, EngineListener.NONE, true);
    broker.setListener(core);
    // Added entry first, protection last.
    core.addPlan(
        PlanState.initial(
            plan("c1", "carol", Side.LONG, "100.00", "95.00", "110.00"), PlanStatus.ACTIVE));
    core.addPlan(
        PlanState.initial(
            plan("b1", "bob", Side.LONG, "98.00", "95.00", "100.00"), PlanStatus.ACTIVE));
    core.addPlan(
        PlanState.initial(
            plan("a1", "alice", Side.SHORT, "102.00", "100.00", "90.00"), PlanStatus.ACTIVE));
    core.onTick(tick("98.00"), 0);
    assertThat(broker.submitted)
        .extracting(r -> r.ref().planId())
        .containsExactlyInAnyOrder("b1", "a1");
    for (OrderRequest r : List.copyOf(broker.submitted)) {
      core.onFill(
          new Fill(
              "x-" + r.ref(),
              r.ref(),
              r.action(),
              r.quantity(),
              new BigDecimal("98.00"),
              BigDecimal.ZERO,
              T0));
    }
    core.drainPending();
    broker.submitted.clear();

    // 100.00: alice's stop (a SHORT at 100.00, through it), bob's target (5.00 above his stop),
    // carol's entry.
    core.onTick(tick("100.00"), 1);
    assertThat(broker.submitted)
        .extracting(r -> r.ref().planId() + ":" + r.ref().role())
        .containsExactly("a1:STOP", "b1:TARGET", "c1:ENTRY");
  }

  @Test
  void theNearerStopGoesFirst() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    EngineCore core = new EngineCore(rules, broker, EngineListener.NONE, true);
    broker.setListener(core);
    core.addPlan(
        PlanState.initial(
            plan("far", "bob", Side.LONG, "100.00", "90.00", "105.00"), PlanStatus.ACTIVE));
    core.addPlan(
        PlanState.initial(
            plan("near", "alice", Side.LONG, "100.00", "99.00", "105.00"), PlanStatus.ACTIVE));
    core.onTick(tick("100.00"), 0);
    for (OrderRequest r : List.copyOf(broker.submitted)) {
      core.onFill(
          new Fill(
              "x-" + r.ref(),
              r.ref(),
              r.action(),
              r.quantity(),
              new BigDecimal("100.00"),
              BigDecimal.ZERO,
              T0));
    }
    core.drainPending();
    broker.submitted.clear();
    core.onTick(tick("105.00"), 1);
    assertThat(broker.submitted)
        .extracting(r -> r.ref().planId())
        .as("both targets; the plan 6.00 above its stop before the one 15.00 above")
        .containsExactly("near", "far");
  }
}
