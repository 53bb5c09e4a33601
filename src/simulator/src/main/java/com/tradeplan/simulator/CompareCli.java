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

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    Path outFile = null;
    Path report = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        boolean valueless = flag.endsWith("no-gate");
        if (!valueless && i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        if (flag.equals("--out")) {
          outFile = Path.of(args[++i]);
          continue;
        }
        if (flag.equals("--report")) {
          report = Path.of(args[++i]);
          continue;
        }
        if (flag.equals("--report-json")) {
          throw new IllegalArgumentException("--out is the comparison's JSON");
        }
        List<List<String>> sides =
            flag.startsWith("--a-")
                ? List.of(a)
                : flag.startsWith("--b-") ? List.of(b) : List.of(a, b);
        String own =
            flag.startsWith("--a-") || flag.startsWith("--b-") ? "--" + flag.substring(4) : flag;
        for (List<String> side : sides) {
          side.add(own);
          if (!valueless) {
            side.add(args[i + 1]);
          }
        }
        if (!valueless) {
          i++;
        }
      }
      if (outFile == null) {
        throw new IllegalArgumentException("--out is required");
      }
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    SimulatorCli.Args runA;
    SimulatorCli.Args runB;
    try {
      runA = SimulatorCli.Args.parse(a.toArray(String[]::new), false);
      runB = SimulatorCli.Args.parse(b.toArray(String[]::new), false);
      if (!runA.plans().equals(runB.plans()) || !runA.ticks().equals(runB.ticks())) {
        throw new IllegalArgumentException("both runs read the same --plans and --ticks");
      }
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    Path json = outFile;
    Path html = report;
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
          AtomicFiles.write(json, ComparisonReport.json(c));
          if (html != null) {
            AtomicFiles.write(html, ComparisonReport.html(c));
          }
          long differing =
              c.plans().stream()
                  .filter(p -> p.endedDifferently() || p.divergence() != null)
                  .count();
          out.println(
              "simulate compare: "
                  + c.plans().size()
                  + " plans, "
                  + differing
                  + " differ"
                  + (c.firstDivergence() == null
                      ? ""
                      : ", first at tick "
                          + c.firstDivergence().tick()
                          + " (plan "
                          + c.firstDivergence().planId()
                          + ")")
                  + " -> "
                  + json);
        });
  }

  private static int usage(PrintStream err, String message) {
    err.println("simulate compare: " + message);
    err.println(USAGE_TEXT);
    return SimulatorCli.USAGE;
  }
}
