package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ended plans stay in their session for late reports, but they are not live: they never count
 * against {@link UserSession#PLANS_MAX} nor as monitored (issue 20, point 1: ended plans used to
 * fill a trader's session until the next activation was refused while reported as watched).
 */
class EngineLivePlansTest {
  private static final Instant NOW = Instant.parse("2026-03-02T14:30:00Z");
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  @Test
  void endedPlansNeverCountAgainstTheSessionsBoundNorAsMonitored() {
    EngineCore core = core();
    for (int i = 0; i < UserSession.PLANS_MAX; i++) {
      core.addPlan(plan("p" + i, "alice"));
    }
    assertThat(core.monitoredPlans()).isEqualTo(UserSession.PLANS_MAX);
    int ended = 17;
    for (int i = 0; i < ended; i++) {
      Step step = core.command("alice", new TraderCommand("p" + i, TraderCommand.Type.CANCEL), NOW);
      assertThat(step.refused()).as("cancel of p%d", i).isEmpty();
      assertThat(core.snapshot("p" + i).status())
          .as("an ended plan stays for late reports")
          .isEqualTo(PlanStatus.CANCELLED);
    }
    assertThat(core.monitoredPlans()).isEqualTo(UserSession.PLANS_MAX - ended);
    assertThat(core.livePlansOf("alice")).isEqualTo(UserSession.PLANS_MAX - ended);

    for (int i = 0; i < ended; i++) {
      core.addPlan(plan("more" + i, "alice"));
    }

    assertThat(core.monitoredPlans())
        .as("the session holds %d ended plans besides its live ones", ended)
        .isEqualTo(UserSession.PLANS_MAX);
    assertThat(core.hasPlan("more" + (ended - 1))).isTrue();
    assertThatThrownBy(() -> core.addPlan(plan("one-too-many", "alice")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PLANS_MAX");
    assertThat(core.hasPlan("one-too-many")).isFalse();
    assertThat(core.monitoredPlans()).isEqualTo(UserSession.PLANS_MAX);
  }

  @Test
  void aUserWhoLeavesTakesItsEndedPlansOutOfTheCount() {
    EngineCore core = core();
    core.addPlan(plan("a1", "alice"));
    core.addPlan(plan("a2", "alice"));
    core.addPlan(plan("b1", "bob"));
    core.command("alice", new TraderCommand("a1", TraderCommand.Type.CANCEL), NOW);
    assertThat(core.monitoredPlans()).isEqualTo(2);

    core.removeUser("alice");

    assertThat(core.monitoredPlans()).as("bob's one plan").isEqualTo(1);
    core.addPlan(plan("b2", "bob"));
    assertThat(core.monitoredPlans()).isEqualTo(2);
  }

  @Test
  void aSessionRebuiltWithItsEndedPlansCountsOnlyTheLiveOnes() {
    EngineCore core = core();
    PlanSnapshot cancelled = plan("c1", "alice").withStatus(PlanStatus.CANCELLED);
    core.addPlan(cancelled);
    core.addPlan(plan("a1", "alice"));

    assertThat(core.monitoredPlans()).isEqualTo(1);
    assertThat(core.hasPlan("c1")).as("kept for late reports").isTrue();
  }

  private static EngineCore core() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    List<Step> steps = new ArrayList<>();
    EngineCore core = new EngineCore(rules, broker, (owner, step) -> steps.add(step), true);
    broker.setListener(core);
    return core;
  }

  private static PlanSnapshot plan(String id, String owner) {
    Plan p =
        new Plan(
            id,
            owner,
            Instrument.stock("AAPL"),
            Side.LONG,
            10,
            new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
            List.of(new Stop(new BigDecimal("99.00"), null)),
            List.of(),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE);
  }
}
