package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void theDeployedRulesAllBelongToAPhase() {
    assertThat(RuleSet.fromDirectory(Path.of("../../rules")).version()).startsWith("folder:");
  }
}
