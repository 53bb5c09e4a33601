package com.tradeplan.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.engine.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs of the worked example with a difference planted on purpose, found where it starts. */
public class RunComparisonTest {
  static final String TARGET_CONDITION = "$p.side.reachedProfitLevel($t.last(), price) )";

  @TempDir Path dir;

  /**
   * A copy of the repo's lifecycle rules in which "A target is reached" wants the price a dollar
   * beyond the target: the worked example's first target (103.00) then fires at 105.00 on tick 11
   * instead of at 103.05 on tick 9, and its second (105.00) never.
   */
  public static Path rulesWithALateTarget(Path dir) throws IOException {
    Path lifecycle = Files.createDirectories(dir.resolve("late-target/lifecycle"));
    try (Stream<Path> files = Files.list(ReportScenarios.RULES.resolve("lifecycle"))) {
      for (Path f : files.toList()) {
        Files.copy(f, lifecycle.resolve(f.getFileName()));
      }
    }
    Path exits = lifecycle.resolve("60-exit-triggers.drl");
    String drl = Files.readString(exits);
    int at = drl.indexOf(TARGET_CONDITION);
    assertThat(at)
        .as("the target rule's condition is where this test plants its change")
        .isPositive();
    assertThat(drl.substring(0, at)).contains("rule \"A target is reached\"");
    Files.writeString(
        exits,
        drl.substring(0, at)
            + "$p.side.reachedProfitLevel($t.last(), price.add(java.math.BigDecimal.ONE)) )"
            + drl.substring(at + TARGET_CONDITION.length()));
    return dir.resolve("late-target");
  }

  @Test
  void aRuleChangedOnPurposeIsFoundAtItsFirstDivergentEvent() throws IOException {
    RunReport a =
        RunReport.of(
            ReportScenarios.workedExample(
                RuleSet.fromDirectory(ReportScenarios.RULES), CommissionModel.NONE));
    RunReport b =
        RunReport.of(
            ReportScenarios.workedExample(
                RuleSet.fromDirectory(rulesWithALateTarget(dir)), CommissionModel.NONE));
    RunComparison c = RunComparison.of("deployed", a, "late target", b);

    RunComparison.Divergence d = c.firstDivergence();
    assertThat(d).as("the runs part").isNotNull();
    assertThat(d.planId()).isEqualTo("p1");
    assertThat(d.tick()).as("A sends its first target on tick 9, B does not").isEqualTo(9);
    PlanEvent first = d.earlier();
    assertThat(first).isSameAs(d.a());
    assertThat(first.type()).isEqualTo(PlanEvent.Type.ORDER);
    assertThat(first.role().name()).isEqualTo("TARGET");
    assertThat(first.index()).isZero();
    assertThat(first.rule()).isEqualTo("A target is reached");
    assertThat(d.b().tick()).as("B sends it at 105.00").isEqualTo(11);
    assertThat(d.eventIndex()).as("after the entry's ORDER, STATUS, FILL, STATUS").isEqualTo(4);

    RunComparison.PlanDifference p = c.plans().get(0);
    assertThat(p.differentFields())
        .containsExactly("orderStatus", "tradeStatus", "position", "realizedPnl");
    assertThat(p.b().position()).as("B still holds the 50 of the second target").isEqualTo(50);
    // A: 250.00 realized, closed. B: 50 x (104.00 - 101.10) = 145.00, 50 open at 104.00: 290.00
    assertThat(statistic(c, "realizedPnl").difference()).isEqualByComparingTo("-105.00");
    assertThat(statistic(c, "finalEquity").difference()).isEqualByComparingTo("40.00");
    assertThat(statistic(c, "closedTrades").difference()).isEqualByComparingTo("-1");
    assertThat(statistic(c, "openTrades").difference()).isEqualByComparingTo("1");
    assertThat(statistic(c, "winRate").b()).as("no closed trade in B").isNull();
    assertThat(statistic(c, "winRate").difference()).isNull();

    JsonNode j = ReportJson.MAPPER.readTree(ComparisonReport.json(c));
    assertThat(j.at("/firstDivergence/tick").asLong()).isEqualTo(9);
    assertThat(j.at("/firstDivergence/rule").asText()).isEqualTo("A target is reached");
    assertThat(j.at("/firstDivergence/a/type").asText()).isEqualTo("ORDER");
    assertThat(j.at("/firstDivergence/b/tick").asLong()).isEqualTo(11);
    assertThat(j.at("/plans/0/endedDifferently").asBoolean()).isTrue();
    assertThat(j.at("/runA/statistics/realizedPnl").asText()).isEqualTo("250.00");
    assertThat(j.at("/runB/statistics/realizedPnl").asText()).isEqualTo("145.00");
    String html = ComparisonReport.html(c);
    assertThat(html)
        .contains(
            "The runs part first at tick 9, plan p1: tick 9 ORDER TARGET 0 SELL 50 by rule 'A"
                + " target is reached' in run A.")
        .contains("data-name=\"equity A\"")
        .contains("data-name=\"equity B\"");
  }

  @Test
  void anOptionChangesMoneyButNoDecision() {
    RuleSet rules = RuleSet.fromDirectory(ReportScenarios.RULES);
    RunComparison c =
        RunComparison.of(
            "no commission",
            RunReport.of(ReportScenarios.workedExample(rules, CommissionModel.NONE)),
            "IB fixed",
            RunReport.of(ReportScenarios.workedExample(rules, CommissionModel.IB_FIXED)));
    assertThat(c.firstDivergence()).as("the same events").isNull();
    assertThat(c.plans().get(0).differentFields()).containsExactly("realizedPnl", "commission");
    assertThat(statistic(c, "commission").difference()).isEqualByComparingTo("3.00");
    assertThat(statistic(c, "maxDrawdown").difference()).as("51 - 50").isEqualByComparingTo("1.00");
    assertThat(ComparisonReport.html(c))
        .contains("The runs made the same decisions for every plan.");
  }

  @Test
  void runsOfTheSameRulesAndOptionsAreTheSame() {
    RuleSet rules = RuleSet.fromDirectory(ReportScenarios.RULES);
    RunComparison c =
        RunComparison.of(
            "a",
            RunReport.of(ReportScenarios.winLossOpen(dir, CommissionModel.IB_FIXED)),
            "b",
            RunReport.of(ReportScenarios.winLossOpen(dir, CommissionModel.IB_FIXED)));
    assertThat(c.firstDivergence()).isNull();
    assertThat(c.plans()).allMatch(p -> !p.endedDifferently() && p.divergence() == null);
    assertThat(c.statistics())
        .allMatch(s -> s.difference() == null || s.difference().signum() == 0);
  }

  private static RunComparison.StatisticDifference statistic(RunComparison c, String name) {
    return c.statistics().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
