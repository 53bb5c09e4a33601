package com.tradeplan.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategy admins' safety net in the build: every scenario of ../rules/scenarios against the
 * rules this kjar packages, a sample of them against the same rules compiled from the folder (what
 * {@code ./tradeplan scenarios DIR --rules DIR} does), and a draft rules folder that does not
 * compile reporting where.
 */
class RuleScenariosTest {
  private static final Path RULES = Path.of("../rules");
  private static final Path SCENARIOS = RULES.resolve("scenarios");

  /** A sample across the lifecycle: kinds of stops, partial fills, rejects, trader actions. */
  private static final Set<String> FOLDER_SAMPLE =
      Set.of(
          "01-long-above-fixed-stop-hit.json",
          "07-activated-stop-raises-to-breakeven.json",
          "10-trailing-stop-long.json",
          "16-exit-while-entry-partially-working.json",
          "20-rejected-stop-resends-next-tick.json",
          "27-flatten-ignores-later-triggers.json");

  @TestFactory
  Stream<DynamicTest> everyScenarioPassesWithThePackagedRules() {
    return ScenarioTests.from(SCENARIOS, RuleSet.fromClasspath());
  }

  @TestFactory
  Stream<DynamicTest> scenariosPassWithTheRulesCompiledFromTheFolder() {
    return ScenarioTests.from(
        SCENARIOS,
        RuleSet.fromDirectory(RULES),
        p -> FOLDER_SAMPLE.contains(p.getFileName().toString()));
  }

  @Test
  void aDraftRuleWithASyntaxErrorIsReportedWithFileLineAndColumn(@TempDir Path draft)
      throws IOException {
    Path lifecycle = Files.createDirectories(draft.resolve("lifecycle"));
    try (Stream<Path> files = Files.list(RULES.resolve("lifecycle"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
        Files.copy(f, lifecycle.resolve(f.getFileName()));
      }
    }
    Path broken = lifecycle.resolve("45-spread-guard.drl");
    Files.writeString(
        broken,
        String.join(
            "\n",
            "package lifecycle;",
            "",
            "import com.tradeplan.domain.market.Tick;",
            "",
            "rule \"Only enter when the spread is tight\"",
            "when",
            "    $t : Tick( spread() != null && spread() > )",
            "then",
            "end",
            ""));

    RuleCompilationException e =
        assertThrows(RuleCompilationException.class, () -> RuleSet.fromDirectory(draft));

    List<RuleCompilationException.Problem> problems = e.problems();
    assertFalse(problems.isEmpty(), "a compile error must come with at least one problem");
    RuleCompilationException.Problem first = problems.get(0);
    assertTrue(
        first.file().endsWith("45-spread-guard.drl"),
        "the problem must name the broken file, was " + first);
    assertEquals(7, first.line(), "the problem must name the broken line, was " + first);
    // Drools puts a parser error's 0-based column only in its text ("Line 7:46"); RuleSet turns
    // it into the 1-based column of the problem.
    assertTrue(first.column() > 0, "the problem must name a column, was " + first);
  }
}
