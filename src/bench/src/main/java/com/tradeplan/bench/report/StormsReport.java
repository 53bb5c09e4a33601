package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated section of docs/benchmarks.md's "Tick storms" chapter ({@code StormBenchmark}): per
 * replay, from {@code trials.jsonl} (workload {@code storm}), the storm's ticks per second, the
 * worst delay from a crossing tick pushed to its exit order, and the ticks the lanes folded; then
 * JMH's single-shot score of a whole replay (plan set-up included) and the range over the measured
 * replays.
 */
public final class StormsReport {
  private final RunResults run;

  public StormsReport(RunResults run) {
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    List<JsonNode> replays = new ArrayList<>();
    for (JsonNode t : run.trials()) {
      if (t.path("workload").asText().equals("storm")) {
        replays.add(t);
      }
    }
    if (replays.isEmpty()) {
      return b.append("\n\nNo replay was recorded (`trials.jsonl` has no storm).\n\n").toString();
    }
    JsonNode first = replays.get(0);
    b.append(
        String.format(
            Locale.ROOT,
            "%n%nStorm of %,d ticks, %d plans, %d lanes; each replay sent the simulator's %d exits"
                + " (a replay that differs fails the run).%n%n",
            first.path("stormTicks").asLong(),
            first.path("plans").asInt(),
            first.path("lanes").asInt(),
            first.path("exits").asInt()));
    b.append("| replay | ticks/s | worst crossing delay | ticks folded (of those handed to")
        .append(" the lanes) |\n|---|---:|---:|---:|\n");
    double minRate = Double.MAX_VALUE;
    double maxRate = 0;
    double worst = 0;
    int measured = 0;
    for (JsonNode r : replays) {
      double rate = r.path("ticksPerSecond").asDouble();
      double delayMillis = r.path("worstDelayNanos").asLong() / 1e6;
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %s ms | %,d of %,d |%n",
              r.path("replay").asText(),
              rate,
              Figures.value(delayMillis),
              r.path("ticksFolded").asLong(),
              r.path("ticksHanded").asLong()));
      if (!r.path("warmUp").asBoolean()) {
        measured++;
        minRate = Math.min(minRate, rate);
        maxRate = Math.max(maxRate, rate);
        worst = Math.max(worst, delayMillis);
      }
    }
    if (measured > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nMeasured replays (%d): %,.0f to %,.0f ticks/s, worst crossing delay %s ms.",
              measured,
              minRate,
              maxRate,
              Figures.value(worst)));
    }
    for (Measurement m : run.jmh()) {
      if (m.benchmark().equals("stormThroughTheLanes")) {
        b.append(" JMH's score (one whole replay, its plans' set-up included, single-shot): ")
            .append(Figures.value(m.score()))
            .append(' ')
            .append(m.unit().replace("/op", ""))
            .append(" per replay.");
      }
    }
    return b.append("\n\n").toString();
  }
}
