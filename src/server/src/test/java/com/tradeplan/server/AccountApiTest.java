package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/account} over real HTTP against the real platform: a plan's money at risk while
 * it waits for its entry and once it is in a trade, its position, a partial exit's P&amp;L in
 * today's figures, the limits and what they leave, and the figures agreeing with the other
 * endpoints. The server is shared with other API tests: only XLF (which no other test trades) is
 * checked row by row, and totals are compared as differences or with sums of the same answer.
 */
class AccountApiTest extends ServerTestBase {
  private static final String SYMBOL = "XLF";

  @Test
  void theAccountShowsAPlansRiskPositionAndPnlAsItTrades() {
    JsonNode before = account("bob");
    assertThat(before.get("user").asText()).isEqualTo("bob");
    assertThat(before.get("account").asText()).isEqualTo("DU7654321");

    String id = createPlan("bob", SYMBOL);
    platform.embeddedGateway().publishTick(SYMBOL, "100.50");
    assertThat(post("/api/plans/" + id + "/activate", "bob", null).status()).isEqualTo(200);

    JsonNode waiting = risk(account("bob"), id);
    assertThat(waiting.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(waiting.get("openEntryQuantity").asLong()).isEqualTo(100);
    assertThat(waiting.get("entryStop").asText()).isEqualTo("99.00");
    assertThat(waiting.get("entryRisk").asText()).as("100 x (101.00 - 99.00)").isEqualTo("200.00");
    assertThat(waiting.get("moneyAtRisk").asText()).isEqualTo("200.00");

    JsonNode plan = tickUntil("101.05", id, p -> p.get("position").asLong() == 100);
    JsonNode inTrade = account("bob");
    JsonNode r = risk(inTrade, id);
    BigDecimal last = new BigDecimal(plan.get("lastPrice").asText());
    assertThat(r.get("referenceKind").asText()).isEqualTo("LAST");
    assertThat(new BigDecimal(r.get("positionRisk").asText()))
        .as("100 x (last %s - active stop 99.00)", last)
        .isEqualByComparingTo(
            last.subtract(new BigDecimal("99.00")).multiply(BigDecimal.valueOf(100)));
    assertThat(r.get("openEntryQuantity").asLong()).isZero();
    assertSumsHold(inTrade);
    JsonNode row = position(inTrade);
    assertThat(row.get("netPosition").asLong()).isEqualTo(100);
    assertThat(row.get("averagePrice").asText()).isEqualTo(plan.get("avgEntryPrice").asText());
    assertThat(row.get("unrealizedPnl").asText()).isEqualTo(plan.get("unrealizedPnl").asText());
    JsonNode openPlans = limit(inTrade, "maxOpenPlans");
    assertThat(new BigDecimal(openPlans.get("left").asText()))
        .isEqualByComparingTo(
            new BigDecimal(openPlans.get("value").asText())
                .subtract(new BigDecimal(openPlans.get("used").asText())));

    // The exit's commission report follows its execution: wait until both orders' commissions are
    // booked (IB fixed, the paper gateway's model: the $1.00 minimum for each of the two orders),
    // or
    // the plan's realized P&L is read before its exit commission while the account's is after.
    JsonNode half =
        tickUntil(
            "103.00",
            id,
            p ->
                p.get("position").asLong() == 50
                    && money(p.get("commission")).compareTo(new BigDecimal("2.00")) == 0);
    // Today's P&L is read from the stored fills, which the store's writer saves a moment after
    // the plan shows them: wait for the exit's fill to be there.
    JsonNode after =
        await(
            "the partial exit's P&L in today's",
            () -> account("bob"),
            a ->
                money(a.at("/today/realizedPnl"))
                        .subtract(money(before.at("/today/realizedPnl")))
                        .compareTo(money(half.get("realizedPnl")))
                    == 0);
    assertThat(position(after).get("realizedTodayPnl").asText())
        .isEqualTo(half.get("realizedPnl").asText());
    assertThat(after.at("/total/realizedPnl").asText())
        .as("the same total as /api/trades/pnl")
        .isEqualTo(get("/api/trades/pnl", "bob").body().get("realizedPnl").asText());
    assertThat(after.get("workingOrders").findValuesAsText("planId")).doesNotContain(id);
    assertSumsHold(after);

    assertThat(post("/api/plans/" + id + "/flatten", "bob", null).status()).isEqualTo(200);
  }

  @Test
  void onlyTradersHaveAnAccount() {
    assertThat(get("/api/account", "oscar").status()).isEqualTo(403);
    assertThat(get("/api/account", "ana").status()).isEqualTo(403);
    assertThat(call("GET", "/api/account", null, null, java.util.Map.of()).status()).isEqualTo(401);
  }

  @Test
  void aKillSwitchHoldingTheTraderIsAnAlertOfTheirAccountOnly() {
    assertThat(
            post(
                    "/api/kill-switch/engage",
                    "bob",
                    "{\"scope\":\"user:bob\",\"reason\":\"stepping away\"}")
                .status())
        .isEqualTo(200);
    try {
      JsonNode alert = null;
      for (JsonNode a : account("bob").get("alerts")) {
        if (a.get("kind").asText().equals("KILL_SWITCH")) {
          alert = a;
        }
      }
      assertThat(alert).as("bob's account names his kill switch").isNotNull();
      assertThat(alert.get("subject").asText()).isEqualTo("user:bob");
      assertThat(alert.get("message").asText())
          .contains("stepping away", "New entries are refused");
      assertThat(account("alice").get("alerts").findValuesAsText("kind"))
          .as("alice is not held by bob's switch")
          .doesNotContain("KILL_SWITCH");
    } finally {
      for (var e : platform.killSwitch().engagements()) {
        platform.killSwitch().release(e.scope(), e.reason());
      }
    }
  }

  private JsonNode account(String user) {
    Answer a = get("/api/account", user);
    assertThat(a.status()).as("GET /api/account: %s", a.body()).isEqualTo(200);
    return a.body();
  }

  private static void assertSumsHold(JsonNode account) {
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode r : account.get("plansAtRisk")) {
      sum = sum.add(new BigDecimal(r.get("moneyAtRisk").asText()));
    }
    assertThat(new BigDecimal(account.get("moneyAtRisk").asText()))
        .as("the total at risk is the sum of the plans'")
        .isEqualByComparingTo(sum);
  }

  private static JsonNode risk(JsonNode account, String planId) {
    for (JsonNode r : account.get("plansAtRisk")) {
      if (r.get("planId").asText().equals(planId)) {
        return r;
      }
    }
    throw new AssertionError("no risk row for " + planId + " in " + account);
  }

  private static JsonNode position(JsonNode account) {
    for (JsonNode p : account.get("positions")) {
      if (p.get("symbol").asText().equals(SYMBOL)) {
        return p;
      }
    }
    throw new AssertionError("no position on " + SYMBOL + " in " + account);
  }

  private static JsonNode limit(JsonNode account, String name) {
    for (JsonNode l : account.get("limits")) {
      if (l.get("limit").asText().equals(name)) {
        return l;
      }
    }
    throw new AssertionError("no limit " + name + " in " + account);
  }

  private static BigDecimal money(JsonNode text) {
    return new BigDecimal(text.asText());
  }

  /** Publishes {@code price} until the plan satisfies {@code until} (20 s at most); the plan. */
  private JsonNode tickUntil(String price, String id, Predicate<JsonNode> until) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      platform.embeddedGateway().publishTick(SYMBOL, price);
      JsonNode plan = get("/api/plans/" + id, "bob").body().get("plan");
      if (until.test(plan)) {
        return plan;
      }
      assertThat(System.nanoTime())
          .as("timed out at %s waiting for plan %s: %s", price, id, plan)
          .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
    }
  }
}
