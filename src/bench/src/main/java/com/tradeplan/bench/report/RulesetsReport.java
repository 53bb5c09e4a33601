package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated section of docs/benchmarks.md's "Rule-set versions" chapter: the heap in use per
 * loaded version ({@code VersionHeap}, workload {@code versionHeap} in {@code trials.jsonl}), a
 * quiet tick's mean time against the versions loaded ({@code RuleVersionsBenchmark.quietTick}) and
 * a tick's mean time per shipped strategy ({@code StrategyTickBenchmark.tick}) with its ratio to
 * the plans without one.
 */
public final class RulesetsReport {
  private static final double MIB = 1024.0 * 1024.0;

  private final RunResults run;

  public RulesetsReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\n");
    heap(b);
    versions(b);
    strategies(b);
    return b.toString();
  }

  private void heap(StringBuilder b) {
    List<JsonNode> steps = new ArrayList<>();
    for (JsonNode t : run.trials()) {
      if (t.path("workload").asText().equals("versionHeap")) {
        steps.add(t);
      }
    }
    if (steps.isEmpty()) {
      return;
    }
    b.append("**Memory per loaded version** (`VersionHeap`, heap in use after three `System.gc()`,")
        .append(" collector ")
        .append(steps.get(0).path("collector").asText())
        .append("):\n\n| versions loaded | heap in use (MiB) | added by the last one (MiB) |\n")
        .append("|---:|---:|---:|\n");
    List<Double> further = new ArrayList<>();
    for (JsonNode s : steps) {
      JsonNode added = s.path("addedBytes");
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %.1f | %s |%n",
              s.path("versions").asInt(),
              s.path("heapBytes").asLong() / MIB,
              added.isNull() || added.isMissingNode()
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", added.asLong() / MIB)));
      if (s.path("versions").asInt() >= 2) {
        further.add(added.asLong() / MIB);
      }
    }
    if (!further.isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nEach further version (2 to %d): %.1f MiB on average, %.1f to %.1f MiB.%n",
              steps.get(steps.size() - 1).path("versions").asInt(),
              further.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
              further.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
              further.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
    }
    b.append('\n');
  }

  private void versions(StringBuilder b) {
    StringBuilder rows = new StringBuilder();
    for (Measurement m : run.jmh()) {
      if (m.benchmark().equals("quietTick") && m.param("versions") != null) {
        rows.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s %s |%n",
                m.param("pinnedSpread"),
                m.param("versions"),
                Figures.value(m.score()),
                Percentiles.unit(m)));
      }
    }
    if (rows.length() > 0) {
      b.append("**Tick cost against versions loaded** (`RuleVersionsBenchmark.quietTick`, JMH's")
          .append(" mean):\n\n| pinnedSpread | versions loaded | quiet tick |\n|---|---:|---:|\n")
          .append(rows)
          .append('\n');
    }
  }

  private void strategies(StringBuilder b) {
    Double none = null;
    List<Measurement> ticks = new ArrayList<>();
    for (Measurement m : run.jmh()) {
      if (m.benchmark().equals("tick") && m.param("strategy") != null) {
        ticks.add(m);
        if (m.param("strategy").equals("none")) {
          none = m.score();
        }
      }
    }
    if (ticks.isEmpty()) {
      return;
    }
    b.append("**Strategies: tick cost** (`StrategyTickBenchmark.tick`, JMH's mean):\n\n")
        .append("| strategy | tick | against no strategy |\n|---|---:|---:|\n");
    for (Measurement m : ticks) {
      String s = m.param("strategy");
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s %s | %s |%n",
              s.equals("none") ? "none" : "`" + s + "`",
              Figures.value(m.score()),
              Percentiles.unit(m),
              none == null || s.equals("none") ? "-" : Figures.ratio(m.score() / none)));
    }
    b.append('\n');
  }
}
