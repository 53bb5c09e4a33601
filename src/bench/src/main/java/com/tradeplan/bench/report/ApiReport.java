package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The generated part of docs/benchmarks.md's "API under load" chapter, from a run's {@code
 * api.json} (written by {@code src/bench/load/api-load.mjs}: autocannon's figures, the WebSocket
 * subscribers' counts and the server's tick-to-decision histogram read before and during the load)
 * and {@code machine.json}. Per number of traders: throughput, latency percentiles, errors and
 * non-2xx answers, the live updates the subscribers got, and tick-to-decision at rest against under
 * load with their ratio. Chart: request latency and tick-to-decision p99 against traders.
 */
public final class ApiReport {
  private final JsonNode api;
  private final RunResults run;

  public ApiReport(JsonNode api, RunResults run) {
    this.api = api;
    this.run = run;
  }

  public String markdown(Function<String, String> chartLink) {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append(
            "\n\n| traders (connections) | requests | requests/s | latency p50 | p90 | p99 | max |")
        .append(" errors | non-2xx (by status) | WebSocket subscribers, updates received |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (JsonNode r : api.path("runs")) {
      JsonNode q = r.path("requests");
      JsonNode l = q.path("latencyMs");
      JsonNode ws = r.path("websocket");
      b.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s | %s ms | %s ms | %s ms | %s ms | %,d | %,d %s | %,d of %,d, %,d |%n",
              r.path("traders").asInt(),
              q.path("total").asLong(),
              Figures.value(q.path("perSecond").asDouble()),
              Figures.value(l.path("p50").asDouble()),
              Figures.value(l.path("p90").asDouble()),
              Figures.value(l.path("p99").asDouble()),
              Figures.value(l.path("max").asDouble()),
              q.path("errors").asLong(),
              q.path("non2xx").asLong(),
              statuses(q.path("statusCodes")),
              ws.path("connected").asInt(),
              ws.path("subscribers").asInt(),
              ws.path("messages").asLong()));
    }
    b.append("\nTick to decision on the lanes (the server's")
        .append(" `tradeplan_engine_tick_to_decision_seconds`, read before and after each phase;")
        .append(" percentiles are the upper bounds of the histogram's buckets):\n\n")
        .append(
            "| traders | at rest: ticks, p50, p99 | under load: ticks, p50, p99 | p99 ratio |\n")
        .append("|---:|---|---|---:|\n");
    for (JsonNode r : api.path("runs")) {
      JsonNode rest = r.path("tickToDecision").path("baseline");
      JsonNode load = r.path("tickToDecision").path("load");
      double restP99 = rest.path("p99Ms").asDouble();
      double loadP99 = load.path("p99Ms").asDouble();
      b.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %s |%n",
              r.path("traders").asInt(),
              ticks(rest),
              ticks(load),
              restP99 > 0 && loadP99 > 0 ? Figures.ratio(loadP99 / restP99) : "-"));
    }
    b.append("\n![API latency and tick to decision against traders](")
        .append(chartLink.apply("latency"))
        .append(")\n\n");
    return b.toString();
  }

  private static String ticks(JsonNode phase) {
    if (phase.path("ticks").asLong() == 0) {
      return "no tick";
    }
    return String.format(
        Locale.ROOT,
        "%,d, %s ms, %s ms",
        phase.path("ticks").asLong(),
        Figures.value(phase.path("p50Ms").asDouble()),
        Figures.value(phase.path("p99Ms").asDouble()));
  }

  private static String statuses(JsonNode codes) {
    List<String> out = new ArrayList<>();
    codes
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().startsWith("2")) {
                out.add(
                    e.getKey() + ": " + String.format(Locale.ROOT, "%,d", e.getValue().asLong()));
              }
            });
    return out.isEmpty() ? "" : "(" + String.join(", ", out) + ")";
  }

  /** The chart by name: {@code latency}. */
  public Map<String, String> charts() {
    LogLogChart c =
        new LogLogChart("API under load", "simulated traders", "milliseconds (log scale)");
    series(c, "requests p50", r -> r.path("requests").path("latencyMs").path("p50"));
    series(c, "requests p99", r -> r.path("requests").path("latencyMs").path("p99"));
    series(c, "tick to decision p99, at rest", r -> r.path("tickToDecision").path("baseline"));
    series(c, "tick to decision p99, under load", r -> r.path("tickToDecision").path("load"));
    Map<String, String> out = new LinkedHashMap<>();
    out.put("latency", c.svg());
    return out;
  }

  private void series(LogLogChart c, String name, Function<JsonNode, JsonNode> field) {
    List<double[]> pts = new ArrayList<>();
    for (JsonNode r : api.path("runs")) {
      JsonNode f = field.apply(r);
      double v = f.has("p99Ms") ? f.path("p99Ms").asDouble() : f.asDouble();
      if (v > 0) {
        pts.add(new double[] {r.path("traders").asInt(), v});
      }
    }
    if (!pts.isEmpty()) {
      c.add(name, pts);
    }
  }
}
