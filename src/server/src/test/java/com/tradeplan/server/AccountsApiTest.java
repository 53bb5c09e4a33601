package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operators link traders to IB accounts through the API (audited); a trader without one drafts but
 * cannot activate (409 naming why, nothing stored); the reconciliation report is operators' only.
 */
class AccountsApiTest extends ServerTestBase {

  @Test
  void theDemoTradersTradeTheirOwnPaperAccounts() {
    Answer users = get("/api/ops/users?limit=500", "oscar");
    Map<String, String> accounts = new java.util.HashMap<>();
    users.body().forEach(u -> accounts.put(u.get("username").asText(), u.path("account").asText()));
    assertThat(accounts.get("alice")).isEqualTo("DU1234567");
    assertThat(accounts.get("bob")).isEqualTo("DU7654321");
  }

  @Test
  void aTraderIsLinkedThenUnlinkedAndCannotActivateWithoutAnAccount() {
    String name = "gina-" + System.nanoTime();
    createTrader(name, "first-password-1");
    String token = login(name, "first-password-1").body().get("token").asText();
    Answer created = call("POST", "/api/plans", token, plan("XLE"), Map.of());
    assertThat(created.status()).as("a draft needs no account").isEqualTo(201);
    String id = created.body().get("id").asText();

    Answer refused = call("POST", "/api/plans/" + id + "/activate", token, null, Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("detail").asText())
        .startsWith("no IB account is linked to user " + name);
    assertThat(
            call("GET", "/api/plans/" + id, token, null, Map.of())
                .body()
                .path("plan")
                .path("status")
                .asText())
        .as("nothing stored")
        .isEqualTo("DRAFT");

    Answer notServed =
        call(
            "PUT",
            "/api/ops/users/" + name + "/account",
            token("oscar"),
            "{\"account\":\"DU0000001\"}",
            Map.of());
    assertThat(notServed.status()).isEqualTo(422);
    Answer linked =
        call(
            "PUT",
            "/api/ops/users/" + name + "/account",
            token("oscar"),
            "{\"account\":\"DU7654321\"}",
            Map.of());
    assertThat(linked.status()).isEqualTo(200);
    assertThat(linked.body().get("account").asText()).isEqualTo("DU7654321");
    assertThat(
            call(
                    "PUT",
                    "/api/ops/users/" + name + "/account",
                    token("alice"),
                    "{\"account\":\"DU7654321\"}",
                    Map.of())
                .status())
        .as("operators only")
        .isEqualTo(403);

    Answer activated = call("POST", "/api/plans/" + id + "/activate", token, null, Map.of());
    assertThat(activated.status()).isEqualTo(200);

    Answer unlinked =
        call("DELETE", "/api/ops/users/" + name + "/account", token("oscar"), null, Map.of());
    assertThat(unlinked.status()).isEqualTo(200);
    assertThat(unlinked.body().hasNonNull("account")).as("no account").isFalse();
    java.util.List<String> actions = new java.util.ArrayList<>();
    get("/api/ops/audit", "oscar")
        .body()
        .forEach(
            e -> {
              if (name.equals(e.path("target").asText())) {
                actions.add(e.path("action").asText());
              }
            });
    assertThat(actions).contains("user.account.link", "user.account.unlink");
    call("POST", "/api/plans/" + id + "/cancel", token, null, Map.of());
  }

  @Test
  void theReconciliationReportIsForOperators() {
    Answer report = post("/api/ops/reconciliation/check", "oscar", null);
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.body().get("checkedAt").isNull()).isFalse();
    assertThat(report.body().get("mismatches").isArray()).isTrue();
    assertThat(report.body().get("outsideOrders").isArray()).isTrue();
    assertThat(get("/api/ops/reconciliation", "alice").status()).isEqualTo(403);
  }

  @Test
  void adoptAndFlattenAreOperatorsAndNeedAConfirmedDifference() {
    String adopt =
        "{\"account\":\"DU1234567\",\"symbol\":\"ZZZQ\",\"owner\":\"alice\","
            + "\"expectedDifference\":\"25\",\"stop\":\"99.00\"}";
    assertThat(post("/api/ops/reconciliation/adopt", "alice", adopt).status()).isEqualTo(403);
    Answer none = post("/api/ops/reconciliation/adopt", "oscar", adopt);
    assertThat(none.status()).isEqualTo(409);
    assertThat(none.body().get("detail").asText())
        .isEqualTo("no confirmed difference of DU1234567 ZZZQ: check again");
    Answer unconfirmed =
        post(
            "/api/ops/reconciliation/flatten",
            "oscar",
            "{\"account\":\"DU1234567\",\"symbol\":\"ZZZQ\",\"owner\":\"alice\","
                + "\"expectedDifference\":\"25\"}");
    assertThat(unconfirmed.status()).isEqualTo(422);
    assertThat(unconfirmed.body().toString()).contains("confirm");
    Answer noStop =
        post(
            "/api/ops/reconciliation/adopt",
            "oscar",
            "{\"account\":\"DU1234567\",\"symbol\":\"ZZZQ\",\"owner\":\"alice\","
                + "\"expectedDifference\":\"25\"}");
    assertThat(noStop.status()).isEqualTo(422);
    assertThat(noStop.body().toString()).contains("stop");
  }

  @Test
  void thePortfolioChecksAreForOperators() {
    Answer portfolio = get("/api/ops/portfolio-risk", "oscar");
    assertThat(portfolio.status()).isEqualTo(200);
    assertThat(portfolio.body().get("accounts").isArray()).isTrue();
    assertThat(portfolio.body().get("whatIf").isArray()).isTrue();
    assertThat(post("/api/ops/portfolio-risk/what-if/check", "oscar", null).status())
        .isEqualTo(200);
    assertThat(get("/api/ops/portfolio-risk", "alice").status()).isEqualTo(403);
  }
}
