package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The generated part of docs/benchmarks.md's "whole path" chapter, from a run's {@code path.json}
 * (written by {@code path.PathRun}) and {@code machine.json}: per population size the tick-to-order
 * percentiles at the gateway, checked against the target (p99 under 100 µs for the engine
 * alone: the path adds the store, the replication and the sockets, so the table says by how much it
 * is over); the storm's entries and exits (first and last at the gateway, waits) and each
 * connection's orders per second. Charts: the percentiles against plans (log-log), and the storm
 * exits' orders per second per connection against the seconds after the drop.
 */
public final class PathReport {
  /** The target for a triggered tick to its order intent, at 10k plans. */
  static final double TARGET_P99_US = 100;

  private final JsonNode path;
  private final RunResults run;

  public PathReport(JsonNode path, RunResults run) {
    this.path = path;
    this.run = run;
  }

  public String markdown(Function<String, String> chartLink) {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append(
        String.format(
            Locale.ROOT,
            "%n%nTick written by the paper gateway to the entry order's bytes back at the gateway,"
                + " %,d probes per population (µs):%n%n",
            path.path("probes").asInt()));
    b.append(
        "| plans | samples | min | p50 | p90 | p99 | p99.9 | max | activation of the plans |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (JsonNode r : path.path("runs")) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s | %s | %s | %s | %s | %s | %s s |%n",
              Figures.plans(r.path("plans").asInt()),
              r.path("samples").asLong(),
              us(r, "minUs"),
              us(r, "p50Us"),
              us(r, "p90Us"),
              us(r, "p99Us"),
              us(r, "p999Us"),
              us(r, "maxUs"),
              Figures.value(r.path("activationSeconds").asDouble())));
    }
    stages(b);
    b.append('\n').append(target()).append("\n\n");
    b.append("![tick to order at the gateway against plans](")
        .append(chartLink.apply("latency"))
        .append(")\n");
    JsonNode storm = path.get("storm");
    if (storm != null) {
      storm(b, storm);
      b.append("\n![storm exits: orders per second per connection](")
          .append(chartLink.apply("storm"))
          .append(")\n");
    }
    return b.append('\n').toString();
  }

  /** What each stage of the probes took, by the members' own meters (path.StageMeters). */
  private void stages(StringBuilder b) {
    List<JsonNode> measured = new ArrayList<>();
    for (JsonNode r : path.path("runs")) {
      if (r.has("stages")) {
        measured.add(r);
      }
    }
    if (measured.isEmpty()) {
      return;
    }
    b.append(
        "\nWhere a probe's time went, by the members' own meters over the same probes (µs; the"
            + " meters the server exports, docs/api.md):\n\n");
    b.append("| plans | stage | samples | p50 | p99 | max |\n|---:|---|---:|---:|---:|---:|\n");
    for (JsonNode r : measured) {
      for (Map.Entry<String, String> stage : STAGES.entrySet()) {
        JsonNode st = r.path("stages").path(stage.getKey());
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %s | %s | %s |%n",
                Figures.plans(r.path("plans").asInt()),
                stage.getValue(),
                st.path("samples").asLong(),
                us(st, "p50Us"),
                us(st, "p99Us"),
                us(st, "maxUs")));
      }
    }
  }

  /** The stages of {@code path.StageMeters}, in the order of the path, with what each covers. */
  private static final Map<String, String> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put(
        "tickToDecision",
        "tick at the lane to orders at the broker port (queue, rules, intent write, replication)");
    STAGES.put("replicatedBeforeSend", "of it, the wait for the cluster's synchronous backup");
    STAGES.put(
        "orderAcknowledged", "order written to IB until IB's first status (after the sample)");
  }

  private String target() {
    JsonNode largest = null;
    for (JsonNode r : path.path("runs")) {
      if (largest == null || r.path("plans").asInt() > largest.path("plans").asInt()) {
        largest = r;
      }
    }
    if (largest == null) {
      return "No population was measured.";
    }
    double p99 = largest.path("p99Us").asDouble();
    String at = Figures.plans(largest.path("plans").asInt()) + " plans";
    if (p99 <= TARGET_P99_US) {
      return "Against the target (triggered tick to order p99 under 100 µs at 10k plans): p99 "
          + Figures.value(p99)
          + " µs at "
          + at
          + ", **met** on the whole path.";
    }
    return "Against the target (triggered tick to order p99 under 100 µs at 10k plans, set for"
        + " the engine alone): p99 "
        + Figures.value(p99)
        + " µs at "
        + at
        + " on the whole path, **"
        + Figures.ratio(p99 / TARGET_P99_US)
        + " the target** ("
        + Figures.value(p99 - TARGET_P99_US)
        + " µs over).";
  }

  private static void storm(StringBuilder b, JsonNode storm) {
    b.append(
        String.format(
            Locale.ROOT,
            "%nStorm: %,d plans of one symbol (five per user) entered by one tick, filled by the"
                + " next, then one drop through every stop. Times from the tick that caused the"
                + " orders to their arrival at the gateway:%n%n",
            storm.path("plans").asInt()));
    b.append("| wave | orders | first at the gateway | last at the gateway | wait p50 | wait p99 |")
        .append(" per connection: orders, peak per second |\n|---|---:|---:|---:|---:|---:|---|\n");
    for (String wave : List.of("entries", "exits")) {
      JsonNode w = storm.path(wave);
      List<String> conns = new ArrayList<>();
      for (JsonNode c : w.path("connections")) {
        conns.add(
            String.format(
                Locale.ROOT,
                "client %d: %,d, %d/s",
                c.path("clientId").asInt(),
                c.path("orders").asInt(),
                c.path("peakPerSecond").asInt()));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s ms | %s ms | %s ms | %s ms | %s |%n",
              wave,
              w.path("orders").asInt(),
              Figures.value(w.path("firstMs").asDouble()),
              Figures.value(w.path("lastMs").asDouble()),
              Figures.value(w.path("waitP50Ms").asDouble()),
              Figures.value(w.path("waitP99Ms").asDouble()),
              String.join("; ", conns)));
    }
  }

  private static String us(JsonNode r, String field) {
    return Figures.value(r.path(field).asDouble());
  }

  /** The charts by name: {@code latency} always, {@code storm} when the run had one. */
  public Map<String, String> charts() {
    Map<String, String> out = new LinkedHashMap<>();
    LogLogChart latency =
        new LogLogChart(
            "tick to order at the gateway (whole path)", "monitored plans", "µs (log scale)");
    for (String[] p : new String[][] {{"p50", "p50Us"}, {"p99", "p99Us"}, {"p99.9", "p999Us"}}) {
      List<double[]> pts = new ArrayList<>();
      for (JsonNode r : path.path("runs")) {
        double v = r.path(p[1]).asDouble();
        if (v > 0) {
          pts.add(new double[] {r.path("plans").asInt(), v});
        }
      }
      if (!pts.isEmpty()) {
        latency.add(p[0], pts);
      }
    }
    out.put("latency", latency.svg());
    JsonNode exits = path.path("storm").path("exits");
    if (!exits.isMissingNode()) {
      LogLogChart c =
          new LogLogChart(
              "storm exits at the gateway, per IB connection",
              "second after the drop tick (1 = the first)",
              "orders in that second");
      for (JsonNode conn : exits.path("connections")) {
        List<double[]> pts = new ArrayList<>();
        JsonNode perSecond = conn.path("perSecond");
        for (int s = 0; s < perSecond.size(); s++) {
          if (perSecond.get(s).asInt() > 0) {
            pts.add(new double[] {s + 1, perSecond.get(s).asInt()});
          }
        }
        if (!pts.isEmpty()) {
          c.add("client " + conn.path("clientId").asInt(), pts);
        }
      }
      out.put("storm", c.svg());
    }
    return out;
  }
}
