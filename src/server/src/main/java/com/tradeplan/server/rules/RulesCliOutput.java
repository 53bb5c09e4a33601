package com.tradeplan.server.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code ./tradeplan rules} prints the answers of {@code /api/rules} for a person and a CI log:
 * one line per version, scenario or member, fixed words a script can search for ({@code DEPLOYED},
 * {@code NOT DEPLOYED}, the scenario verdicts). Reads the JSON the {@link RulesController} writes.
 */
final class RulesCliOutput {
  /** Bound on the plan ids printed per version; the rest are counted. */
  static final int PLAN_IDS_SHOWN_MAX = 10;

  private RulesCliOutput() {}

  /** {@code rules list}: a table of versions, then the open plans pinning each. */
  static void versions(JsonNode answer, PrintStream out) {
    out.println("deployed: version " + answer.get("deployed").asInt());
    JsonNode canary = answer.get("canary");
    if (canary != null && !canary.isNull()) {
      out.println(
          "canary: version "
              + canary.get("version").asInt()
              + " for "
              + String.join(",", texts(canary.get("users")))
              + " (by "
              + canary.get("actor").asText()
              + " at "
              + seconds(canary.get("at").asText())
              + ")");
    }
    String row = "%-9s %-20s %-12s %-6s %-7s %-5s %s%n";
    out.printf(row, "VERSION", "CREATED", "AUTHOR", "PARENT", "TEST", "PINS", "MESSAGE");
    List<String> pins = new ArrayList<>();
    List<String> attachments = new ArrayList<>();
    for (JsonNode v : answer.get("versions")) {
      int number = v.get("number").asInt();
      JsonNode pinnedBy = v.get("pinnedBy");
      out.printf(
          row,
          number
              + (v.get("deployed").asBoolean() ? " *" : "")
              + (v.path("canaryFor").isEmpty() ? "" : " c"),
          seconds(v.get("createdAt").asText()),
          v.get("author").asText(),
          v.hasNonNull("parent") ? v.get("parent").asText() : "-",
          test(v.get("lastTest")),
          pinnedBy.size(),
          v.path("message").asText(""));
      if (!pinnedBy.isEmpty()) {
        pins.add("  version " + number + ": " + planIds(pinnedBy));
      }
      String attached = attached(v.path("attached"));
      if (!attached.isEmpty()) {
        attachments.add("  version " + number + ": " + attached);
      }
    }
    out.println(pins.isEmpty() ? "no open plan pins a version" : "pinned by open plans:");
    pins.forEach(out::println);
    if (!attachments.isEmpty()) {
      out.println("attached scenarios and references:");
      attachments.forEach(out::println);
    }
  }

  /**
   * A version's attachments in words ({@code 2 scenarios (scenarios/a.json, scenarios/b.json),
   * reference: its own files}), empty when it has none.
   */
  static String attached(JsonNode a) {
    List<String> parts = new ArrayList<>();
    List<String> scenarios = texts(a.path("scenarios"));
    if (!scenarios.isEmpty()) {
      parts.add(scenarios.size() + " scenarios (" + String.join(", ", scenarios) + ")");
    }
    if (a.path("referenceFiles").asBoolean()) {
      parts.add("reference: its own files");
    } else if (a.hasNonNull("referenceName")) {
      parts.add("reference: " + a.get("referenceName").asText());
    }
    return String.join(", ", parts);
  }

  /** {@code rules show N}: the version's line, then each file under a header. */
  static void versionWithFiles(JsonNode answer, PrintStream out) {
    JsonNode v = answer.get("version");
    out.printf(
        "version %d%s by %s at %s, parent %s, test %s: %s%n",
        v.get("number").asInt(),
        v.get("deployed").asBoolean() ? " (deployed)" : "",
        v.get("author").asText(),
        seconds(v.get("createdAt").asText()),
        v.hasNonNull("parent") ? v.get("parent").asText() : "-",
        test(v.get("lastTest")),
        v.path("message").asText(""));
    answer
        .get("files")
        .properties()
        .forEach(
            f -> {
              out.println();
              out.println("==> " + f.getKey() + " <==");
              String text = f.getValue().asText();
              out.print(text.endsWith("\n") ? text : text + "\n");
            });
  }

  /** A test run: every scenario that did not pass with its report, then the summary. */
  static void testRun(int version, JsonNode run, PrintStream out) {
    for (JsonNode s : run.get("scenarios")) {
      if (!s.get("verdict").asText().equals("PASS")) {
        out.printf(
            "%s %s (%s)%s%n",
            s.get("verdict").asText(),
            s.get("name").asText(),
            s.get("file").asText(),
            s.path("attached").asBoolean() ? " attached" : "");
        s.get("report").forEach(line -> out.println("    " + line.asText()));
      }
    }
    reference(run.path("reference"), out);
    out.printf(
        "version %d: test %s: %s%n",
        version, run.get("passed").asBoolean() ? "PASSED" : "FAILED", run.get("summary").asText());
  }

  /**
   * The reference simulation of a test: each plan that ended differently under the tested version
   * than under the deployed one, with the first event where its history parts, then one line.
   */
  private static void reference(JsonNode ref, PrintStream out) {
    if (ref.isMissingNode() || ref.isNull()) {
      return;
    }
    if (ref.has("missing") || ref.has("error")) {
      out.println(
          "reference "
              + ref.get("name").asText()
              + ": "
              + (ref.has("missing") ? ref.get("missing") : ref.get("error")).asText());
      return;
    }
    for (JsonNode p : ref.get("plans")) {
      JsonNode d = p.get("divergence");
      out.printf(
          "DIFFERS %s: %s%s%n",
          p.get("plan").asText(),
          p.get("endedDifferently").asBoolean()
              ? "ended differently (" + String.join(", ", texts(p.get("differentFields"))) + ")"
              : "same end, another path",
          d == null || d.isNull()
              ? ""
              : "; first at tick "
                  + d.get("tick").asLong()
                  + ", rule \""
                  + d.path("rule").asText()
                  + "\"");
    }
    out.printf(
        "reference %s: %d of %d plans ended differently under version %d than under the deployed %d"
            + " (%d ticks)%n",
        ref.get("name").asText(),
        ref.get("plansEndedDifferently").asLong(),
        ref.get("plansCompared").asLong(),
        ref.get("testedVersion").asInt(),
        ref.get("deployedVersion").asInt(),
        ref.get("ticks").asLong());
  }

  /** A deploy's or rollback's answer: the outcome, then each member's answer. */
  static void deployAnswer(JsonNode answer, PrintStream out) {
    int version = answer.get("version").asInt();
    List<String> canary = texts(answer.get("canary"));
    if (answer.get("deployed").asBoolean() && !canary.isEmpty()) {
      out.println("CANARY version " + version + " for " + String.join(",", canary));
    } else if (answer.get("deployed").asBoolean()) {
      out.println(
          "DEPLOYED version "
              + version
              + (answer.path("overridden").asBoolean() ? " (test overridden, audited)" : ""));
    } else {
      out.println("NOT DEPLOYED version " + version + ": " + answer.path("reason").asText());
    }
    JsonNode members = answer.get("members");
    if (members != null) {
      members
          .properties()
          .forEach(m -> out.println("  member " + m.getKey() + ": " + m.getValue().asText()));
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(t -> out.add(t.asText()));
    }
    return out;
  }

  private static String test(JsonNode lastTest) {
    if (lastTest == null || lastTest.isNull()) {
      return "-";
    }
    return lastTest.get("passed").asBoolean() ? "passed" : "FAILED";
  }

  private static String planIds(JsonNode ids) {
    List<String> shown = new ArrayList<>();
    for (JsonNode id : ids) {
      if (shown.size() == PLAN_IDS_SHOWN_MAX) {
        break;
      }
      shown.add(id.asText());
    }
    String more = ids.size() > shown.size() ? " and " + (ids.size() - shown.size()) + " more" : "";
    return String.join(", ", shown) + more;
  }

  /** An ISO instant cut to the second ({@code 2026-12-05T01:20:00Z}). */
  private static String seconds(String instant) {
    int dot = instant.indexOf('.');
    return dot < 0 ? instant : instant.substring(0, dot) + "Z";
  }
}
