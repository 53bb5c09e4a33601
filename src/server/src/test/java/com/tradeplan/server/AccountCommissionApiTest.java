package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 2, "fees counted in sizing", per account: an operator sets an IB account's own
 * commission plan (422 naming the field for a plan or an account that is not one, audited), and two
 * traders on accounts with different plans are sized differently for the same risk, exactly as each
 * plan's arithmetic says; the answer names the plan and where it comes from. Every test puts the
 * paper accounts back on the platform's plan (ib-fixed) when it ends.
 */
class AccountCommissionApiTest extends LimitsApiSupport {
  /** Entry 50, stop 49 (1.00 a share), 500 at risk. */
  private static final String QUESTION =
      "{\"symbol\":\"XLY\",\"side\":\"LONG\",\"entryPrice\":\"50\",\"stopPrice\":\"49\","
          + "\"amountAtRisk\":\"500\"}";

  private Answer setPlan(String account, String plan) {
    return call(
        "PUT",
        "/api/ops/accounts/" + account + "/commission",
        token("oscar"),
        "{\"plan\":\"" + plan + "\",\"why\":\"the account's IB plan\"}",
        Map.of());
  }

  private Answer clearPlan(String account) {
    return call(
        "DELETE", "/api/ops/accounts/" + account + "/commission", token("oscar"), null, Map.of());
  }

  /** A fresh trader linked to {@code account} by the operator: their token. */
  private String traderOn(String account) {
    return linkedTrader("commission-" + account, account).token();
  }

  private JsonNode size(String token) {
    Answer a = call("POST", "/api/sizing", token, QUESTION, Map.of());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(200);
    return a.body();
  }

  private JsonNode quote(String token) {
    Answer a = call("GET", "/api/commission/quote?shares=100&price=50", token, null, Map.of());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(200);
    return a.body();
  }

  @Test
  void twoTradersOnAccountsWithDifferentPlansAreSizedByTheirOwnPlan() {
    String onFixed = traderOn("DU1234567");
    String onTiered = traderOn("DU7654321");
    try {
      Answer set = setPlan("DU7654321", "ib-tiered:fees=0.003");
      assertThat(set.status()).as("%s", set.body()).isEqualTo(200);
      assertThat(set.body().get("plan").asText()).isEqualTo("ib-tiered:volume=0,fees=0.003");
      assertThat(set.body().get("source").asText()).isEqualTo("account");
      assertThat(set.body().get("setBy").asText()).isEqualTo("oscar");

      JsonNode fixed = size(onFixed);
      assertThat(fixed.get("account").asText()).isEqualTo("DU1234567");
      assertThat(fixed.get("commissionModel").asText()).isEqualTo("ib-fixed");
      assertThat(fixed.get("commissionSource").asText()).isEqualTo("platform");
      assertThat(fixed.get("quantity").asLong())
          .as("495 x 1.00 + 0.005 x 495 twice = 499.95; 496 would be 500.96")
          .isEqualTo(495);
      assertThat(fixed.get("entryCommission").asText()).isEqualTo("2.4750");
      assertThat(fixed.get("exitCommission").asText()).isEqualTo("2.4750");
      assertThat(fixed.get("totalRisk").asText()).isEqualTo("499.9500");

      JsonNode tiered = size(onTiered);
      assertThat(tiered.get("account").asText()).isEqualTo("DU7654321");
      assertThat(tiered.get("commissionModel").asText()).isEqualTo("ib-tiered:volume=0,fees=0.003");
      assertThat(tiered.get("commissionSource").asText()).isEqualTo("account");
      assertThat(tiered.get("quantity").asLong())
          .as("493 x 1.00 + (0.0035 + 0.003) x 493 twice = 499.409; 494 would be 500.422")
          .isEqualTo(493);
      assertThat(tiered.get("entryCommission").asText()).isEqualTo("3.2045");
      assertThat(tiered.get("totalRisk").asText()).isEqualTo("499.4090");

      JsonNode quoteTiered = quote(onTiered);
      assertThat(quoteTiered.get("model").asText()).isEqualTo("ib-tiered:volume=0,fees=0.003");
      assertThat(quoteTiered.get("source").asText()).isEqualTo("account");
      assertThat(quoteTiered.get("commission").asText())
          .as("the 0.35 minimum (0.0035 x 100) + 0.003 x 100 of fees: the ticket's quote agrees")
          .isEqualTo("0.6500");
      assertThat(quote(onFixed).get("commission").asText()).isEqualTo("1.0000");
      assertThat(quote(onFixed).get("source").asText()).isEqualTo("platform");

      Answer replaced = setPlan("DU7654321", "ib-fixed:min=5");
      assertThat(replaced.body().get("plan").asText())
          .isEqualTo("ib-fixed:rate=0.005,min=5,cap=0.01");
      JsonNode dearMinimum = size(onTiered);
      assertThat(dearMinimum.get("quantity").asLong())
          .as("490 x 1.00 + the 5.00 minimum twice = 500.00 exactly")
          .isEqualTo(490);
      assertThat(dearMinimum.get("totalRisk").asText()).isEqualTo("500.0000");

      JsonNode listed = get("/api/ops/accounts/commissions", "oscar").body();
      assertThat(listed.get("platform").asText()).isEqualTo("ib-fixed");
      assertThat(listed.get("accounts").findValuesAsText("account")).contains("DU7654321");

      Answer cleared = clearPlan("DU7654321");
      assertThat(cleared.status()).isEqualTo(200);
      assertThat(cleared.body().get("source").asText()).isEqualTo("platform");
      assertThat(cleared.body().get("plan").asText()).isEqualTo("ib-fixed");
      assertThat(size(onTiered).get("quantity").asLong())
          .as("priced by the platform's plan again")
          .isEqualTo(495);

      List<String> actions = new ArrayList<>();
      get("/api/ops/audit", "oscar")
          .body()
          .forEach(
              e -> {
                if ("DU7654321".equals(e.path("target").asText())) {
                  actions.add(e.path("action").asText());
                }
              });
      assertThat(actions).contains("account.commission.set", "account.commission.clear");
    } finally {
      clearPlan("DU7654321");
    }
  }

  @Test
  void aPlanThatIsNotAnIbPlanOrAnAccountNotServedIs422NamingTheField() {
    for (String bad :
        List.of("none", "per-share:0.01", "ib-fixed:rate=abc", "ib-fixed:fee=1", "flat", "")) {
      Answer a = setPlan("DU1234567", bad);
      assertThat(a.status()).as("%s: %s", bad, a.body()).isEqualTo(422);
      assertThat(a.body().get("errors").findValuesAsText("field")).containsExactly("plan");
    }
    assertThat(setPlan("DU1234567", "none").body().toString())
        .contains("an IB account's plan is ib-fixed");

    Answer longWhy =
        call(
            "PUT",
            "/api/ops/accounts/DU1234567/commission",
            token("oscar"),
            "{\"plan\":\"ib-tiered\",\"why\":\"" + "x".repeat(501) + "\"}",
            Map.of());
    assertThat(longWhy.status()).isEqualTo(422);
    assertThat(longWhy.body().get("errors").findValuesAsText("field")).containsExactly("why");

    Answer notServed = setPlan("DU0000001", "ib-tiered");
    assertThat(notServed.status()).isEqualTo(422);
    assertThat(notServed.body().get("errors").findValuesAsText("field")).containsExactly("account");
    Answer notAnAccount = setPlan("DU-1", "ib-tiered");
    assertThat(notAnAccount.status()).isEqualTo(422);
    assertThat(notAnAccount.body().get("errors").findValuesAsText("field"))
        .containsExactly("account");

    assertThat(
            call(
                    "PUT",
                    "/api/ops/accounts/DU1234567/commission",
                    token("alice"),
                    "{\"plan\":\"ib-tiered\"}",
                    Map.of())
                .status())
        .as("operators only")
        .isEqualTo(403);
    JsonNode unchanged = get("/api/ops/accounts/DU1234567/commission", "oscar").body();
    assertThat(unchanged.get("source").asText()).as("nothing was stored").isEqualTo("platform");
  }
}
