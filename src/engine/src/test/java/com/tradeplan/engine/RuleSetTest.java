package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drools.core.RuleBaseConfiguration;
import org.drools.core.impl.InternalRuleBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.runtime.KieSession;

/** What a rule set must be before a session runs it. */
class RuleSetTest {
  @Test
  void aRuleInNoLifecyclePhaseIsRefusedWithItsFile(@TempDir Path dir) throws IOException {
    Path file = Files.createDirectories(dir.resolve("lifecycle")).resolve("45-spread.drl");
    Files.writeString(
        file,
        String.join(
            "\n",
            "package lifecycle;",
            "import com.tradeplan.domain.market.Tick;",
            "rule \"Only enter when the spread is tight\"",
            "when",
            "    Tick()",
            "then",
            "end",
            ""));

    assertThatThrownBy(() -> RuleSet.fromDirectory(dir))
        .as("without a ruleflow-group the rule would fire after every phase of the step")
        .isInstanceOfSatisfying(
            RuleCompilationException.class,
            e -> {
              assertThat(e.problems()).hasSize(1);
              RuleCompilationException.Problem p = e.problems().get(0);
              assertThat(p.file()).isEqualTo(file.toString());
              assertThat(p.message())
                  .contains("Only enter when the spread is tight")
                  .contains("ruleflow-group")
                  .contains("\"entry\"");
            });
  }

  /**
   * Drools' beta-memory indexes are on in every rule base a session is made from (off, a session's
   * cost per tick grows with the square of its user's plans: RuleSet), and the kbase options of the
   * kmodule still hold.
   */
  @Test
  void everyRuleBaseKeepsItsKmoduleOptionsWithIndexedJoinMemories(@TempDir Path dir)
      throws IOException {
    Path file = Files.createDirectories(dir.resolve("lifecycle")).resolve("10-entry.drl");
    Files.writeString(
        file,
        String.join(
            "\n",
            "package lifecycle;",
            "import com.tradeplan.engine.facts.PlanState;",
            "rule \"Nothing\" ruleflow-group \"entry\"",
            "when",
            "    PlanState()",
            "then",
            "end",
            ""));
    for (RuleSet rules :
        List.of(
            RuleSet.fromDirectory(dir),
            RuleSet.fromSources(
                2, RuleSources.of(Map.of("lifecycle/10-entry.drl", Files.readString(file)))))) {
      KieSession session = rules.newSession();
      try {
        RuleBaseConfiguration conf =
            ((InternalRuleBase) session.getKieBase()).getRuleBaseConfiguration();
        assertThat(conf.isIndexLeftBetaMemory()).as(rules.version()).isTrue();
        assertThat(conf.isIndexRightBetaMemory()).as(rules.version()).isTrue();
        assertThat(conf.getEventProcessingMode())
            .as(rules.version() + ": kmodule's eventProcessingMode")
            .isEqualTo(EventProcessingOption.CLOUD);
      } finally {
        session.dispose();
        rules.release();
      }
    }
  }

  @Test
  void theDeployedRulesAllBelongToAPhase() {
    assertThat(RuleSet.fromDirectory(Path.of("../../rules")).version()).startsWith("folder:");
  }
}
