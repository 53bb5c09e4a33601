package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.gateway.Position;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 2, "reaching one blocks new entries; optionally flattens", end to end through the
 * server's API over the paper gateway: with {@code flattenOnLossLimit} in a USER or an ACCOUNT
 * layer, the fill that reaches the loss limit engages the holder's kill switch with flatten: the
 * other open trade of the holder is closed by a market exit that is never refused (flat at the
 * gateway, its history naming the switch, the limit, its value and the figure), and the next entry
 * is refused by the switch with the same words. Every switch a test engages is released after it
 * (the server is shared: {@code KillSwitchApiTest} counts the switches it sees).
 *
 * <p>The figures are fixed: two entries of 100 at 101.00 (1.00 commission each, both charged before
 * the stop is hit) and a stop filled at 98.90 realize -212 at the stop's fill, past a limit of 100.
 */
class LossLimitFlattenApiTest extends LimitsApiSupport {
  private final List<String[]> engaged = new ArrayList<>(); // scope, reason

  @AfterEach
  void releaseTheSwitches() {
    for (String[] e : engaged) {
      call(
          "POST",
          "/api/kill-switch/release",
          token("oscar"),
          "{\"scope\":\"" + e[0] + "\",\"why\":\"test over\",\"reason\":\"" + e[1] + "\"}",
          Map.of());
    }
  }

  @Test
  void aUsersCumulativeLossWithFlattenClosesTheirOpenTradeAndStopsTheirEntries() {
    Trader t = linkedTrader("flatuser");
    setUserLimits(t, "{\"maxCumulativeLoss\":\"100\",\"flattenOnLossLimit\":true}");
    String detail =
        "realized P&L over every recorded trade -212 reached the cumulative loss limit of 100";
    String scope = "user:" + t.name();
    String held = heldThenStoppedOut(t, t, "LFUA", "LFUB", scope, "CUMULATIVE_LOSS_LIMIT", detail);
    String words = "cumulative loss limit reached: " + detail;

    assertClosedByTheSwitch(t, held, "LFUA", ACCOUNT, scope, words);
    String next = activate(t, longPlan("LFUC", 10, "101.00", "99.00"));
    assertThat(awaitDenied(t, next, "LFUC", "101.00"))
        .isEqualTo(
            "kill switch engaged for "
                + scope
                + " ("
                + words
                + "): entries are refused, exits and cancels pass");
  }

  /**
   * One trader of the account loses; the account's switch flattens the other trader's trade and
   * refuses the other trader's next entry, although that trader lost nothing.
   */
  @Test
  void anAccountsDailyLossWithFlattenClosesEveryUsersTradeAndStopsEveryUsersEntries() {
    String account = "DU9100005";
    Trader holder = linkedTrader("flatacc-a", account);
    Trader loser = linkedTrader("flatacc-b", account);
    setLimits(Layer.account(account), "{\"maxDailyLoss\":\"100\",\"flattenOnLossLimit\":true}");
    String detail = "realized P&L of the day -212 reached the daily loss limit of 100";
    String scope = "account:" + account;
    String held =
        heldThenStoppedOut(holder, loser, "LFAA", "LFAB", scope, "DAILY_LOSS_LIMIT", detail);
    String words = "daily loss limit reached: " + detail;

    assertClosedByTheSwitch(holder, held, "LFAA", account, scope, words);
    String next = activate(holder, longPlan("LFAC", 10, "101.00", "99.00"));
    assertThat(awaitDenied(holder, next, "LFAC", "101.00"))
        .isEqualTo(
            "kill switch engaged for "
                + scope
                + " ("
                + words
                + "): entries are refused, exits and cancels pass");
  }

  /**
   * {@code holder} enters 100 shares of {@code heldSymbol} (stop far away), {@code loser} 100 of
   * {@code lossSymbol}, both commissions charged; then loser's stop is hit: the switch of {@code
   * scope} is engaged with flatten, for {@code reason}, the figures in its {@code detail} (the
   * words the API shows; a refusal names the reason's words and them). Answers the held plan.
   */
  private String heldThenStoppedOut(
      Trader holder,
      Trader loser,
      String heldSymbol,
      String lossSymbol,
      String scope,
      String reason,
      String detail) {
    String held = activate(holder, longPlan(heldSymbol, 100, "101.00", "95.00"));
    awaitEntered(holder, held, heldSymbol, "101.00", 100);
    assertThat(entryCommission(holder, held)).isEqualByComparingTo("1.00");
    String lost = activate(loser, longPlan(lossSymbol, 100, "101.00", "99.00"));
    awaitEntered(loser, lost, lossSymbol, "101.00", 100);
    assertThat(entryCommission(loser, lost)).isEqualByComparingTo("1.00");

    engaged.add(new String[] {scope, reason});
    JsonNode stopped =
        tickUntil(
            loser, lost, lossSymbol, "98.90", lost + " stopped out", LimitsApiSupport::isEnded);
    assertThat(stopped.get("status").asText()).isEqualTo("INACTIVE");
    JsonNode s = await("the switch of " + scope, () -> switchOf(scope), x -> x != null);
    assertThat(s.get("reason").asText()).isEqualTo(reason);
    assertThat(s.get("words").asText()).isEqualTo(detail);
    assertThat(s.get("actor").asText()).isEqualTo("risk limits");
    assertThat(s.get("flatten").asBoolean()).as("engaged with flatten").isTrue();
    return held;
  }

  /**
   * The held plan ends flat through one FLATTEN order at the gateway that was never refused, the
   * account holds nothing of its symbol, and its history names the switch and why.
   */
  private void assertClosedByTheSwitch(
      Trader t, String held, String symbol, String account, String scope, String words) {
    JsonNode flat =
        tickUntil(t, held, symbol, "100.50", held + " flattened", LimitsApiSupport::isEnded);
    assertThat(flat.get("status").asText()).isEqualTo("INACTIVE");
    assertThat(flat.get("position").asLong()).isZero();
    assertThat(platform.embeddedGateway().getAudit().newOrdersByRef().keySet())
        .as("the flatten reached the gateway")
        .anyMatch(ref -> ref.startsWith(held + ":FLATTEN"));
    Position atGateway = platform.embeddedGateway().positions(account).get(symbol);
    assertThat(atGateway == null ? BigDecimal.ZERO : atGateway.quantity())
        .as("%s of %s at the gateway", symbol, account)
        .isEqualByComparingTo("0");
    assertThat(denials(t, held)).as("the exit was never refused").isEmpty();
    assertThat(events(t, held, "REJECT")).as("nor rejected").isEmpty();
    assertThat(actions(t, held))
        .containsExactly(
            "risk limits: flatten (kill switch engaged for " + scope + " (" + words + "))");
  }

  /** The switch of {@code scope} as an operator sees it through the API, or null. */
  private JsonNode switchOf(String scope) {
    Answer a = call("GET", "/api/kill-switch", token("oscar"), null, Map.of());
    assertThat(a.status()).isEqualTo(200);
    for (JsonNode s : a.body().get("engaged")) {
      if (s.get("scope").asText().equals(scope)) {
        return s;
      }
    }
    return null;
  }
}
