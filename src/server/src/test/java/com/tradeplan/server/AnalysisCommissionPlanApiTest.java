package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A simulation job priced by an IB account's commission plan ({@code commissionAccount}): the
 * worked example under DU7654321's own plan (ib-tiered with fees) pays that plan's exact
 * commissions and the job keeps the plan's notation; an account without a plan of its own is priced
 * by the platform's (ib-fixed); a job naming both a model and an account, or a malformed account,
 * is refused naming {@code commissionAccount}. The account is put back on the platform's plan when
 * the test ends.
 */
class AnalysisCommissionPlanApiTest extends ServerTestBase {

  @Test
  void aJobIsPricedByTheNamedAccountsPlan() throws Exception {
    Answer set =
        call(
            "PUT",
            "/api/ops/accounts/DU7654321/commission",
            token("oscar"),
            "{\"plan\":\"ib-tiered:fees=0.003\",\"why\":\"the account's IB plan\"}",
            Map.of());
    assertThat(set.status()).as("%s", set.body()).isEqualTo(200);
    try {
      ObjectNode tiered = body();
      tiered.put("commissionAccount", "DU7654321");
      JsonNode done = awaitDone(submit(tiered));
      // entry 100: 0.35 minimum + 100 x 0.003 fees; two exits of 50: 0.35 + 50 x 0.003 each
      assertThat(done.at("/statistics/commission").asText()).isEqualTo("1.65");
      Answer report = get("/api/analysis/jobs/" + done.get("id").asText() + "/report.json", "ana");
      assertThat(report.body().at("/options/commission").asText())
          .isEqualTo("ib-tiered:volume=0,fees=0.003");

      ObjectNode platform = body();
      platform.put("commissionAccount", "DU1234567");
      assertThat(awaitDone(submit(platform)).at("/statistics/commission").asText())
          .as("no plan of its own: the platform's ib-fixed, $1.00 an order")
          .isEqualTo("3.00");
    } finally {
      call("DELETE", "/api/ops/accounts/DU7654321/commission", token("oscar"), null, Map.of());
    }

    ObjectNode both = body();
    both.put("commission", "ib-fixed");
    both.put("commissionAccount", "DU1234567");
    Answer refused = call("POST", "/api/analysis/jobs", token("ana"), both.toString(), Map.of());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body().at("/errors/0/field").asText()).isEqualTo("commissionAccount");
    assertThat(refused.body().at("/errors/0/message").asText())
        .isEqualTo("give commission or commissionAccount, not both");
    ObjectNode bad = body();
    bad.put("commissionAccount", "DU-1");
    Answer malformed = call("POST", "/api/analysis/jobs", token("ana"), bad.toString(), Map.of());
    assertThat(malformed.status()).isEqualTo(422);
    assertThat(malformed.body().at("/errors/0/field").asText()).isEqualTo("commissionAccount");
  }

  private static ObjectNode body() throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("plansFile", "plans.json");
    body.put("plans", Files.readString(AnalysisApiTest.EXAMPLE.resolve("plans.json")));
    body.put("ticksFile", "ticks.csv");
    body.put("ticks", Files.readString(AnalysisApiTest.EXAMPLE.resolve("ticks.csv")));
    return body;
  }

  private String submit(ObjectNode body) {
    Answer a = call("POST", "/api/analysis/jobs", token("ana"), body.toString(), Map.of());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(202);
    return a.body().get("id").asText();
  }

  private JsonNode awaitDone(String id) throws InterruptedException {
    JsonNode[] last = new JsonNode[1];
    com.tradeplan.testkit.Await.until(
        Duration.ofSeconds(60),
        "job " + id + " done within 60 s",
        () -> {
          last[0] = get("/api/analysis/jobs/" + id, "ana").body();
          String status = last[0].get("status").asText();
          assertThat(status).as("%s", last[0]).isIn("QUEUED", "RUNNING", "DONE");
          return status.equals("DONE");
        });
    return last[0];
  }
}
