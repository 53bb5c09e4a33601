package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 2, the ACCOUNT layer end to end through the server's API over the paper gateway:
 * an operator sets limits on an IB account ({@code PUT /api/risk/limits/account/{id}}), and two
 * traders linked to it share them: the entries of either that just fit the account's limit fill,
 * and the next is refused naming the account, the limit's value and the account's figure, in the
 * plan's end reason and history. No USER layer is set, and each trader alone stays well within the
 * account's limit, so only the account's figures can refuse. Each test trades an account of its own
 * ({@link ServerTestBase#OWN_ACCOUNTS}) that no other test trades: its figures are its traders'
 * alone, and its limits bind no one else.
 */
class AccountLimitsApiTest extends LimitsApiSupport {

  @Test
  void theAccountsPositionPerSymbolCountsEveryUserOfIt() {
    String account = "DU9100001";
    Trader a = linkedTrader("acpos-a", account);
    Trader b = linkedTrader("acpos-b", account);
    setLimits(Layer.account(account), "{\"maxPositionPerSymbol\":150}");
    assertThat(
            fitThenRefuse(
                List.of(Entry.of(a, "LAPA", 100), Entry.of(b, "LAPA", 50)), Entry.of(b, "LAPA", 1)))
        .isEqualTo(
            "maximum position per symbol 150 on LAPA for account DU9100001 exceeded (position"
                + " 150, working entries +0, this entry +1: 151 shares)");
  }

  @Test
  void theAccountsTotalPositionCountsEveryUserAndSymbol() {
    String account = "DU9100002";
    Trader a = linkedTrader("actot-a", account);
    Trader b = linkedTrader("actot-b", account);
    setLimits(Layer.account(account), "{\"maxPositionTotal\":150}");
    assertThat(
            fitThenRefuse(
                List.of(Entry.of(a, "LATA", 100), Entry.of(b, "LATB", 50)), Entry.of(a, "LATC", 1)))
        .isEqualTo(
            "maximum total position 150 for account DU9100002 exceeded (positions 150 + working"
                + " entries 0 + this entry 1 = 151 shares)");
  }

  /** Positions of both users at their entry price: 2 x 10100 fits 20200, one share more not. */
  @Test
  void theAccountsOpenNotionalCountsEveryUsersPositions() {
    String account = "DU9100003";
    Trader a = linkedTrader("acnot-a", account);
    Trader b = linkedTrader("acnot-b", account);
    setLimits(Layer.account(account), "{\"maxOpenNotional\":\"20200\"}");
    assertThat(
            fitThenRefuse(
                List.of(Entry.of(a, "LANA", 100), Entry.of(b, "LANB", 100)),
                Entry.of(b, "LANC", 1)))
        .isEqualTo(
            "maximum open notional 20200 for account DU9100003 exceeded (positions 20200 +"
                + " working entries 0 + this entry 101 = 20301)");
  }

  /**
   * One trader's stopped-out loss and the other's entry commission make the account's loss of the
   * day: a cent short of the limit the other's entry fills; at the limit their next is refused.
   */
  @Test
  void theAccountsDailyLossCountsEveryUsersLoss() {
    String account = "DU9100004";
    Trader loser = linkedTrader("acday-a", account);
    Trader next = linkedTrader("acday-b", account);
    LossReached r =
        lossLimitReached(Layer.account(account), "maxDailyLoss", loser, next, "LADA", "LADB");
    assertThat(r.refusal())
        .isEqualTo(
            "maximum daily loss "
                + r.limit()
                + " for account DU9100004 reached (realized P&L today "
                + r.figure()
                + "): no new entries until the next trading day");
  }

  /**
   * The account's own order rate, 1 entry a second: a long of 10 (stop 99.00) of one trader is
   * held; two SHORT entries below 99.50, one of each trader, wait. One tick at 98.90 triggers both
   * entries and the stop: one entry fills, the other is refused naming the account's rate and the
   * count, and the stop fills (exits take no token). The layer is stored after the held entry
   * filled, so that entry took no token of it. 1/s for the reason {@code PlatformRateApiTest}
   * gives: a token comes back only after a whole second.
   */
  @Test
  void theAccountsOrderRateRefusesTheEntryPastItAndNeverAnExit() {
    String account = "DU9100006";
    Trader first = linkedTrader("acrate-a", account);
    Trader second = linkedTrader("acrate-b", account);
    String held = activate(first, longPlan("LARA", 10, "101.00", "99.00"));
    awaitEntered(first, held, "LARA", "101.00", 10);
    setLimits(Layer.account(account), "{\"ordersPerSecond\":1,\"orderBurst\":1}");

    Map<String, Trader> owners = new LinkedHashMap<>();
    owners.put(activate(first, shortPlan("LARA", 10, "99.50")), first);
    owners.put(activate(second, shortPlan("LARA", 10, "99.50")), second);
    JsonNode stopped =
        tickUntil(first, held, "LARA", "98.90", held + " stopped out", LimitsApiSupport::isEnded);
    assertThat(stopped.get("status").asText()).as("the stop went").isEqualTo("INACTIVE");
    assertThat(stopped.get("position").asLong()).isZero();
    assertThat(denials(first, held)).as("no exit refused").isEmpty();

    JsonNode over = oneEntersTheOtherIsRefused(owners, "LARA", "98.90");
    String reason =
        "order rate limit 1/s (burst 1) for account "
            + account
            + " reached (2 entries in the last second with this one)";
    assertThat(over.get("endReason").asText()).isEqualTo("denied: " + reason);
    String overId = over.get("id").asText();
    assertThat(denials(owners.get(overId), overId)).containsExactly(reason);
  }
}
