package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /**
   * Each of the account's limits on positions counts the entries of both its traders: trader a's
   * entry of 100 and b's just reach the limit and fill, and one share more, of a or of b, is
   * refused naming the account, the limit's value and the account's figure. The open notional
   * values the positions of both at their entry price: 2 x 10100 fits 20200, one share more not.
   */
  @ParameterizedTest(name = "the account's {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # the account's...                             | limits                       | account   | a enters 100 of | b enters | of   | one share more by | of   | refused, naming the account's figure
          position per symbol counts every user of it    | {"maxPositionPerSymbol":150} | DU9100001 | LAPA            | 50       | LAPA | b                 | LAPA | maximum position per symbol 150 on LAPA for account DU9100001 exceeded (position 150, working entries +0, this entry +1: 151 shares)
          total position counts every user and symbol    | {"maxPositionTotal":150}     | DU9100002 | LATA            | 50       | LATB | a                 | LATC | maximum total position 150 for account DU9100002 exceeded (positions 150 + working entries 0 + this entry 1 = 151 shares)
          open notional counts every user's positions    | {"maxOpenNotional":"20200"}  | DU9100003 | LANA            | 100      | LANB | b                 | LANC | maximum open notional 20200 for account DU9100003 exceeded (positions 20200 + working entries 0 + this entry 101 = 20301)
          """)
  void theAccountsPositionLimitsCountEveryUserOfIt(
      String story,
      String limits,
      String account,
      String aSymbol,
      long bQuantity,
      String bSymbol,
      String overBy,
      String overSymbol,
      String refusal) {
    Trader a = linkedTrader("acpos-a", account);
    Trader b = linkedTrader("acpos-b", account);
    setLimits(Layer.account(account), limits);
    List<Entry> fitting = List.of(Entry.of(a, aSymbol, 100), Entry.of(b, bSymbol, bQuantity));
    Entry over = Entry.of(overBy.equals("a") ? a : b, overSymbol, 1);
    assertThat(fitThenRefuse(fitting, over)).as(story).isEqualTo(refusal);
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

    String reason =
        "order rate limit 1/s (burst 1) for account "
            + account
            + " reached (2 entries in the last second with this one)";
    assertOneTickSendsTheStopAndOneEntryOnly(first, second, held, "LARA", reason);
  }
}
