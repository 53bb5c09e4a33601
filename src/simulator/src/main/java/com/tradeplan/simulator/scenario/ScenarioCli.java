package com.tradeplan.simulator.scenario;

import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleSet;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code scenarios DIR [--rules DIR]}: runs every {@code *.json} scenario under DIR (sorted by
 * path) against the deployed rules, or a draft rules folder, prints one line per scenario (PASS,
 * FAIL, EXPECTED-FAIL, UNEXPECTED-PASS, ERROR) with the differences of those that did not pass,
 * then {@code N passed, M failed}. Exit 0 only when every scenario passed (an EXPECTED-FAIL counts
 * as passed: its file says which issue it waits for); 1 when one did not or the rules do not
 * compile; 2 on a usage error.
 */
public final class ScenarioCli {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private static final String USAGE_TEXT = "usage: scenarios DIR [--rules DIR]";

  private ScenarioCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path dir = null;
    Path rulesDir = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rules")) {
        if (i + 1 >= args.length) {
          err.println("scenarios: --rules needs a folder");
          err.println(USAGE_TEXT);
          return USAGE;
        }
        rulesDir = Path.of(args[++i]);
      } else if (args[i].startsWith("-") || dir != null) {
        err.println("scenarios: unexpected argument " + args[i]);
        err.println(USAGE_TEXT);
        return USAGE;
      } else {
        dir = Path.of(args[i]);
      }
    }
    if (dir == null) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    if (!Files.isDirectory(dir)) {
      err.println("scenarios: " + dir + " is not a folder");
      return USAGE;
    }
    if (rulesDir != null && !Files.isDirectory(rulesDir)) {
      err.println("scenarios: --rules " + rulesDir + " is not a folder");
      return USAGE;
    }
    RuleSet rules;
    try {
      rules = rulesDir == null ? RuleSet.fromClasspath() : RuleSet.fromDirectory(rulesDir);
    } catch (RuleCompilationException e) {
      err.println("scenarios: rules do not compile:");
      for (RuleCompilationException.Problem p : e.problems()) {
        err.println("  " + p);
      }
      return FAILED;
    }
    List<ScenarioOutcome> outcomes = runAll(dir, rules);
    if (outcomes.isEmpty()) {
      err.println("scenarios: no *.json scenario under " + dir);
      return FAILED;
    }
    int passed = 0;
    int failed = 0;
    int expectedFail = 0;
    for (ScenarioOutcome o : outcomes) {
      out.println(o.verdict() == ScenarioOutcome.Verdict.PASS ? o.headline() : o.render());
      if (o.verdict().ok()) {
        passed++;
      } else {
        failed++;
      }
      if (o.verdict() == ScenarioOutcome.Verdict.EXPECTED_FAIL) {
        expectedFail++;
      }
    }
    out.println(
        passed
            + " passed, "
            + failed
            + " failed"
            + (expectedFail > 0 ? " (" + expectedFail + " of the passed are known issues)" : ""));
    return failed == 0 ? OK : FAILED;
  }

  /** Every scenario file under {@code dir}, sorted by path. */
  public static List<Path> scenarioFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list scenarios in " + dir, e);
    }
  }

  /** Reads and runs every scenario under {@code dir}; an unreadable file is an ERROR outcome. */
  public static List<ScenarioOutcome> runAll(Path dir, RuleSet rules) {
    ScenarioRunner runner = new ScenarioRunner(rules);
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    for (Path file : scenarioFiles(dir)) {
      outcomes.add(runFile(runner, file));
    }
    return outcomes;
  }

  /**
   * Reads and runs one scenario file; an unreadable file is an ERROR outcome, never a throw (the
   * build's test adapter turns each outcome into a test).
   */
  public static ScenarioOutcome runFile(ScenarioRunner runner, Path file) {
    try {
      return runner.run(ScenarioFile.read(file));
    } catch (ScenarioException | UncheckedIOException e) {
      return new ScenarioOutcome(
          file.getFileName().toString(),
          file.toString(),
          ScenarioOutcome.Verdict.ERROR,
          null,
          List.of(e.getMessage()));
    }
  }
}
