package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.engine.facts.StopLevel;
import com.tradeplan.engine.facts.TargetLevel;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ended plan keeps only its state in its session: its stop and target levels leave (every rule
 * that reads them asks for a live plan, and kept they were joined with every tick and report of the
 * session), while its late reports still reach it and its user's live plans go on as before.
 */
class EndedPlanFactsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  private static PlanSnapshot plan(String id, String entry, String stop, String target) {
    Plan p =
        new Plan(
            id,
            "alice",
            Instrument.stock("AAPL"),
            Side.LONG,
            100,
            new Entry(EntryCondition.ABOVE, new BigDecimal(entry), null),
            List.of(new Stop(new BigDecimal(stop), null)),
            List.of(new Target(new BigDecimal(target), 40L)),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE);
  }

  private static Tick tick(int second, String last) {
    return Tick.of("AAPL", T0.plusSeconds(second), new BigDecimal(last));
  }

  /** Fills the broker's orders from {@code from} on, completely, at {@code price}. */
  private static void fill(
      EngineCore core, LaneEngineTest.RecordingBroker broker, int from, String price) {
    for (OrderRequest o : List.copyOf(broker.submitted.subList(from, broker.submitted.size()))) {
      core.onFill(
          new Fill(
              o.ref() + "-x", o.ref(), o.action(), o.quantity(), new BigDecimal(price), null, T0));
    }
    core.drainPending();
  }

  private static long levelsOf(EngineCore core, String planId) {
    return core.factsOf("alice").stream()
        .filter(
            f ->
                (f instanceof StopLevel s && s.getPlanId().equals(planId))
                    || (f instanceof TargetLevel t && t.getPlanId().equals(planId)))
        .count();
  }

  private static boolean stateOf(EngineCore core, String planId) {
    return core.factsOf("alice").stream()
        .anyMatch(f -> f instanceof PlanState p && p.getId().equals(planId));
  }

  @Test
  void anEndedPlanKeepsItsStateOnlyAndStillTakesItsLateCommission() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    EngineCore core = new EngineCore(rules, broker, EngineListener.NONE, true);
    broker.setListener(core);
    core.addPlan(plan("ends", "101.00", "99.00", "110.00"));
    core.addPlan(plan("lives", "101.00", "98.00", "110.00"));

    core.onTick(tick(0, "101.00"), 0); // both entries
    fill(core, broker, 0, "101.00");
    assertThat(levelsOf(core, "ends")).as("a live trade's stop and target").isEqualTo(2);
    int before = broker.submitted.size();
    core.command("alice", new TraderCommand("ends", TraderCommand.Type.FLATTEN), T0.plusSeconds(1));
    OrderRequest flatten = broker.submitted.get(before);
    assertThat(flatten.ref().role()).isEqualTo(OrderRole.FLATTEN);
    fill(core, broker, before, "100.50");

    assertThat(core.snapshot("ends").status()).isEqualTo(PlanStatus.INACTIVE);
    assertThat(levelsOf(core, "ends")).as("the ended plan's levels left the session").isZero();
    assertThat(stateOf(core, "ends")).as("its state stays for late reports").isTrue();
    assertThat(levelsOf(core, "lives")).as("the live plan's levels stay").isEqualTo(2);

    // IB's commission report comes after the closing execution: it still reaches the ended plan.
    core.onCommission(flatten.ref() + "-x", flatten.ref(), new BigDecimal("1.25"));
    core.drainPending();
    assertThat(core.snapshot("ends").commission()).isEqualByComparingTo("1.25");

    // The live plan is protected as before: its stop at 98 exits its 100 shares.
    int beforeStop = broker.submitted.size();
    core.onTick(tick(2, "97.90"), 2);
    assertThat(broker.submitted.subList(beforeStop, broker.submitted.size()))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ref().planId()).isEqualTo("lives");
              assertThat(o.ref().role()).isEqualTo(OrderRole.STOP);
              assertThat(o.quantity()).isEqualTo(100);
            });
  }
}
