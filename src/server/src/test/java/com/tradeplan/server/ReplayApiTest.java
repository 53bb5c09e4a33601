package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.server.analysis.AnalysisConfig;
import com.tradeplan.server.analysis.AnalysisSettings;
import com.tradeplan.server.analysis.JobIsolation;
import com.tradeplan.server.analysis.JobRequest;
import com.tradeplan.server.analysis.RecordingSource;
import com.tradeplan.server.analysis.ReplayRequest;
import com.tradeplan.server.analysis.RuleSource;
import com.tradeplan.server.analysis.SimulationJobs;
import com.tradeplan.store.AnalysisJobRepository;
import com.tradeplan.store.MongoConfig;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, point 6, over the API: a trader's live session on the server's paper gateway is
 * recorded; an operator replays it as a job of the analysis pool and gets "identical", with the
 * plan's live and replayed events the same, and the same window replayed in a job JVM of its own
 * (process isolation) gives the same texts to the byte; an analyst reads it too; a trader may not;
 * a bad request names every bad field.
 */
class ReplayApiTest extends ServerTestBase {
  /**
   * A trader of this test alone. The replay's window ends now: a step of the user decided at that
   * very moment is cut in half (its tick recorded, its events not yet), and the demo traders have
   * plans of other tests on this shared server that any tick may trigger (a full run failed so:
   * another plan of alice entered as the replay sealed the recording).
   */
  private final String trader = "replayer-" + System.nanoTime();

  private String traderToken;

  private void publishUntil(String plan, String last, java.util.function.Predicate<JsonNode> done) {
    await(
        "plan " + plan + " moves at " + last,
        () -> {
          platform.embeddedGateway().publishTick("RPLY", last);
          return getWithToken("/api/plans/" + plan, traderToken).body().get("plan");
        },
        done);
  }

  @Test
  void anOperatorReplaysATradersRecordedSessionAsAnAnalysisJob() {
    traderToken = newTrader(trader);
    Answer linked =
        call(
            "PUT",
            "/api/ops/users/" + trader + "/account",
            token("oscar"),
            "{\"account\":\"DU1234567\"}",
            java.util.Map.of());
    assertThat(linked.status()).as("link %s: %s", trader, linked.body()).isEqualTo(200);
    String plan = createPlanWithToken(traderToken, "RPLY");
    assertThat(postWithToken("/api/plans/" + plan + "/activate", traderToken).status())
        .isEqualTo(200);
    // each price again until the plan moved: the first may come before the subscription
    publishUntil(plan, "101.20", p -> !p.get("status").asText().equals("ACTIVE"));
    publishUntil(plan, "101.40", p -> p.get("status").asText().equals("CONTINGENT_ACTIVE"));
    publishUntil(plan, "103.10", p -> p.get("position").asLong() == 50);

    Answer submitted = post("/api/analysis/replays", "oscar", "{\"user\":\"" + trader + "\"}");
    assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(202);
    String job = submitted.body().get("id").asText();
    assertThat(submitted.body().path("request").path("kind").asText()).isEqualTo("replay");
    Answer done =
        await(
            "the replay job ended",
            () -> get("/api/analysis/replays/" + job, "oscar"),
            a -> !a.body().path("status").asText().matches("QUEUED|RUNNING"));
    assertThat(done.body().path("status").asText()).as("%s", done.body()).isEqualTo("DONE");
    assertThat(done.body().path("message").asText()).startsWith("identical: ");

    Answer report = get("/api/analysis/replays/" + job + "/report.json", "ana");
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.body().path("identical").asBoolean()).isTrue();
    JsonNode mine = null;
    for (JsonNode p : report.body().path("plans")) {
      if (p.path("plan").asText().equals(plan)) {
        mine = p;
      }
    }
    assertThat(mine).as("the plan is in the replay: %s", report.body()).isNotNull();
    assertThat(mine.path("live").size()).isGreaterThanOrEqualTo(4); // entry, fill, target, fill
    assertThat(mine.path("replayed")).isEqualTo(mine.path("live"));
    assertThat(get("/api/analysis/replays/" + job + "/report", "oscar").raw().body())
        .contains("identical: ");

    theSameWindowReplaysInAJobJvmToTheByte();

    assertThat(post("/api/analysis/replays", "alice", "{\"user\":\"alice\"}").status())
        .isEqualTo(403);
    Answer bad = post("/api/analysis/replays", "ana", "{\"user\":\" \",\"from\":\"yesterday\"}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().toString()).contains("\"user\"").contains("\"from\"");
  }

  /**
   * The recorded session (its reports, partial fills, orders and events through the recording's
   * lines) replayed in a JVM of its own, as {@code isolation=process} runs it: the verdict and the
   * texts are the in-JVM replay's to the byte. One window for both (up to now), so entries the lane
   * records meanwhile do not make them differ.
   */
  private void theSameWindowReplaysInAJobJvmToTheByte() {
    JobRequest request =
        JobRequest.replay(new ReplayRequest(trader, null, java.time.Instant.now(), null));
    AnalysisSettings settings = new AnalysisSettings(1, 2, 200_000, 50, 4, 64 << 20, 1 << 20, 2);
    JobIsolation process = JobIsolation.PROCESS;
    RuleSource rules = AnalysisConfig.ruleSource(platform.rules());
    RecordingSource recording = AnalysisConfig.recordingSource(platform.recording());
    // a store of their own: a pool's start fails the unfinished jobs of its store
    try (MongoConfig.MongoConnection store =
            new MongoConfig(
                    null,
                    "replay-in-a-job-jvm",
                    MongoConfig.Durability.W1,
                    Files.createTempDirectory("tradeplan-replay-jvm"),
                    Duration.ofSeconds(5))
                .connect();
        SimulationJobs inJvm = pool(settings, rules, store, recording, JobIsolation.THREAD);
        SimulationJobs ownJvm = pool(settings, rules, store, recording, process)) {
      String a = inJvm.submit("oscar", request).jobs().get(0).id();
      String b = ownJvm.submit("oscar", request).jobs().get(0).id();
      SimulationJobs.JobView va = ended(inJvm, a);
      SimulationJobs.JobView vb = ended(ownJvm, b);
      assertThat(va.status()).as("%s", va.message()).isEqualTo("DONE");
      assertThat(vb.status()).as("%s", vb.message()).isEqualTo("DONE");
      assertThat(vb.message()).startsWith("identical: ").isEqualTo(va.message());
      assertThat(vb.ticksTotal()).as("the same recorded entries").isEqualTo(va.ticksTotal());
      for (SimulationJobs.Text text : SimulationJobs.Text.values()) {
        assertThat(ownJvm.text(b, text).orElseThrow())
            .as("%s of the replay in its own JVM", text)
            .isEqualTo(inJvm.text(a, text).orElseThrow());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A pool of the recording's replays over {@code store}, its jobs run as {@code isolation} says.
   */
  private static SimulationJobs pool(
      AnalysisSettings settings,
      RuleSource rules,
      MongoConfig.MongoConnection store,
      RecordingSource recording,
      JobIsolation isolation) {
    return new SimulationJobs(
        settings, rules, new AnalysisJobRepository(store), Clock.systemUTC(), recording, isolation);
  }

  /** A job JVM's start and rule compile take seconds (more on a busy machine): up to 2 min. */
  private static SimulationJobs.JobView ended(SimulationJobs jobs, String id) {
    com.tradeplan.testkit.Await.until(
        Duration.ofMinutes(2),
        "replay job " + id + " ended",
        () -> !jobs.find(id).orElseThrow().status().matches("QUEUED|RUNNING"));
    return jobs.find(id).orElseThrow();
  }
}
