package com.tradeplan.server.rules;

import com.tradeplan.engine.RuleSet;
import com.tradeplan.simulator.scenario.ScenarioCli;
import com.tradeplan.simulator.scenario.ScenarioException;
import com.tradeplan.simulator.scenario.ScenarioFile;
import com.tradeplan.simulator.scenario.ScenarioOutcome;
import com.tradeplan.simulator.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shipped scenario suite ({@code rules/scenarios}, the folder the launcher runs from, or {@code
 * TRADEPLAN_SCENARIOS_DIR}) and the scenarios attached to the version ({@code RuleAttachments}),
 * run against a compiled version with the simulator's scenario runner: the same engine and rules as
 * production, a simulated broker. A draft passes when every scenario's verdict lets a suite pass
 * (PASS, or EXPECTED-FAIL with its known issue), the shipped ones and the attached ones alike.
 */
public final class ScenarioSuite {
  /** How many failed scenarios a summary names (the test's answer lists them all). */
  static final int FAILED_NAMED_MAX = 5;

  private final Path dir;

  public ScenarioSuite(Path dir) {
    this.dir = dir;
  }

  /**
   * How a suite went: whether it passed, one summary line (which names the failed scenarios, so a
   * refused deploy names them too), every scenario's outcome with whether it is attached.
   */
  public record Result(boolean passed, String summary, List<Run> outcomes) {}

  /** One scenario's outcome; {@code attached}: one of the version's own. */
  public record Run(ScenarioOutcome outcome, boolean attached) {}

  /** The shipped suite alone. */
  public Result run(RuleSet rules) {
    return run(rules, Map.of());
  }

  /**
   * The shipped suite, then {@code attached} (path such as {@code scenarios/x.json} to its text, in
   * path order); an attached file that does not read is an ERROR outcome naming its field.
   */
  public Result run(RuleSet rules, Map<String, String> attached) {
    if (!Files.isDirectory(dir)) {
      return new Result(false, "no scenario folder " + dir.toAbsolutePath(), List.of());
    }
    List<Run> runs = new ArrayList<>();
    ScenarioCli.runAll(dir, rules).forEach(o -> runs.add(new Run(o, false)));
    ScenarioRunner runner = new ScenarioRunner(rules);
    attached.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> runs.add(new Run(runAttached(runner, e.getKey(), e.getValue()), true)));
    List<Run> failed = runs.stream().filter(r -> !r.outcome().verdict().ok()).toList();
    boolean passed = failed.isEmpty() && !runs.isEmpty();
    StringBuilder summary =
        new StringBuilder()
            .append(runs.size() - failed.size())
            .append(" passed, ")
            .append(failed.size())
            .append(" failed of ")
            .append(dir.getFileName());
    if (!attached.isEmpty()) {
      summary.append(" and ").append(attached.size()).append(" attached");
    }
    if (!failed.isEmpty()) {
      summary.append("; failed: ");
      for (int i = 0; i < Math.min(failed.size(), FAILED_NAMED_MAX); i++) {
        ScenarioOutcome o = failed.get(i).outcome();
        summary
            .append(i == 0 ? "" : ", ")
            .append(o.name())
            .append(" (")
            .append(o.file())
            .append(')');
      }
      if (failed.size() > FAILED_NAMED_MAX) {
        summary.append(" and ").append(failed.size() - FAILED_NAMED_MAX).append(" more");
      }
    }
    return new Result(passed, summary.toString(), runs);
  }

  private static ScenarioOutcome runAttached(ScenarioRunner runner, String path, String text) {
    try {
      return runner.run(ScenarioFile.parse(path, text));
    } catch (ScenarioException e) {
      return new ScenarioOutcome(
          path, path, ScenarioOutcome.Verdict.ERROR, null, List.of(e.getMessage()));
    }
  }
}
