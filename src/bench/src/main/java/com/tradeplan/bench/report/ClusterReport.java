package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The generated part of docs/benchmarks.md's cluster chapter, from a run's {@code cluster.jsonl}
 * (one line per measured test run, appended under {@code ./tradeplan bench cluster} once the test's
 * checks passed) and {@code machine.json}. Member processes ({@code MemberProcessesTest}): kill -9
 * recovery, the seeded chaos kills, the SIGSTOP take-over and the replicated write before a send.
 * With trading: {@code ClusteredPlatformTest}'s take-over and its checks, and {@code
 * ClusterFailoverProcessTest}'s recovery, lanes caught up, slowest stop and checks, one group of
 * rows per plan count and store. Each run's figure is shown in run order.
 */
public final class ClusterReport {
  private final List<JsonNode> lines;
  private final RunResults run;

  public ClusterReport(List<JsonNode> lines, RunResults run) {
    this.lines = lines;
    this.run = run;
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("Run: ").append(run.machineLine()).append(' ').append(run.text("mode", ""));
    b.append("\n\nMember processes (`MemberProcessesTest`):\n\n");
    header(b);
    List<JsonNode> kills = of("memberKill");
    JsonNode k = kills.isEmpty() ? null : kills.get(0);
    row(
        b,
        String.format(
            Locale.ROOT,
            "`kill -9` of 1 of 3 members, %s plans / %s users (%s users on the victim): time from"
                + " the kill to every affected user re-acquired (`onAcquire` done on a survivor)",
            k == null ? "?" : String.format(Locale.ROOT, "%,d", k.path("plans").asInt()),
            k == null ? "?" : String.format(Locale.ROOT, "%,d", k.path("users").asInt()),
            range(kills, "victimUsers")),
        kills.size(),
        kills.isEmpty() ? "" : "**" + KillSwitchReport.durations(longs(kills, "recoveryMs")) + "**",
        "under 3 s");
    List<JsonNode> chaos = of("memberChaos");
    row(
        b,
        String.format(
            Locale.ROOT,
            "same, seeded chaos (a kill at a moment drawn from the seed), %s plans on the kill"
                + " test's cluster",
            chaos.isEmpty()
                ? "?"
                : String.format(Locale.ROOT, "%,d", chaos.get(0).path("plans").asInt())),
        chaos.size(),
        labelled(chaos, "recoveryMs", c -> "seed " + c.path("seed").asText()),
        "under 3 s");
    List<JsonNode> freezes = of("memberFreeze");
    row(
        b,
        String.format(
            Locale.ROOT,
            "`SIGSTOP` of 1 of 3 members (%s users on it): time until the majority has taken all"
                + " its users over (the 5 s failure detection, then migration)",
            range(freezes, "frozenUsers")),
        freezes.size(),
        freezes.isEmpty()
            ? ""
            : "**" + KillSwitchReport.durations(longs(freezes, "takenOverMs")) + "**",
        "—");
    List<JsonNode> writes = of("replicatedWrite");
    row(
        b,
        "replicated write before a send (`ClusterGuard.recordBeforeSend`: one snapshot, one entry"
            + " processor on the user's partition owner + 1 sync backup, then the local checks),"
            + " in steady state before the kill: also the cost per status change",
        writes.size(),
        writes.isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                "p50 **%s ms**, p99 **%s ms**, max %s ms (n %s)",
                micros(writes, "p50Us"),
                micros(writes, "p99Us"),
                micros(writes, "maxUs"),
                joined(writes, w -> String.format(Locale.ROOT, "%,d", w.path("n").asLong()))),
        "—");

    b.append("\nWith trading (`ClusteredPlatformTest`, `ClusterFailoverProcessTest`):\n\n");
    header(b);
    List<JsonNode> platforms = of("clusteredPlatform");
    JsonNode p = platforms.isEmpty() ? null : platforms.get(0);
    String size =
        p == null
            ? "?"
            : String.format(
                Locale.ROOT,
                "%,d users / %,d plans",
                p.path("users").asInt(),
                p.path("plans").asInt());
    row(
        b,
        "`ClusteredPlatformTest`: 3 clustered `Platform`s in one JVM (rule sessions, IbBroker per"
            + " member, one paper gateway, one embedded store), "
            + size
            + "; the member running most users terminated: time until every user runs again on"
            + " exactly one survivor",
        platforms.size(),
        platforms.isEmpty()
            ? ""
            : labelled(
                    platforms,
                    "recoveryMs",
                    c ->
                        c.path("fillAfterKill").asBoolean()
                            ? "entries filled after the kill"
                            : "entries filled before")
                + "; "
                + range(platforms, "victimUsers")
                + " users on the victim",
        "under 3 s");
    row(
        b,
        "same runs: orders sent twice (gateway audit), plans finishing with the P&L their fills"
            + " imply",
        platforms.size(),
        platforms.isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                "**%d**, %d of %d",
                sum(platforms, "sentTwice"),
                sum(platforms, "plansFinished"),
                sum(platforms, "plans")),
        "0");
    Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
    for (JsonNode f : of("failover")) {
      groups
          .computeIfAbsent(
              f.path("plans").asInt() + "/" + f.path("users").asInt() + "/" + f.path("store"),
              g -> new ArrayList<>())
          .add(f);
    }
    for (List<JsonNode> g : groups.values()) {
      failover(b, g);
    }
    if (groups.isEmpty()) {
      row(b, "`ClusterFailoverProcessTest`", 0, "", "under 3 s");
    }
    return b.append('\n').toString();
  }

  private static void failover(StringBuilder b, List<JsonNode> runs) {
    JsonNode f = runs.get(0);
    row(
        b,
        String.format(
            Locale.ROOT,
            "`ClusterFailoverProcessTest`, 3 `PlatformMain` processes, %,d plans / %,d users, store"
                + " %s, kill -9 of one member at a seeded moment: kill until **every user** is"
                + " monitored again on a survivor for good (`HELD` lines)",
            f.path("plans").asInt(),
            f.path("users").asInt(),
            f.path("store").asText().equals("memory") ? "in memory" : f.path("store").asText()),
        runs.size(),
        labelled(
                runs,
                "recoveryMs",
                r -> "seed " + r.path("seed").asText() + ", " + r.path("killedDuring").asText())
            + "; "
            + range(runs, "victimUsers")
            + " users on the victim",
        "under 3 s");
    row(
        b,
        "same, until their lanes also caught up (`CAUGHT_UP` lines)",
        runs.size(),
        KillSwitchReport.durations(longs(runs, "caughtUpMs")),
        "—");
    row(
        b,
        "same, slowest triggered stop after the exit phase began (exits through IB's pacing per"
            + " connection)",
        runs.size(),
        KillSwitchReport.durations(longs(runs, "slowestStopMs")),
        "—");
    row(
        b,
        "same runs: orders sent twice, plans not finishing as without the failure, executed"
            + " shares missing from the store",
        runs.size(),
        String.format(
            Locale.ROOT,
            "**%d, %d, %d**",
            sum(runs, "sentTwice"),
            sum(runs, "plans") - sum(runs, "plansFinished"),
            sum(runs, "missingShares")),
        "0");
  }

  private static void header(StringBuilder b) {
    b.append("| what | runs | result (each run) | target |\n| --- | ---: | --- | --- |\n");
  }

  private static void row(StringBuilder b, String what, int runs, String result, String target) {
    b.append("| ")
        .append(what)
        .append(" | ")
        .append(runs)
        .append(" | ")
        .append(runs == 0 ? "not measured in this run" : result)
        .append(" | ")
        .append(target)
        .append(" |\n");
  }

  private List<JsonNode> of(String test) {
    return lines.stream().filter(l -> l.path("test").asText().equals(test)).toList();
  }

  private static List<Long> longs(List<JsonNode> runs, String field) {
    return runs.stream().map(r -> r.path(field).asLong()).toList();
  }

  private static long sum(List<JsonNode> runs, String field) {
    return runs.stream().mapToLong(r -> r.path(field).asLong()).sum();
  }

  /** "77" or "77-87": the range of a count over the runs. */
  private static String range(List<JsonNode> runs, String field) {
    if (runs.isEmpty()) {
      return "?";
    }
    long min = runs.stream().mapToLong(r -> r.path(field).asLong()).min().orElse(0);
    long max = runs.stream().mapToLong(r -> r.path(field).asLong()).max().orElse(0);
    return min == max ? Long.toString(min) : min + "-" + max;
  }

  /** "**385 ms** (seed 7), **1.02 s** (seed 20261125)". */
  private static String labelled(
      List<JsonNode> runs, String field, Function<JsonNode, String> label) {
    return joined(
        runs, r -> "**" + duration(r.path(field).asLong()) + "** (" + label.apply(r) + ")");
  }

  private static String joined(List<JsonNode> runs, Function<JsonNode, String> each) {
    return String.join(", ", runs.stream().map(each).toList());
  }

  /** Microseconds of each run as milliseconds: "0.68, 1.96". */
  private static String micros(List<JsonNode> runs, String field) {
    return joined(runs, r -> Figures.value(r.path(field).asLong() / 1_000.0));
  }

  static String duration(long millis) {
    return millis >= 1_000
        ? String.format(Locale.ROOT, "%.2f s", millis / 1_000.0)
        : String.format(Locale.ROOT, "%,d ms", millis);
  }
}
