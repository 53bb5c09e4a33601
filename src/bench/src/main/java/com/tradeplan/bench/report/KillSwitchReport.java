package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated part of docs/benchmarks.md's kill switch chapter, from a run's {@code
 * killswitch.jsonl} (one line per measured test, appended by {@code KillSwitchEndToEndTest} under
 * {@code ./tradeplan bench killswitch}) and {@code machine.json}: the global cancel of every
 * working entry (until the gateway is empty, until every plan is cancelled) and the flatten of
 * every position with the first attempts rejected, each run's figure in run order.
 */
public final class KillSwitchReport {
  private final List<JsonNode> lines;
  private final RunResults run;

  public KillSwitchReport(List<JsonNode> lines, RunResults run) {
    this.lines = lines;
    this.run = run;
  }

  public String markdown() {
    List<JsonNode> cancels = of("globalCancel");
    List<JsonNode> flattens = of("flatten");
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\n| what | runs | result (each run) | target |\n| --- | ---: | --- | --- |\n");
    int plans = cancels.isEmpty() ? 0 : cancels.get(0).path("plans").asInt();
    row(
        b,
        String.format(
            Locale.ROOT,
            "global switch pressed with %,d market entries working: press until the gateway has no"
                + " working order (`reqGlobalCancel`)",
            plans),
        cancels,
        "gatewayEmptyMs",
        "under 1 s");
    row(
        b,
        String.format(
            Locale.ROOT,
            "same: press until every one of the %,d plans is `CANCELLED` in the engine",
            plans),
        cancels,
        "plansCancelledMs",
        "—");
    JsonNode f = flattens.isEmpty() ? null : flattens.get(0);
    row(
        b,
        String.format(
            Locale.ROOT,
            "global switch with flatten, %,d open positions, the gateway rejecting the first %,d"
                + " flatten orders (every first one, half the second ones): press until the"
                + " account is flat",
            f == null ? 0 : f.path("positions").asInt(),
            f == null ? 0 : f.path("rejected").asInt()),
        flattens,
        "flatMs",
        "bounded (the test allows a minute)");
    return b.append('\n').toString();
  }

  private static void row(
      StringBuilder b, String what, List<JsonNode> runs, String field, String target) {
    List<Long> millis = new ArrayList<>();
    runs.forEach(r -> millis.add(r.path(field).asLong()));
    b.append("| ")
        .append(what)
        .append(" | ")
        .append(runs.size())
        .append(" | ")
        .append(millis.isEmpty() ? "not measured" : "**" + durations(millis) + "**")
        .append(" | ")
        .append(target)
        .append(" |\n");
  }

  private List<JsonNode> of(String test) {
    return lines.stream().filter(l -> l.path("test").asText().equals(test)).toList();
  }

  /**
   * Milliseconds in one unit: "12, 29, 48 ms", or seconds with two decimals when one reaches a
   * second ("0.67, 1.55 s").
   */
  static String durations(List<Long> millis) {
    boolean seconds = millis.stream().anyMatch(m -> m >= 1_000);
    List<String> out = new ArrayList<>();
    for (long m : millis) {
      out.add(
          seconds
              ? String.format(Locale.ROOT, "%.2f", m / 1_000.0)
              : String.format(Locale.ROOT, "%,d", m));
    }
    return String.join(", ", out) + (seconds ? " s" : " ms");
  }
}
