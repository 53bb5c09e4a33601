package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated section of docs/benchmarks.md's "Do analysis jobs slow a trading lane?" ({@code
 * LanesUnderJobsRun}, workload {@code lanes} in {@code trials.jsonl}): per isolation mode, tick to
 * decision without and with jobs running (p50, p90, p99, p99.9, max), the p99's ratio with jobs to
 * without, and the CPU the jobs got in the busy phases.
 */
public final class LanesReport {
  private final RunResults run;

  public LanesReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\nTick to decision (µs), per isolation mode:\n\n")
        .append("| isolation | phase | samples | p50 | p90 | p99 | p99.9 | max |")
        .append(" p99 jobs / no job | jobs' CPU (of one core) |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    List<JsonNode> phases = new ArrayList<>();
    for (JsonNode t : run.trials()) {
      if (t.path("workload").asText().equals("lanes")) {
        phases.add(t);
      }
    }
    JsonNode idle = null;
    for (JsonNode p : phases) {
      boolean busy = p.path("phase").asText().equals("jobs running");
      String ratio = "";
      String cpu = "";
      if (!busy) {
        idle = p;
      } else {
        if (idle != null && idle.path("isolation").equals(p.path("isolation"))) {
          ratio =
              Figures.ratio(
                  p.path("p99Nanos").asDouble() / Math.max(1, idle.path("p99Nanos").asDouble()));
        }
        long cpuMillis = p.path("jobCpuMillis").asLong();
        long wallMillis = p.path("jobWallMillis").asLong();
        cpu =
            String.format(
                Locale.ROOT,
                "%s s in %s s (%d%%), jobs done: %d",
                Figures.value(cpuMillis / 1e3),
                Figures.value(wallMillis / 1e3),
                wallMillis == 0 ? 0 : Math.round(100.0 * cpuMillis / wallMillis),
                p.path("jobs").asInt());
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s |%n",
              p.path("isolation").asText(),
              p.path("phase").asText(),
              p.path("samples").asLong(),
              micros(p, "p50Nanos"),
              micros(p, "p90Nanos"),
              micros(p, "p99Nanos"),
              micros(p, "p999Nanos"),
              micros(p, "maxNanos"),
              ratio,
              cpu));
    }
    return b.append('\n').toString();
  }

  private static String micros(JsonNode p, String field) {
    return String.format(Locale.ROOT, "%,d", p.path(field).asLong() / 1_000);
  }
}
