package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.bench.peers.Implementation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The generated part of docs/benchmarks.md's "Peers" chapter: per workload the p50 and p99 of every
 * implementation with its ratio to the hand-coded one, allocation per operation, heap per plan, the
 * verdict on each target of issue 16, and one log-log chart per workload (time per operation
 * against monitored plans) plus one of heap per plan.
 */
public final class PeersReport {
  /** The workloads in the order the chapter shows them, with what each operation is. */
  static final Map<String, String> WORKLOADS = new java.util.LinkedHashMap<>();

  static {
    WORKLOADS.put("quietTick", "a tick that crosses no level");
    WORKLOADS.put("entryTick", "a tick that triggers one plan's entry");
    WORKLOADS.put(
        "fillTick", "the next tick: its fill makes the trade live, stops and targets armed");
    WORKLOADS.put("storm", "one move that triggers every plan of a symbol (plans / 100)");
  }

  private final RunResults run;

  /** workload -> impl -> plans -> measurement */
  private final Map<String, Map<Implementation, Map<Integer, Measurement>>> byWorkload =
      new TreeMap<>();

  private final TreeSet<Integer> sizes = new TreeSet<>();

  public PeersReport(RunResults run) {
    this.run = run;
    for (Measurement m : run.jmh()) {
      if (!WORKLOADS.containsKey(m.benchmark()) || m.param("impl") == null) {
        continue;
      }
      int plans = Integer.parseInt(m.param("plans"));
      sizes.add(plans);
      byWorkload
          .computeIfAbsent(m.benchmark(), w -> new TreeMap<>())
          .computeIfAbsent(Implementation.valueOf(m.param("impl")), i -> new TreeMap<>())
          .put(plans, m);
    }
  }

  Measurement get(String workload, Implementation impl, int plans) {
    return byWorkload.getOrDefault(workload, Map.of()).getOrDefault(impl, Map.of()).get(plans);
  }

  Double p50(String workload, Implementation impl, int plans) {
    Measurement m = get(workload, impl, plans);
    return m == null ? null : m.percentile(50.0);
  }

  /** The markdown between the chapter's markers; {@code chartPath} names the chart files. */
  public String markdown(Function<String, String> chartPath) {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ');
    b.append(run.text("mode", "")).append("\n\n");
    b.append("Time per operation, p50 in µs, and in brackets the ratio to hand-coded Java ")
        .append("(lower is better); a dash: not run (see the notes below the tables).\n\n");
    for (String w : WORKLOADS.keySet()) {
      if (!byWorkload.containsKey(w)) {
        continue;
      }
      b.append("#### `").append(w).append("`: ").append(WORKLOADS.get(w)).append("\n\n");
      table(b, "p50 µs", p -> p.percentile(50.0), true, w);
      table(b, "p99 µs", p -> p.percentile(99.0), false, w);
      cpu(b, w);
      allocation(b, w);
      b.append("![").append(w).append(": p50 against plans](").append(chartPath.apply(w));
      b.append(")\n\n");
    }
    heap(b, chartPath.apply("heap"));
    targets(b);
    return b.toString();
  }

  private void table(
      StringBuilder b, String what, Function<Measurement, Double> f, boolean ratios, String w) {
    b.append("| ").append(what).append(" | plans |");
    for (Implementation i : Implementation.values()) {
      b.append(' ').append(i.label()).append(" |");
    }
    b.append("\n|---|---:|");
    b.append("---:|".repeat(Implementation.values().length)).append('\n');
    for (int plans : sizes) {
      Measurement base = get(w, Implementation.HAND_CODED, plans);
      Double baseValue = base == null ? null : f.apply(base);
      b.append("| | ").append(Figures.plans(plans)).append(" |");
      for (Implementation i : Implementation.values()) {
        Measurement m = get(w, i, plans);
        Double v = m == null ? null : f.apply(m);
        b.append(' ').append(Figures.value(v));
        if (v != null && baseValue != null && baseValue > 0 && i != Implementation.HAND_CODED) {
          b.append(" (").append(Figures.ratio(v / baseValue)).append(')');
        }
        b.append(" |");
      }
      b.append('\n');
    }
    b.append('\n');
  }

  /**
   * Thread CPU time per operation with its ratio to hand-coded Java: robust to a loaded machine.
   */
  private void cpu(StringBuilder b, String w) {
    b.append("| CPU µs per operation (mean) | plans |");
    for (Implementation i : Implementation.values()) {
      b.append(' ').append(i.label()).append(" |");
    }
    b.append("\n|---|---:|").append("---:|".repeat(Implementation.values().length)).append('\n');
    for (int plans : sizes) {
      Double base = trialFigure(w, Implementation.HAND_CODED, plans, "cpuMicrosPerOp");
      b.append("| | ").append(Figures.plans(plans)).append(" |");
      for (Implementation i : Implementation.values()) {
        Double v = trialFigure(w, i, plans, "cpuMicrosPerOp");
        b.append(' ').append(Figures.value(v));
        if (v != null && base != null && base > 0 && i != Implementation.HAND_CODED) {
          b.append(" (").append(Figures.ratio(v / base)).append(')');
        }
        b.append(" |");
      }
      b.append('\n');
    }
    b.append('\n');
  }

  private void allocation(StringBuilder b, String w) {
    b.append("| bytes allocated per operation | plans |");
    for (Implementation i : Implementation.values()) {
      b.append(' ').append(i.label()).append(" |");
    }
    b.append("\n|---|---:|").append("---:|".repeat(Implementation.values().length)).append('\n');
    for (int plans : sizes) {
      b.append("| | ").append(Figures.plans(plans)).append(" |");
      for (Implementation i : Implementation.values()) {
        b.append(' ').append(Figures.value(trialFigure(w, i, plans, "allocatedBytesPerOp")));
        b.append(" |");
      }
      b.append('\n');
    }
    b.append('\n');
  }

  Double trialFigure(String workload, Implementation impl, int plans, String field) {
    for (JsonNode t : run.trials()) {
      if (workload.equals(t.path("workload").asText())
          && impl.name().equals(t.path("impl").asText())
          && t.path("plans").asInt() == plans
          && t.hasNonNull(field)) {
        return t.get(field).asDouble();
      }
    }
    return null;
  }

  /** Heap per plan of {@code impl}: null when not measured; NaN when the heap ran out. */
  Double heapPerPlan(Implementation impl, int plans) {
    for (JsonNode h : run.heap()) {
      if (impl.name().equals(h.path("impl").asText()) && h.path("plans").asInt() == plans) {
        return h.hasNonNull("heapBytesPerPlan") ? h.get("heapBytesPerPlan").asDouble() : Double.NaN;
      }
    }
    return null;
  }

  private TreeSet<Integer> heapSizes() {
    TreeSet<Integer> out = new TreeSet<>();
    run.heap().forEach(h -> out.add(h.path("plans").asInt()));
    return out;
  }

  private void heap(StringBuilder b, String chart) {
    if (run.heap().isEmpty()) {
      return;
    }
    b.append("#### Heap per monitored plan (bytes retained, the plan's own objects included)\n\n");
    b.append("| plans |");
    for (Implementation i : Implementation.values()) {
      b.append(' ').append(i.label()).append(" |");
    }
    b.append("\n|---:|").append("---:|".repeat(Implementation.values().length)).append('\n');
    for (int plans : heapSizes()) {
      b.append("| ").append(Figures.plans(plans)).append(" |");
      for (Implementation i : Implementation.values()) {
        Double v = heapPerPlan(i, plans);
        b.append(' ').append(v != null && v.isNaN() ? outOfMemory(i, plans) : Figures.value(v));
        b.append(" |");
      }
      b.append('\n');
    }
    b.append("\n![heap per plan against plans](").append(chart).append(")\n\n");
  }

  private String outOfMemory(Implementation impl, int plans) {
    for (JsonNode h : run.heap()) {
      if (impl.name().equals(h.path("impl").asText()) && h.path("plans").asInt() == plans) {
        if (h.has("outOfMemoryAfterPlans")) {
          return String.format(
              java.util.Locale.ROOT,
              "out of memory after %,d plans (-Xmx %,d MiB)",
              h.get("outOfMemoryAfterPlans").asLong(),
              h.path("heapMaxBytes").asLong() >> 20);
        }
        return "not run: " + h.path("skipped").asText();
      }
    }
    return "—";
  }

  /** The log-log charts: one per workload (p50 against plans) and one of heap per plan. */
  public Map<String, String> charts() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String w : WORKLOADS.keySet()) {
      if (!byWorkload.containsKey(w)) {
        continue;
      }
      LogLogChart c =
          new LogLogChart(
              w + ": " + WORKLOADS.get(w), "monitored plans", "time per operation, µs (p50)");
      for (Implementation i : Implementation.values()) {
        List<double[]> pts = new ArrayList<>();
        for (int plans : sizes) {
          Double v = p50(w, i, plans);
          if (v != null && v > 0) {
            pts.add(new double[] {plans, v});
          }
        }
        if (!pts.isEmpty()) {
          c.add(i.label(), pts);
        }
      }
      out.put(w, c.svg());
    }
    if (!run.heap().isEmpty()) {
      LogLogChart c =
          new LogLogChart("heap per monitored plan", "monitored plans", "bytes per plan");
      for (Implementation i : Implementation.values()) {
        List<double[]> pts = new ArrayList<>();
        for (int plans : heapSizes()) {
          Double v = heapPerPlan(i, plans);
          if (v != null && !v.isNaN() && v > 0) {
            pts.add(new double[] {plans, v});
          }
        }
        if (!pts.isEmpty()) {
          c.add(i.label(), pts);
        }
      }
      out.put("heap", c.svg());
    }
    return out;
  }

  private void targets(StringBuilder b) {
    new PeersTargets(this, sizes, heapSizes()).append(b);
  }
}
