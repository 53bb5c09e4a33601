package com.tradeplan.bench.report;

import com.tradeplan.bench.peers.Implementation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The targets of issue 16, judged from a run: each with the figure measured, whether it is met and
 * by how much it is missed. A target whose size was not run is judged at the largest size that was,
 * and says so. The reasons for a miss are the chapter's prose, not generated.
 */
final class PeersTargets {
  private final PeersReport report;
  private final TreeSet<Integer> sizes;
  private final TreeSet<Integer> heapSizes;

  PeersTargets(PeersReport report, TreeSet<Integer> sizes, TreeSet<Integer> heapSizes) {
    this.report = report;
    this.sizes = sizes;
    this.heapSizes = heapSizes;
  }

  void append(StringBuilder b) {
    if (sizes.isEmpty()) {
      return;
    }
    b.append("#### Against the targets of issue 16\n\n");
    b.append("| target | measured | verdict |\n|---|---|---|\n");
    int quietAt = atMost(1_000_000);
    Measurement quiet = report.get("quietTick", Implementation.ENGINE, quietAt);
    if (quiet != null) {
      double p50 = quiet.percentile(50.0);
      row(
          b,
          "untriggered tick p50 under 1 µs at 1M plans",
          at(quietAt, "p50 " + Figures.value(p50) + " µs"),
          p50,
          1.0,
          "µs",
          metAt(quietAt, 1_000_000));
      double perSecond = 1e6 / quiet.score();
      String measured =
          at(
              quietAt,
              String.format(
                  Locale.ROOT,
                  "%,.0f ticks/s (1 / mean of %s µs)",
                  perSecond,
                  Figures.value(quiet.score())));
      verdict(
          b,
          "at least 500k ticks/s per core on the quiet workload",
          measured,
          perSecond >= 500_000,
          "met",
          perSecond >= 500_000
              ? ""
              : String.format(Locale.ROOT, "%.1fx short", 500_000 / perSecond));
    }
    int entryAt = atMost(10_000);
    Measurement entry = report.get("entryTick", Implementation.ENGINE, entryAt);
    if (entry != null) {
      double p99 = entry.percentile(99.0);
      row(
          b,
          "triggered tick to order intent p99 under 100 µs at 10k plans",
          at(entryAt, "p99 " + Figures.value(p99) + " µs"),
          p99,
          100.0,
          "µs",
          metAt(entryAt, 10_000));
    }
    ratios(b, "p50", (w, i, plans) -> report.p50(w, i, plans));
    ratios(b, "CPU time", (w, i, plans) -> report.trialFigure(w, i, plans, "cpuMicrosPerOp"));
    if (!heapSizes.isEmpty()) {
      int heapAt = heapSizes.last();
      for (int s : heapSizes.descendingSet()) {
        Double v = report.heapPerPlan(Implementation.ENGINE, s);
        if (v != null && !v.isNaN()) {
          heapAt = s;
          break;
        }
      }
      Double heap = report.heapPerPlan(Implementation.ENGINE, heapAt);
      if (heap != null && !heap.isNaN()) {
        row(
            b,
            "heap per monitored plan under 5 KB",
            at(heapAt, String.format(Locale.ROOT, "%,.0f bytes", heap)),
            heap,
            5_000.0,
            "bytes",
            "met");
      }
    }
    b.append('\n');
  }

  /** A figure of one workload, implementation and size; null when not measured. */
  interface Figure {
    Double of(String workload, Implementation impl, int plans);
  }

  /**
   * The two ratio targets (within 2x of hand-coded Java, faster than Esper), judged on {@code f}.
   */
  private void ratios(StringBuilder b, String what, Figure f) {
    List<String> over2x = new ArrayList<>();
    List<String> slowerThanEsper = new ArrayList<>();
    double worst = 0;
    int compared = 0;
    for (String w : PeersReport.WORKLOADS.keySet()) {
      for (int plans : sizes) {
        Double engine = f.of(w, Implementation.ENGINE, plans);
        Double hand = f.of(w, Implementation.HAND_CODED, plans);
        Double esper = f.of(w, Implementation.ESPER, plans);
        if (engine != null && hand != null && hand > 0) {
          compared++;
          double r = engine / hand;
          worst = Math.max(worst, r);
          if (r > 2) {
            over2x.add(w + " " + Figures.plans(plans) + " " + Figures.ratio(r));
          }
        }
        if (engine != null && esper != null && engine >= esper) {
          slowerThanEsper.add(w + " " + Figures.plans(plans) + " " + Figures.ratio(engine / esper));
        }
      }
    }
    if (compared == 0) {
      notMeasured(b, what);
      return;
    }
    verdict(
        b,
        "the engine within 2x of hand-coded Java on every workload (" + what + ")",
        "worst " + Figures.ratio(worst),
        over2x.isEmpty(),
        "met",
        "over 2x: " + String.join(", ", over2x));
    verdict(
        b,
        "the engine faster than Esper on every workload (" + what + ")",
        slowerThanEsper.isEmpty()
            ? "faster everywhere"
            : "slower in " + slowerThanEsper.size() + " cases",
        slowerThanEsper.isEmpty(),
        "met",
        "engine / Esper: " + String.join(", ", slowerThanEsper));
  }

  private static void notMeasured(StringBuilder b, String what) {
    b.append("| the ratio targets on ").append(what).append(" | not measured in this run | — |\n");
  }

  /** The largest size run that is at most {@code wanted}, or the smallest run. */
  private int atMost(int wanted) {
    Integer s = sizes.floor(wanted);
    return s == null ? sizes.first() : s;
  }

  private static String at(int plans, String figure) {
    return figure + " at " + Figures.plans(plans) + " plans";
  }

  /** "met", or when judged below the target's size, that the size the target names was not run. */
  private static String metAt(int judgedAt, int wanted) {
    return judgedAt >= wanted
        ? "met"
        : "met at " + Figures.plans(judgedAt) + " plans; " + Figures.plans(wanted) + " not run";
  }

  private static void row(
      StringBuilder b,
      String target,
      String measured,
      double value,
      double limit,
      String unit,
      String met) {
    verdict(
        b,
        target,
        measured,
        value < limit,
        met,
        String.format(
            Locale.ROOT,
            "%.1fx the limit (%s %s over)",
            value / limit,
            Figures.value(value - limit),
            unit));
  }

  private static void verdict(
      StringBuilder b, String target, String measured, boolean met, String metText, String miss) {
    b.append("| ").append(target).append(" | ").append(measured).append(" | ");
    b.append(met ? metText : "**missed**: " + miss).append(" |\n");
  }
}
