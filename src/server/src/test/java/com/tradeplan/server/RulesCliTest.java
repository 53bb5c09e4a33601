package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.server.rules.RulesCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code ./tradeplan rules} against a real server started for this class (docs/rules.md, "The
 * command line"): list, show, validate (a broken DRL gives its file:line and rule), test, deploy
 * through the scenario gate (green, and refused when red), rollback, diff, and the usage errors
 * that name the bad argument. Its own server, so that the deployed version starts at 1 and the
 * scenario gate is three shipped scenarios (copied from {@code rules/scenarios}) rather than the
 * whole suite; closed after the class.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// a server of its own: the test reads the versions and the audit from version 1 on
@TestPropertySource(properties = "tradeplan.test.context=rules-cli")
class RulesCliTest extends ServerTestBase {
  private static final String ENTRY = "lifecycle/40-entry.drl";
  private static final String MARK = "// moved by the rules CLI test";

  /** What one command printed and returned. */
  record Run(int exit, String out, String err) {}

  private Run rules(String... args) {
    return rules(samEnv(), args);
  }

  private Run rules(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        RulesCli.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Sam's token: the logins per minute are bounded in the test server, so one login serves every
   * command (the first test's first command logs in with the password).
   */
  private Map<String, String> samEnv() {
    return Map.of("TRADEPLAN_URL", base(), "TRADEPLAN_TOKEN", token("sam"));
  }

  @Test
  void anAdminValidatesTestsDeploysDiffsAndRollsBackAFolderOfRules(@TempDir Path tmp)
      throws IOException {
    Run list =
        rules(
            Map.of(
                "TRADEPLAN_URL", base(),
                "TRADEPLAN_USER", "sam",
                "TRADEPLAN_PASSWORD", "sam-demo-password"),
            "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("deployed: version 1").containsPattern("(?m)^1 \\*\\s+");

    Path shipped = tmp.resolve("shipped");
    writeVersion(1, shipped);

    // A broken rule: its file, line and rule are printed, exit 1.
    Path broken = copy(shipped, tmp.resolve("broken"));
    Files.writeString(
        broken.resolve("lifecycle/45-broken.drl"),
        String.join(
            "\n",
            "package lifecycle;",
            "",
            "rule \"A rule about a fact that does not exist\"",
            "    ruleflow-group \"entry\"",
            "when",
            "    $x : NoSuchFact()",
            "then",
            "end",
            ""));
    Run invalid = rules("validate", broken.toString());
    assertThat(invalid.exit()).as(invalid.out() + invalid.err()).isEqualTo(1);
    Matcher at =
        Pattern.compile(
                Pattern.quote(broken.resolve("lifecycle/45-broken.drl").toString())
                    + ":(\\d+):(\\d+): rule \"A rule about a fact that does not exist\": ")
            .matcher(invalid.out());
    assertThat(at.find()).as("file:line:column and the rule in %s", invalid.out()).isTrue();
    assertThat(Integer.parseInt(at.group(1))).as("the line of the pattern").isEqualTo(6);
    assertThat(invalid.err()).contains("problems");

    // A harmless change: validated, tested green, deployed on every member.
    Path moved = copy(shipped, tmp.resolve("moved"));
    Path entry = moved.resolve(ENTRY);
    Files.writeString(entry, MARK + "\n" + Files.readString(entry));
    Run validated = rules("validate", moved.toString(), "--message", "a comment on top");
    assertThat(validated.exit()).as(validated.out() + validated.err()).isZero();
    int version = uploadedVersion(validated.out());
    assertThat(validated.out()).contains("version " + version + ": no problems");

    Run deployed = rules("deploy", moved.toString());
    assertThat(deployed.exit()).as(deployed.out() + deployed.err()).isZero();
    assertThat(deployed.out())
        .as("the same files are the same version: validate, then deploy, make one")
        .contains("version " + version + " has these rule files already")
        .contains("version " + version + ": test PASSED: 3 passed, 0 failed")
        .as("a comment moves no outcome and no history")
        .contains(
            "reference default: 0 of 40 plans ended differently under version "
                + version
                + " than under the deployed 1 (30000 ticks)")
        .doesNotContain("DIFFERS")
        .contains("DEPLOYED version " + version)
        .containsPattern("member \\S+: ready");
    assertThat(rules("list").out()).contains("deployed: version " + version);
    assertThat(get("/api/rules/versions", "sam").body().get("deployed").asInt()).isEqualTo(version);

    // A change the gate refuses: no entry rules, so the scenarios' entries never come.
    Path noEntry = copy(shipped, tmp.resolve("no-entry"));
    Files.delete(noEntry.resolve(ENTRY));
    Run refused = rules("deploy", noEntry.toString());
    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
    int red = uploadedVersion(refused.out());
    assertThat(refused.out())
        .contains("FAIL long-above-fixed-stop-hit")
        .contains("version " + red + ": test FAILED")
        .containsPattern("DIFFERS p\\d+: ended differently \\(.*\\); first at tick \\d+, rule \"")
        .containsPattern(
            "reference default: [1-9]\\d* of 40 plans ended differently under version " + red);
    assertThat(refused.err())
        .contains("NOT DEPLOYED version " + red)
        .contains("failed its test")
        .contains("override with a reason");
    assertThat(get("/api/rules/versions", "sam").body().get("deployed").asInt())
        .as("nothing switched")
        .isEqualTo(version);

    // diff: the comment added, the file removed, nothing between a version and itself.
    Run diff = rules("diff", "1", String.valueOf(version));
    assertThat(diff.exit()).as(diff.err()).isZero();
    assertThat(diff.out())
        .contains("--- a/" + ENTRY)
        .contains("+++ b/" + ENTRY)
        .contains("+" + MARK)
        .doesNotContain("50-stops.drl");
    assertThat(rules("diff", "1", String.valueOf(red)).out())
        .contains("--- a/" + ENTRY)
        .contains("+++ /dev/null")
        .contains("@@ -1,32 +0,0 @@");
    assertThat(rules("diff", "1", "1").out()).contains("versions 1 and 1 have the same rule files");

    Run show = rules("show", String.valueOf(version));
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("version " + version + " (deployed) by sam")
        .contains("==> " + ENTRY + " <==")
        .contains(MARK);

    // rollback: version 1 again on every member; a second one is not earlier, refused with why.
    Run rollback = rules("rollback", "1");
    assertThat(rollback.exit()).as(rollback.out() + rollback.err()).isZero();
    assertThat(rollback.out()).contains("DEPLOYED version 1").containsPattern("member \\S+: ready");
    assertThat(rules("list").out()).contains("deployed: version 1");
    Run again = rules("rollback", "1");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("400").contains("earlier version than the deployed 1");

    // A canary: the same folder to alice and bob first, listed, aborted; again, then promoted.
    Run canary =
        rules("deploy", moved.toString(), "--canary", "alice,bob", "--reason", "two first");
    assertThat(canary.exit()).as(canary.out() + canary.err()).isZero();
    assertThat(canary.out())
        .contains("CANARY version " + version + " for alice,bob")
        .containsPattern("member \\S+: ready");
    assertThat(rules("list").out())
        .contains("deployed: version 1")
        .contains("canary: version " + version + " for alice,bob (by sam at ")
        .containsPattern("(?m)^" + version + " c\\s+");
    Run abort = rules("abort", "--reason", "enough");
    assertThat(abort.exit()).as(abort.out() + abort.err()).isZero();
    assertThat(abort.out()).contains("CANARY ABORTED version " + version + " for alice,bob");
    Run none = rules("abort");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("no canary runs");
    assertThat(rules("deploy", moved.toString(), "--canary", "bob").exit()).isZero();
    Run promote = rules("promote", "--reason", "bob is happy");
    assertThat(promote.exit()).as(promote.out() + promote.err()).isZero();
    assertThat(promote.out()).contains("DEPLOYED version " + version);
    assertThat(rules("list").out())
        .contains("deployed: version " + version)
        .doesNotContain("canary:");
    assertThat(rules("rollback", "1").exit()).isZero();

    JsonNode audit = get("/api/rules/audit", "sam").body();
    assertThat(audit.toString())
        .contains("rules.deploy")
        .contains("rules.rollback")
        .contains("rules.canary")
        .contains("rules.canary.abort")
        .contains("rules.canary.promote");
  }

  @Test
  void aRefusalIsTheServersWordsAndExit1() {
    Run missing = rules("show", "999");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("404").contains("no rule-set version 999");
    assertThat(rules("diff", "1", "999").err()).contains("no rule-set version 999");

    Run trader =
        rules(
            Map.of(
                "TRADEPLAN_URL", base(),
                "TRADEPLAN_USER", "alice",
                "TRADEPLAN_PASSWORD", "alice-demo-password"),
            "list");
    assertThat(trader.exit()).as("a trader is not a strategy admin").isEqualTo(1);
    assertThat(trader.err()).contains("403");

    Run noCredentials = rules(Map.of("TRADEPLAN_URL", base()), "list");
    assertThat(noCredentials.exit()).isEqualTo(1);
    assertThat(noCredentials.err()).contains("TRADEPLAN_TOKEN");

    Run unreachable =
        rules(Map.of("TRADEPLAN_TOKEN", "t"), "list", "--server", "http://127.0.0.1:1");
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.err()).contains("could not reach http://127.0.0.1:1");
  }

  @Test
  void aUsageErrorNamesTheBadArgumentAndExits2(@TempDir Path tmp) throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Map<String[], String> named =
        Map.ofEntries(
            Map.entry(new String[] {}, "rules needs a command"),
            Map.entry(new String[] {"publish"}, "'publish'"),
            Map.entry(new String[] {"show"}, "rules show needs a version number"),
            Map.entry(new String[] {"show", "two"}, "'two' is not a version number"),
            Map.entry(new String[] {"show", "0"}, "'0' is not a version number"),
            Map.entry(new String[] {"diff", "1"}, "rules diff needs two version numbers"),
            Map.entry(new String[] {"list", "extra"}, "unexpected argument 'extra'"),
            Map.entry(new String[] {"list", "--force"}, "unknown option --force"),
            Map.entry(new String[] {"validate"}, "rules validate needs a folder of .drl files"),
            Map.entry(new String[] {"validate", tmp.resolve("nowhere").toString()}, "nowhere"),
            Map.entry(new String[] {"test", empty.toString()}, "holds no .drl file"),
            Map.entry(
                new String[] {"deploy", empty.toString(), "--override-reason"},
                "--override-reason needs a value"),
            Map.entry(
                new String[] {"test", empty.toString(), "--override-reason", "why"},
                "--override-reason is for deploy, rollback and promote, not test"),
            Map.entry(
                new String[] {"rollback", "1", "--canary", "alice"},
                "--canary is for deploy, not rollback"),
            Map.entry(
                new String[] {"deploy", empty.toString(), "--canary", "alice,,bob"},
                "--canary alice,,bob: an empty user name"),
            Map.entry(
                new String[] {"abort", "--override-reason", "why"},
                "--override-reason is for deploy, rollback and promote, not abort"),
            Map.entry(
                new String[] {"rollback", "1", "--message", "m"},
                "--message is for validate, test and deploy, not rollback"));
    for (Map.Entry<String[], String> e : named.entrySet()) {
      Run r = rules(Map.of("TRADEPLAN_URL", "http://127.0.0.1:1"), e.getKey());
      assertThat(r.exit()).as("%s: %s", List.of(e.getKey()), r.err()).isEqualTo(2);
      assertThat(r.err()).as("%s", List.of(e.getKey())).contains(e.getValue()).contains("usage:");
    }
  }

  @Test
  void aFoldersScenariosAndReferenceAreAttachedAndAFailingOneIsNamed(@TempDir Path tmp)
      throws IOException {
    Path dir = tmp.resolve("desk");
    writeVersion(1, dir);
    String shipped =
        Files.readString(SHIPPED_SCENARIOS.resolve("01-long-above-fixed-stop-hit.json"));
    Files.createDirectories(dir.resolve("scenarios"));
    Files.writeString(
        dir.resolve("scenarios/stop.json"),
        shipped
            .replace("long-above-fixed-stop-hit", "desk-expects-the-stop-at-98")
            .replace("5 FILL STOP SELL 100 @ 98.50", "5 FILL STOP SELL 100 @ 98.00"));
    Files.createDirectories(dir.resolve("reference"));
    Files.writeString(
        dir.resolve("reference/plans.json"),
        "[{\"id\":\"r1\",\"owner\":\"alice\",\"symbol\":\"AAPL\",\"side\":\"LONG\","
            + "\"quantity\":100,\"entry\":{\"condition\":\"ABOVE\",\"price\":\"101.00\"},"
            + "\"stops\":[{\"price\":\"99.00\"}],\"targets\":[{\"price\":\"105.00\"}]}]");
    Files.writeString(
        dir.resolve("reference/ticks.csv"),
        "time,symbol,last\n2026-03-02T14:30:00Z,AAPL,100.50\n2026-03-02T14:30:01Z,AAPL,101.00\n");

    Run tested = rules("test", dir.toString());
    assertThat(tested.exit()).as(tested.out() + tested.err()).isEqualTo(1);
    int version = uploadedVersion(tested.out());
    assertThat(tested.out())
        .contains("with 1 attached scenarios and a reference as version " + version)
        .contains("FAIL desk-expects-the-stop-at-98 (scenarios/stop.json) attached")
        .contains("reference attached: 0 of 1 plans ended differently")
        .contains("failed: desk-expects-the-stop-at-98 (scenarios/stop.json)");
    Run refused = rules("deploy", dir.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out())
        .as("the same folder is the same version, attachments included")
        .contains("version " + version + " has these rule files already");
    assertThat(refused.err()).contains("NOT DEPLOYED").contains("desk-expects-the-stop-at-98");
    assertThat(rules("list").out())
        .contains("attached scenarios and references:")
        .contains(
            "version " + version + ": 1 scenarios (scenarios/stop.json), reference: its own files");
  }

  /** Writes version {@code number}'s files, as {@code rules show} would give them, under dir. */
  private void writeVersion(int number, Path dir) throws IOException {
    JsonNode files = get("/api/rules/versions/" + number, "sam").body().get("files");
    for (Map.Entry<String, JsonNode> f : files.properties()) {
      Path file = dir.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue().asText());
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
    return to;
  }

  /** The version a command uploaded to or reused, from its first line. */
  private static int uploadedVersion(String out) {
    Matcher m =
        Pattern.compile(
                "(?:as version (\\d+)|^version (\\d+) has these rule files)", Pattern.MULTILINE)
            .matcher(out);
    assertThat(m.find()).as("an uploaded version in %s", out).isTrue();
    return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
  }
}
