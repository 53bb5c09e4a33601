package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated table of docs/benchmarks.md's simulator chapter ({@code SimulationBenchmark}): per
 * plan count, JMH's mean wall time of one whole run and the ticks per second it makes, and from
 * {@code trials.jsonl} the median CPU time of the measured runs' one thread and the ticks per
 * CPU-second: on a shared machine the wall time measures the load, the CPU time the simulator.
 */
public final class SimulationReport {
  private final RunResults run;

  public SimulationReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\n| plans | ticks per run | one run, wall (JMH mean) | ticks/s, wall |")
        .append(
            " one run, CPU (median) | ticks per CPU-second |\n|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : run.jmh()) {
      if (!m.benchmark().equals("simulate") || m.param("plans") == null) {
        continue;
      }
      long plans = Long.parseLong(m.param("plans"));
      long ticks = Long.parseLong(m.param("ticks"));
      double wallMillis = m.unit().startsWith("ms") ? m.score() : m.score() * 1e3;
      Double cpuMillis = medianCpuMillis(plans);
      b.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s ms | %,.0f | %s | %s |%n",
              plans,
              ticks,
              Figures.value(wallMillis),
              ticks / (wallMillis / 1e3),
              cpuMillis == null ? "-" : Figures.value(cpuMillis) + " ms",
              cpuMillis == null
                  ? "-"
                  : String.format(Locale.ROOT, "%,.0f", ticks / (cpuMillis / 1e3))));
    }
    return b.append('\n').toString();
  }

  private Double medianCpuMillis(long plans) {
    List<Double> cpu = new ArrayList<>();
    for (JsonNode t : run.trials()) {
      if (t.path("workload").asText().equals("simulation") && t.path("plans").asLong() == plans) {
        cpu.add(t.path("cpuNanos").asLong() / 1e6);
      }
    }
    if (cpu.isEmpty()) {
      return null;
    }
    cpu.sort(null);
    int n = cpu.size();
    return n % 2 == 1 ? cpu.get(n / 2) : (cpu.get(n / 2 - 1) + cpu.get(n / 2)) / 2;
  }
}
