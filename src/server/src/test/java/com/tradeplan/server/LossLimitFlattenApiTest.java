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
    assertNextEntryRefusedByTheSwitch(t, "LFUC", scope, words);
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
    assertNextEntryRefusedByTheSwitch(holder, "LFAC", scope, words);
  }

  /**
   * A daily loss limit with flatten stored only after the loss was made, under it: the user's
   * switch is engaged by the change itself, no fill since, in words saying the limit was lowered
   * under the loss (value and figure), and the open trade is flattened at the gateway.
   */
  @Test
  void aLossLimitLoweredUnderTheLossAlreadyMadeEngagesTheSwitchAndFlattensAtOnce() {
    Trader t = linkedTrader("flatlow");
    String scope = "user:" + t.name();
    String[] plans = bothEntered(t, t, "LFLA", "LFLB");
    JsonNode stopped =
        tickUntil(
            t,
            plans[1],
            "LFLB",
            "98.90",
            plans[1] + " stopped out, its stop's commission charged",
            p ->
                LimitsApiSupport.isEnded(p)
                    && new BigDecimal(p.get("commission").asText()).compareTo(new BigDecimal("2"))
                        == 0);
    assertThat(stopped.get("status").asText()).isEqualTo("INACTIVE");
    assertThat(switchOf(scope)).as("no loss limit yet: no switch").isNull();

    engaged.add(new String[] {scope, "DAILY_LOSS_LIMIT"});
    setUserLimits(t, "{\"maxDailyLoss\":\"100\",\"flattenOnLossLimit\":true}");
    // -210 on the stopped trade, three commissions of 1.00: -213, past the new limit of 100
    String detail = loweredWords(true, "100", "-213");
    assertEngagedWithFlatten(scope, "DAILY_LOSS_LIMIT", detail);
    assertClosedByTheSwitch(
        t, plans[0], "LFLA", ACCOUNT, scope, "daily loss limit reached: " + detail);
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
    String[] plans = bothEntered(holder, loser, heldSymbol, lossSymbol);
    engaged.add(new String[] {scope, reason});
    JsonNode stopped =
        tickUntil(
            loser,
            plans[1],
            lossSymbol,
            "98.90",
            plans[1] + " stopped out",
            LimitsApiSupport::isEnded);
    assertThat(stopped.get("status").asText()).isEqualTo("INACTIVE");
    assertEngagedWithFlatten(scope, reason, detail);
    return plans[0];
  }

  /**
   * {@code holder} enters 100 shares of {@code heldSymbol} (stop far away), {@code loser} 100 of
   * {@code lossSymbol}, both at 101.00 with their commissions charged: the held plan and the other.
   */
  private String[] bothEntered(Trader holder, Trader loser, String heldSymbol, String lossSymbol) {
    String held = activate(holder, longPlan(heldSymbol, 100, "101.00", "95.00"));
    awaitEntered(holder, held, heldSymbol, "101.00", 100);
    assertThat(entryCommission(holder, held)).isEqualByComparingTo("1.00");
    String lost = activate(loser, longPlan(lossSymbol, 100, "101.00", "99.00"));
    awaitEntered(loser, lost, lossSymbol, "101.00", 100);
    assertThat(entryCommission(loser, lost)).isEqualByComparingTo("1.00");
    return new String[] {held, lost};
  }

  private void assertEngagedWithFlatten(String scope, String reason, String detail) {
    JsonNode s = await("the switch of " + scope, () -> switchOf(scope), x -> x != null);
    assertThat(s.get("reason").asText()).isEqualTo(reason);
    assertThat(s.get("words").asText()).isEqualTo(detail);
    assertThat(s.get("actor").asText()).isEqualTo("risk limits");
    assertThat(s.get("flatten").asBoolean()).as("engaged with flatten").isTrue();
  }

  /** {@code t}'s next entry, of 10 on {@code symbol}, is refused by the switch of {@code scope}. */
  private void assertNextEntryRefusedByTheSwitch(
      Trader t, String symbol, String scope, String words) {
    String next = activate(t, longPlan(symbol, 10, "101.00", "99.00"));
    assertThat(awaitDenied(t, next, symbol, "101.00"))
        .isEqualTo(
            "kill switch engaged for "
                + scope
                + " ("
                + words
                + "): entries are refused, exits and cancels pass");
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
}
