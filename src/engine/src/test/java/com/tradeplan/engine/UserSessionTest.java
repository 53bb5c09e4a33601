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
import com.tradeplan.engine.facts.PlanState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
      assertThatThrownBy(() -> session.addPlan(PlanState.initial(plan("p1"), PlanStatus.DRAFT)))
          .as("the trading service decides a DRAFT's life; the rules have no DRAFT handling")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DRAFT");
      assertThat(session.plans()).as("the refused draft must not be half-added").isEmpty();
    }
  }
}
