package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, point 6, over the API: a trader's live session on the server's paper gateway is
 * recorded; an operator replays it as a job of the analysis pool and gets "identical", with the
 * plan's live and replayed events the same; an analyst reads it too; a trader may not; a bad
 * request names every bad field.
 */
class ReplayApiTest extends ServerTestBase {
  private void publishUntil(String plan, String last, java.util.function.Predicate<JsonNode> done) {
    await(
        "plan " + plan + " moves at " + last,
        () -> {
          platform.embeddedGateway().publishTick("RPLY", last);
          return get("/api/plans/" + plan, "alice").body().get("plan");
        },
        done);
  }

  @Test
  void anOperatorReplaysATradersRecordedSessionAsAnAnalysisJob() {
    String plan = createPlan("alice", "RPLY");
    assertThat(post("/api/plans/" + plan + "/activate", "alice", null).status()).isEqualTo(200);
    // each price again until the plan moved: the first may come before the subscription
    publishUntil(plan, "101.20", p -> !p.get("status").asText().equals("ACTIVE"));
    publishUntil(plan, "101.40", p -> p.get("status").asText().equals("CONTINGENT_ACTIVE"));
    publishUntil(plan, "103.10", p -> p.get("position").asLong() == 50);

    Answer submitted = post("/api/analysis/replays", "oscar", "{\"user\":\"alice\"}");
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

    assertThat(post("/api/analysis/replays", "alice", "{\"user\":\"alice\"}").status())
        .isEqualTo(403);
    Answer bad = post("/api/analysis/replays", "ana", "{\"user\":\" \",\"from\":\"yesterday\"}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().toString()).contains("\"user\"").contains("\"from\"");
  }
}
