package com.tradeplan.simulator;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.AtomicFiles;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.formats.ResultJson;
import com.tradeplan.formats.TickSource;
import com.tradeplan.formats.imports.TickLayout;
import com.tradeplan.simulator.report.HtmlReport;
import com.tradeplan.simulator.report.ReportJson;
import com.tradeplan.simulator.report.RunReport;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code simulate --plans PLANS.json --ticks TICKS.csv --out RESULT.json [--rules DIR]
 * [--max-fill-per-tick N] [--latency-ticks N] [--commission-per-share X | --commission MODEL]
 * [--report REPORT.html] [--report-json REPORT.json] [--no-gate] [tick layout options]}: exit 0 on
 * success (plans failing validation included), 1 with a one-line reason when an input cannot be
 * used, 2 on a usage error. Nothing is written unless the whole run succeeded. The tick layout
 * options ({@code --ticks-format ticks|trades|bars --columns MAP --symbol S --time-zone Z
 * --bar-seconds N}) read a vendor's file directly ({@link TickLayout}); any tick file may be
 * gzip-compressed.
 */
public final class SimulatorCli {
  public static final int OK = 0;
  public static final int BAD_INPUT = 1;
  public static final int USAGE = 2;

  static final String LAYOUT_USAGE =
      " [--ticks-format ticks|trades|bars] [--columns field=Column,...] [--symbol S]"
          + " [--time-zone ZONE] [--bar-seconds N]";

  private static final String USAGE_TEXT =
      "usage: simulate --plans PLANS.json --ticks TICKS.csv --out RESULT.json [--rules DIR]"
          + " [--max-fill-per-tick N] [--latency-ticks N]"
          + " [--commission-per-share X | --commission MODEL]"
          + " [--report REPORT.html] [--report-json REPORT.json] [--no-gate]"
          + LAYOUT_USAGE
          + "\n       simulate import --ticks FILE --out TICKS.csv"
          + LAYOUT_USAGE
          + "\n       simulate compare (see docs/simulator.md)"
          + "\n       simulate replay (see docs/simulator.md, \"Incident replay\")";

  private SimulatorCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command; {@code compare ...} as the first argument runs {@link CompareCli} (two runs
   * side by side) with the same exit codes.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("compare")) {
      return CompareCli.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("import")) {
      return ImportCli.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    Args a;
    try {
      a = Args.parse(args, true);
    } catch (IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    return guarded(
        err,
        () -> {
          RuleSet rules = a.ruleSet();
          SimulationRun run = a.simulate(rules, PlansJson.read(a.plans));
          ResultJson.write(a.out, run.result());
          writeReports(a, run);
          for (String alert : run.alerts()) {
            err.println("simulate: alert: " + alert);
          }
          out.println(
              "simulate: "
                  + run.result().plans().size()
                  + " plans, "
                  + run.ticks()
                  + " ticks -> "
                  + a.out);
        });
  }

  private static void writeReports(Args a, SimulationRun run) {
    if (a.report != null || a.reportJson != null) {
      RunReport report = RunReport.of(run);
      if (a.report != null) {
        HtmlReport.write(a.report, report);
      }
      if (a.reportJson != null) {
        AtomicFiles.write(a.reportJson, ReportJson.write(report));
      }
    }
  }

  /** Runs {@code work}, turning an input that cannot be used into exit 1 and its reason. */
  static int guarded(PrintStream err, Runnable work) {
    try {
      work.run();
      return OK;
    } catch (FormatException e) {
      err.println("simulate: " + e.getMessage());
      return BAD_INPUT;
    } catch (RuleCompilationException e) {
      err.println("simulate: rules do not compile: " + e.getMessage());
      for (RuleCompilationException.Problem p : e.problems()) {
        err.println("  " + p);
      }
      return BAD_INPUT;
    } catch (java.io.UncheckedIOException e) {
      err.println("simulate: " + e.getMessage() + ": " + e.getCause().getMessage());
      return BAD_INPUT;
    }
  }

  /** One run's options as the command line gave them. */
  record Args(
      Path plans,
      Path ticks,
      Path out,
      Path rules,
      Long maxFill,
      CommissionModel commission,
      Path report,
      Path reportJson,
      boolean gated,
      int latencyTicks,
      TickLayout layout) {
    /** The rule set of the run: the deployed one, or the folder's (compiled here). */
    RuleSet ruleSet() {
      return rules == null ? RuleSet.fromClasspath() : RuleSet.fromDirectory(rules);
    }

    /** The run the options describe, with its rule set, over this run's ticks file. */
    SimulationRun simulate(RuleSet ruleSet, List<PlanDraft> drafts) {
      try (TickSource t = layout.open(ticks)) {
        return new Simulator(
                ruleSet, new SimulationOptions(maxFill, commission, gated, latencyTicks))
            .run(drafts, t);
      }
    }

    /** How the run is described in a comparison. */
    String label() {
      return (rules == null ? "deployed rules" : "rules " + rules)
          + ", commission "
          + commission.spec()
          + ", fills "
          + (maxFill == null ? "whole" : "at most " + maxFill + " a tick")
          + (latencyTicks == 0 ? "" : ", latency " + latencyTicks + " ticks")
          + (gated ? "" : ", no gate")
          + (layout.format() == TickLayout.Format.TICKS
              ? ""
              : ", ticks from " + layout.format().name().toLowerCase(java.util.Locale.ROOT));
    }

    static Args parse(String[] args, boolean outRequired) {
      Path plans = null, ticks = null, out = null, rules = null, report = null, reportJson = null;
      Long maxFill = null;
      CommissionModel commission = null;
      boolean gated = true;
      LayoutFlags layout = new LayoutFlags();
      int latencyTicks = 0;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--no-gate")) {
          gated = false;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String v = args[++i];
        switch (flag) {
          case "--plans" -> plans = Path.of(v);
          case "--ticks" -> ticks = Path.of(v);
          case "--out" -> out = Path.of(v);
          case "--rules" -> rules = Path.of(v);
          case "--report" -> report = Path.of(v);
          case "--report-json" -> reportJson = Path.of(v);
          case "--max-fill-per-tick" -> {
            if (!v.matches("[1-9][0-9]{0,17}")) {
              throw new IllegalArgumentException(
                  "--max-fill-per-tick must be an integer > 0: " + v);
            }
            maxFill = Long.parseLong(v);
          }
          case "--latency-ticks" -> {
            if (!v.matches("0|[1-9][0-9]{0,5}")
                || Integer.parseInt(v) > SimulationOptions.LATENCY_TICKS_MAX) {
              throw new IllegalArgumentException(
                  "--latency-ticks must be an integer 0 to "
                      + SimulationOptions.LATENCY_TICKS_MAX
                      + ": "
                      + v);
            }
            latencyTicks = Integer.parseInt(v);
          }
          case "--commission-per-share" -> {
            BigDecimal rate;
            try {
              rate = Decimals.parse(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(
                  "--commission-per-share must be a plain decimal >= 0: " + v);
            }
            if (rate.signum() < 0) {
              throw new IllegalArgumentException("--commission-per-share must be >= 0: " + v);
            }
            commission = oneCommission(commission, new CommissionModel.PerShare(rate));
          }
          case "--commission" -> {
            try {
              commission = oneCommission(commission, CommissionModel.parse(v));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("--commission: " + e.getMessage());
            }
          }
          default -> {
            if (!layout.accept(flag, v)) {
              throw new IllegalArgumentException("unknown option " + flag);
            }
          }
        }
      }
      if (plans == null || ticks == null || (outRequired && out == null)) {
        throw new IllegalArgumentException("--plans, --ticks and --out are required");
      }
      if (rules != null && !Files.isDirectory(rules)) {
        throw new IllegalArgumentException("--rules " + rules + " is not a folder");
      }
      return new Args(
          plans,
          ticks,
          out,
          rules,
          maxFill,
          commission == null ? CommissionModel.NONE : commission,
          report,
          reportJson,
          gated,
          latencyTicks,
          layout.layout());
    }

    /**
     * One commission model per run: {@code --commission} and the per-share rate exclude each other.
     */
    private static CommissionModel oneCommission(CommissionModel before, CommissionModel given) {
      if (before != null) {
        throw new IllegalArgumentException(
            "give one of --commission and --commission-per-share, once");
      }
      return given;
    }
  }
}
