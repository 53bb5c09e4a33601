package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.TrailingStop;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.OrderIntent;
import com.tradeplan.engine.facts.PlanState;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one user's session accepts, around the rules of rules/lifecycle. */
class UserSessionTest {
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  private static Plan plan(String id) {
    return new Plan(
        id,
        "alice",
        Instrument.stock("AAPL"),
        Side.LONG,
        10,
        new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
        List.of(new Stop(new BigDecimal("99.00"), null)),
        List.of(),
        null);
  }

  @Test
  void aDraftPlanNeverEntersTheEngine() {
    try (UserSession session = new UserSession("alice", rules)) {
      assertThatThrownBy(() -> session.addPlan(PlanSnapshot.initial(plan("p1"), PlanStatus.DRAFT)))
          .as("the trading service decides a DRAFT's life; the rules have no DRAFT handling")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DRAFT");
      assertThat(session.plans()).as("the refused draft must not be half-added").isEmpty();
    }
  }

  /** One rule per phase, all true on any tick, written last phase first. */
  private static String onePerPhaseLastFirst() {
    StringBuilder drl =
        new StringBuilder("package lifecycle;\nimport com.tradeplan.domain.market.Tick;\n");
    List<LifecyclePhase> phases = new ArrayList<>(List.of(LifecyclePhase.values()));
    Collections.reverse(phases);
    for (LifecyclePhase phase : phases) {
      drl.append("rule \"")
          .append(phase.name())
          .append("\"\n    ruleflow-group \"")
          .append(phase.group())
          .append("\"\nwhen\n    Tick()\nthen\nend\n");
    }
    return drl.toString();
  }

  private static List<String> firedOnOneTick(Path rulesDir) {
    List<String> fired = new ArrayList<>();
    EngineMetrics metrics =
        new EngineMetrics() {
          @Override
          public void ruleFired(String rule) {
            fired.add(rule);
          }
        };
    try (UserSession session = new UserSession("alice", RuleSet.fromDirectory(rulesDir), metrics)) {
      session.addPlan(PlanSnapshot.initial(plan("p1"), PlanStatus.ACTIVE));
      session.tick(
          Tick.of("AAPL", Instant.parse("2026-03-02T14:30:00Z"), new BigDecimal("100.00")), 0);
    }
    return fired;
  }

  @Test
  void thePhasesFireInLifecycleOrderWhateverOrderTheRulesAreWrittenIn(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("phases.drl"), onePerPhaseLastFirst());

    assertThat(firedOnOneTick(dir))
        .as("one rule per phase, each true on the tick: they fire in LifecyclePhase order")
        .containsExactly(
            Arrays.stream(LifecyclePhase.values())
                .map(LifecyclePhase::name)
                .toArray(String[]::new));
  }

  @Test
  void anEarlierPhaseSeesWhatALaterPhaseChangedInTheSameStep(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("rerun.drl"),
        String.join(
            "\n",
            "package lifecycle;",
            "import com.tradeplan.domain.market.Tick;",
            "rule \"an exit order is sent\"",
            "    ruleflow-group \"exit orders\"",
            "when",
            "    Tick()",
            "    not String( this == \"sent\" )",
            "then",
            "    insert(\"sent\");",
            "end",
            "rule \"the status sees it\"",
            "    ruleflow-group \"status\"",
            "when",
            "    String( this == \"sent\" )",
            "then",
            "end",
            ""));

    assertThat(firedOnOneTick(dir))
        .as("the phases run again after a pass that fired, as the status after an exit order")
        .containsExactly("an exit order is sent", "the status sees it");
  }

  /**
   * Issue 20, point 8: one plan's failing rule must not take the tick from the user's other plans.
   * The failing rule fires first (phase "status", before the entries); the entries of both plans
   * are still decided, and the failure is alerted with the plan it failed for.
   */
  @Test
  void aRuleThatFailsForOnePlanLeavesTheTickToTheUsersOtherPlans(@TempDir Path dir)
      throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../../rules/lifecycle"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.writeString(
        dir.resolve("99-fails-for-p1.drl"),
        String.join(
            "\n",
            "package lifecycle;",
            "import com.tradeplan.domain.market.Tick;",
            "import com.tradeplan.engine.facts.PlanState;",
            "rule \"A rule that fails for p1\"",
            "    ruleflow-group \"status\"",
            "when",
            "    Tick()",
            "    $p : PlanState( id == \"p1\" )",
            "then",
            "    throw new IllegalStateException(\"broken for \" + $p.getId());",
            "end",
            ""));
    try (UserSession session = new UserSession("alice", RuleSet.fromDirectory(dir))) {
      session.addPlan(PlanSnapshot.initial(plan("p1"), PlanStatus.ACTIVE));
      session.addPlan(PlanSnapshot.initial(plan("p2"), PlanStatus.ACTIVE));

      Step step =
          session.tick(
              Tick.of("AAPL", Instant.parse("2026-03-02T14:30:00Z"), new BigDecimal("101.00")), 0);

      assertThat(step.intents())
          .as("both entries decided: the failure took nothing from the other plan")
          .extracting(i -> ((OrderIntent) i).request().ref().planId())
          .containsExactly("p1", "p2");
      assertThat(step.alerts())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("plan p1", "A rule that fails for p1", "broken for p1");
    }
  }

  /** Issue 20, point 8: a fill the plan refuses must not move the trailing stop's best price. */
  @Test
  void aRefusedEntryFillDoesNotMoveTheTrailingStopsBestPrice() {
    Plan trailing =
        new Plan(
            "p1",
            "alice",
            Instrument.stock("AAPL"),
            Side.LONG,
            10,
            new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
            List.of(new Stop(new BigDecimal("99.00"), null)),
            List.of(),
            new TrailingStop(new BigDecimal("1.00")));
    Instant t = Instant.parse("2026-03-02T14:30:00Z");
    try (UserSession session = new UserSession("alice", rules)) {
      session.addPlan(PlanSnapshot.initial(trailing, PlanStatus.ACTIVE));
      session.tick(Tick.of("AAPL", t, new BigDecimal("101.00")), 0);
      OrderRef entry = new OrderRef("p1", OrderRole.ENTRY, 0, 1);
      session.reports(
          List.of(fill("e1", entry, 10, "101.00"), fill("e2", entry, 5, "105.00")), 1, t);

      PlanState p = session.plan("p1");
      assertThat(p.getPosition()).as("e2 is beyond the order: refused").isEqualTo(10);
      assertThat(p.getBestPrice())
          .as("the refused fill's price must not count")
          .isEqualByComparingTo("101.00");
      assertThat(p.getActiveStop()).isEqualByComparingTo("100.00");
    }
  }

  private static Fill fill(String executionId, OrderRef ref, long quantity, String price) {
    return new Fill(
        executionId,
        ref,
        OrderAction.BUY,
        quantity,
        new BigDecimal(price),
        null,
        Instant.parse("2026-03-02T14:30:01Z"));
  }
}
