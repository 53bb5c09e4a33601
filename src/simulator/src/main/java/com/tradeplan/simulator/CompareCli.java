package com.tradeplan.simulator;

import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.AtomicFiles;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.simulator.report.ComparisonReport;
import com.tradeplan.simulator.report.RunComparison;
import com.tradeplan.simulator.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code simulate compare --plans PLANS.json --ticks TICKS.csv --out COMPARISON.json [--report
 * COMPARISON.html] [OPTION ...] [--a-OPTION ...] [--b-OPTION ...]}: the same plans over the same
 * ticks, run twice, side by side. OPTION is any option of {@code simulate} that shapes a run
 * ({@code --rules}, {@code --max-fill-per-tick}, {@code --commission-per-share}, {@code
 * --commission}, {@code --no-gate}); unprefixed it applies to both runs, prefixed with {@code a-}
 * or {@code b-} to one ({@code --b-rules DRAFT}, {@code --a-no-gate}). Exit codes as {@code
 * simulate}'s; nothing is written unless both runs succeeded.
 */
final class CompareCli {
  private static final String USAGE_TEXT =
      "usage: simulate compare --plans PLANS.json --ticks TICKS.csv --out COMPARISON.json"
          + " [--report COMPARISON.html] [OPTION V ...] [--a-OPTION V ...] [--b-OPTION V ...]";

  private CompareCli() {}

  /** The command line split: each run's own arguments, and the comparison's output files. */
  private record Split(List<String> a, List<String> b, Path out, Path report) {
    /** Throws {@link IllegalArgumentException} on a usage error. */
    static Split of(String[] args) {
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      Path out = null;
      Path report = null;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        boolean valueless = flag.endsWith("no-gate");
        if (!valueless && i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        switch (flag) {
          case "--out" -> out = Path.of(args[++i]);
          case "--report" -> report = Path.of(args[++i]);
          case "--report-json" ->
              throw new IllegalArgumentException("--out is the comparison's JSON");
          default -> {
            boolean one = flag.startsWith("--a-") || flag.startsWith("--b-");
            String own = one ? "--" + flag.substring(4) : flag;
            for (List<String> side :
                one ? List.of(flag.startsWith("--a-") ? a : b) : List.of(a, b)) {
              side.add(own);
              if (!valueless) {
                side.add(args[i + 1]);
              }
            }
            if (!valueless) {
              i++;
            }
          }
        }
      }
      if (out == null) {
        throw new IllegalArgumentException("--out is required");
      }
      return new Split(a, b, out, report);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Split split;
    SimulatorCli.Args runA;
    SimulatorCli.Args runB;
    try {
      split = Split.of(args);
      runA = SimulatorCli.Args.parse(split.a().toArray(String[]::new), false);
      runB = SimulatorCli.Args.parse(split.b().toArray(String[]::new), false);
      if (!runA.plans().equals(runB.plans()) || !runA.ticks().equals(runB.ticks())) {
        throw new IllegalArgumentException("both runs read the same --plans and --ticks");
      }
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    return SimulatorCli.guarded(
        err,
        () -> {
          RuleSet rulesA = runA.ruleSet();
          RuleSet rulesB = runB.ruleSet();
          List<PlanDraft> drafts = PlansJson.read(runA.plans());
          RunComparison c =
              RunComparison.of(
                  runA.label(),
                  RunReport.of(runA.simulate(rulesA, drafts)),
                  runB.label(),
                  RunReport.of(runB.simulate(rulesB, drafts)));
          AtomicFiles.write(split.out(), ComparisonReport.json(c));
          if (split.report() != null) {
            AtomicFiles.write(split.report(), ComparisonReport.html(c));
          }
          out.println(summary(c, split.out()));
        });
  }

  /** "simulate compare: 3 plans, 1 differ, first at tick 9 (plan p1) -> c.json". */
  private static String summary(RunComparison c, Path json) {
    long differing =
        c.plans().stream().filter(p -> p.endedDifferently() || p.divergence() != null).count();
    RunComparison.Divergence first = c.firstDivergence();
    return "simulate compare: "
        + c.plans().size()
        + " plans, "
        + differing
        + " differ"
        + (first == null
            ? ""
            : ", first at tick " + first.tick() + " (plan " + first.planId() + ")")
        + " -> "
        + json;
  }

  private static int usage(PrintStream err, String message) {
    err.println("simulate compare: " + message);
    err.println(USAGE_TEXT);
    return SimulatorCli.USAGE;
  }
}
