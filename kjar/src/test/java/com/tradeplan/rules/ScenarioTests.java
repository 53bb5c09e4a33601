package com.tradeplan.rules;

import com.tradeplan.engine.RuleSet;
import com.tradeplan.simulator.scenario.ScenarioCli;
import com.tradeplan.simulator.scenario.ScenarioOutcome;
import com.tradeplan.simulator.scenario.ScenarioRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Scenario files as JUnit 5 dynamic tests, one per file, named after the scenario. Test code: the
 * simulator judges a scenario and renders the difference itself ({@link ScenarioOutcome}); only
 * this adapter knows JUnit, so that no production module depends on a test framework.
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicTest&gt; scenarios() {
 *   return ScenarioTests.from(Path.of("../rules/scenarios"), RuleSet.fromClasspath());
 * }
 * </pre>
 *
 * A FAIL, ERROR or UNEXPECTED-PASS fails its test with the readable difference; an EXPECTED-FAIL
 * (the file names a {@code knownIssue}) is reported as skipped with the issue and the difference.
 */
final class ScenarioTests {
  private ScenarioTests() {}

  /** One dynamic test per scenario file under {@code dir}. */
  static Stream<DynamicTest> from(Path dir, RuleSet rules) {
    return from(dir, rules, p -> true);
  }

  /** One dynamic test per scenario file under {@code dir} that {@code select} accepts. */
  static Stream<DynamicTest> from(Path dir, RuleSet rules, Predicate<Path> select) {
    List<Path> files = ScenarioCli.scenarioFiles(dir).stream().filter(select).toList();
    if (files.isEmpty()) {
      throw new IllegalStateException("no scenario file under " + dir.toAbsolutePath());
    }
    ScenarioRunner runner = new ScenarioRunner(rules);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    dir.relativize(file).toString(),
                    file.toUri(),
                    () -> check(ScenarioCli.runFile(runner, file))));
  }

  /** Passes, aborts (EXPECTED-FAIL) or fails with the rendered outcome. */
  static void check(ScenarioOutcome outcome) {
    switch (outcome.verdict()) {
      case PASS -> {}
      case EXPECTED_FAIL -> Assumptions.abort(outcome.render());
      default -> throw new AssertionFailedError(outcome.render());
    }
  }
}
