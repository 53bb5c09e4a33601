package com.tradeplan.server.rules;

import com.tradeplan.engine.RuleSet;
import com.tradeplan.simulator.scenario.ScenarioCli;
import com.tradeplan.simulator.scenario.ScenarioOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped scenario suite ({@code rules/scenarios}, the folder the launcher runs from, or {@code
 * TRADEPLAN_SCENARIOS_DIR}) run against a compiled version with the simulator's scenario runner:
 * the same engine and rules as production, a simulated broker. A draft passes when every scenario's
 * verdict lets a suite pass (PASS, or EXPECTED-FAIL with its known issue).
 */
public final class ScenarioSuite {
  private final Path dir;

  public ScenarioSuite(Path dir) {
    this.dir = dir;
  }

  /** How a suite went: whether it passed, one summary line, every scenario's outcome. */
  public record Result(boolean passed, String summary, List<ScenarioOutcome> outcomes) {}

  public Result run(RuleSet rules) {
    if (!Files.isDirectory(dir)) {
      return new Result(false, "no scenario folder " + dir.toAbsolutePath(), List.of());
    }
    List<ScenarioOutcome> outcomes = ScenarioCli.runAll(dir, rules);
    long failed = outcomes.stream().filter(o -> !o.verdict().ok()).count();
    boolean passed = failed == 0 && !outcomes.isEmpty();
    String summary =
        (outcomes.size() - failed) + " passed, " + failed + " failed of " + dir.getFileName();
    return new Result(passed, summary, outcomes);
  }
}
