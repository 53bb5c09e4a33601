package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.server.analysis.ReplayCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, point 6, from the command line: {@code simulate replay} over a copy of the server's
 * recording folder answers what the API's replay job answers for the same user and window, byte for
 * byte (the same reader, replay and report); its usage and input errors are exit 2 and 1 with the
 * reason; an empty recording is a report saying so, exit 3.
 */
class ReplayCliTest extends ServerTestBase {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ReplayCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void publishUntil(String plan, String last, java.util.function.Predicate<JsonNode> done) {
    await(
        "plan " + plan + " moves at " + last,
        () -> {
          platform.embeddedGateway().publishTick("RPCL", last);
          return get("/api/plans/" + plan, "bob").body().get("plan");
        },
        done);
  }

  @Test
  void theCommandLinesReplayOfACopiedRecordingIsTheApiJobsReport() throws IOException {
    String plan = createPlan("bob", "RPCL");
    assertThat(post("/api/plans/" + plan + "/activate", "bob", null).status()).isEqualTo(200);
    publishUntil(plan, "101.20", p -> !p.get("status").asText().equals("ACTIVE"));
    publishUntil(plan, "101.40", p -> p.get("status").asText().equals("CONTINGENT_ACTIVE"));
    publishUntil(plan, "103.10", p -> p.get("position").asLong() == 50);
    // the window ends now, to the millisecond (what both replays read of it is already recorded)
    Instant to = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    Answer submitted =
        post("/api/analysis/replays", "ana", "{\"user\":\"bob\",\"to\":\"" + to + "\"}");
    assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(202);
    String job = submitted.body().get("id").asText();
    Answer done =
        await(
            "the replay job ended",
            () -> get("/api/analysis/replays/" + job, "ana"),
            a -> !a.body().path("status").asText().matches("QUEUED|RUNNING"));
    assertThat(done.body().path("status").asText()).as("%s", done.body()).isEqualTo("DONE");
    String apiReport = get("/api/analysis/replays/" + job + "/report.json", "ana").raw().body();

    // the job sealed the segments it read: a copy of the folder holds the whole window
    Path recording = copy(platform.recording().dir(), tmp.resolve("recording"));
    Path versions = versionsFolder(tmp.resolve("versions"));
    Path out = tmp.resolve("replay.json");
    Path html = tmp.resolve("replay.html");
    Run run =
        cli(
            "--recording",
            recording.toString(),
            "--user",
            "bob",
            "--to",
            to.toString(),
            "--versions",
            versions.toString(),
            "--out",
            out.toString(),
            "--report",
            html.toString());
    assertThat(Files.readString(out)).isEqualTo(apiReport);
    JsonNode report = JSON.readTree(apiReport);
    // bob's other tests' plans are in his recording too: the verdict is the job's, whatever it is
    assertThat(run.code()).as(run.err()).isEqualTo(report.path("identical").asBoolean() ? 0 : 3);
    assertThat(run.out())
        .contains("of bob: " + done.body().path("message").asText())
        .endsWith("-> " + out + "\n");
    assertThat(report.path("to").asText()).isEqualTo(to.toString());
    JsonNode mine = null;
    for (JsonNode p : report.path("plans")) {
      if (p.path("plan").asText().equals(plan)) {
        mine = p;
      }
    }
    assertThat(mine).as("the plan is in the replay: %s", report).isNotNull();
    assertThat(mine.path("live").size()).isGreaterThanOrEqualTo(4);
    assertThat(mine.path("replayed")).isEqualTo(mine.path("live"));
    assertThat(Files.readString(html)).contains("Incident replay of bob");

    // a rules folder that does not compile: exit 1 with its problem, nothing written
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve("x.drl"), "rule \"half\"\nwhen\n  NoSuchFact( )\nthen\nend\n");
    Path none = tmp.resolve("none.json");
    Run bad =
        cli(
            "--recording",
            recording.toString(),
            "--user",
            "bob",
            "--rules",
            broken.toString(),
            "--out",
            none.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("rules do not compile").contains("x.drl");
    assertThat(none).doesNotExist();
  }

  @Test
  void usageAndInputErrorsSayWhy() {
    Path none = tmp.resolve("none.json");
    Run missing = cli("--user", "bob", "--out", none.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .contains("--recording is required")
        .contains("usage: simulate replay");
    Run backwards =
        cli(
            "--recording",
            tmp.toString(),
            "--user",
            "bob",
            "--out",
            none.toString(),
            "--from",
            "2026-12-04T15:00:00Z",
            "--to",
            "2026-12-04T14:00:00Z");
    assertThat(backwards.err()).contains("--to must not be before --from");
    assertThat(backwards.code()).isEqualTo(2);
    Run notInstant =
        cli(
            "--recording",
            tmp.toString(),
            "--user",
            "bob",
            "--out",
            none.toString(),
            "--from",
            "9");
    assertThat(notInstant.err()).contains("--from must be an ISO-8601 instant");
    Run both =
        cli(
            "--recording",
            tmp.toString(),
            "--user",
            "bob",
            "--out",
            none.toString(),
            "--rules",
            "a",
            "--versions",
            "b");
    assertThat(both.code()).isEqualTo(2);
    assertThat(cli("--recording", tmp.toString(), "--bogus", "x").err())
        .contains("unknown option --bogus");
    Run noFolder =
        cli(
            "--recording",
            tmp.resolve("nowhere").toString(),
            "--user",
            "bob",
            "--out",
            none.toString());
    assertThat(noFolder.code()).isEqualTo(1);
    assertThat(noFolder.err()).contains("is not a folder");
    Run empty = cli("--recording", tmp.toString(), "--user", "bob", "--out", none.toString());
    assertThat(empty.code()).as(empty.err()).isEqualTo(3);
    assertThat(empty.out()).contains("incomplete recording: nothing is recorded for bob");
    assertThat(none).exists();
  }

  /** Every stored version after 1 as {@code dir/N/<its files>}, as an analyst would save them. */
  private Path versionsFolder(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (JsonNode v : get("/api/rules/versions", "sam").body().path("versions")) {
      int n = v.path("number").asInt();
      if (n < 2) {
        continue;
      }
      JsonNode files = get("/api/rules/versions/" + n, "sam").body().path("files");
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        Path file = dir.resolve(String.valueOf(n)).resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue().asText());
      }
    }
    return dir;
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      walk.forEach(
          p -> {
            try {
              Path target = to.resolve(from.relativize(p).toString());
              if (Files.isDirectory(p)) {
                Files.createDirectories(target);
              } else {
                Files.copy(p, target);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return to;
  }
}
