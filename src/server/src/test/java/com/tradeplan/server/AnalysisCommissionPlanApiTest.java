package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
class AnalysisCommissionPlanApiTest extends AnalysisApiSupport {

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
      ObjectNode tiered = workedExampleJob();
      tiered.put("commissionAccount", "DU7654321");
      JsonNode done = awaitDone(submit(tiered));
      // entry 100: 0.35 minimum + 100 x 0.003 fees; two exits of 50: 0.35 + 50 x 0.003 each
      assertThat(done.at("/statistics/commission").asText()).isEqualTo("1.65");
      Answer report = get("/api/analysis/jobs/" + done.get("id").asText() + "/report.json", "ana");
      assertThat(report.body().at("/options/commission").asText())
          .isEqualTo("ib-tiered:volume=0,fees=0.003");

      ObjectNode platform = workedExampleJob();
      platform.put("commissionAccount", "DU1234567");
      assertThat(awaitDone(submit(platform)).at("/statistics/commission").asText())
          .as("no plan of its own: the platform's ib-fixed, $1.00 an order")
          .isEqualTo("3.00");
    } finally {
      call("DELETE", "/api/ops/accounts/DU7654321/commission", token("oscar"), null, Map.of());
    }

    ObjectNode both = workedExampleJob();
    both.put("commission", "ib-fixed");
    both.put("commissionAccount", "DU1234567");
    Answer refused = call("POST", "/api/analysis/jobs", token("ana"), both.toString(), Map.of());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body().at("/errors/0/field").asText()).isEqualTo("commissionAccount");
    assertThat(refused.body().at("/errors/0/message").asText())
        .isEqualTo("give commission or commissionAccount, not both");
    ObjectNode bad = workedExampleJob();
    bad.put("commissionAccount", "DU-1");
    Answer malformed = call("POST", "/api/analysis/jobs", token("ana"), bad.toString(), Map.of());
    assertThat(malformed.status()).isEqualTo(422);
    assertThat(malformed.body().at("/errors/0/field").asText()).isEqualTo("commissionAccount");
  }

  private String submit(ObjectNode body) {
    Answer a = call("POST", "/api/analysis/jobs", token("ana"), body.toString(), Map.of());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(202);
    return a.body().get("id").asText();
  }
}
