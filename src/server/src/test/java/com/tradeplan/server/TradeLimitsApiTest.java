package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 2, end to end through the server's API over the paper gateway: the limits that
 * depend on the trader's past trades and on time. An operator sets the trader's limit through the
 * limits API; the entry (or the trade) that just fits goes on, the next is refused (or exited) with
 * the limit, its value and the figure in the plan's history read through the API. Where a limit
 * counts time (cooldown, stagger, holding time, the once-a-second loss check), the test waits for
 * that time to pass on the server's clock, a few seconds at most.
 */
class TradeLimitsApiTest extends LimitsApiSupport {

  @Test
  void theDailyLossLetsEntriesWhileShortOfItAndRefusesOnceReached() {
    Trader t = linkedTrader("daily");
    LossReached r = lossLimitReached(Layer.user(t), "maxDailyLoss", t, t, "LMDA", "LMDB");
    assertThat(r.refusal())
        .isEqualTo(
            "maximum daily loss "
                + r.limit()
                + " for user "
                + t.name()
                + " reached (realized P&L today "
                + r.figure()
                + "): no new entries until the next trading day");
  }

  @Test
  void theCumulativeLossLetsEntriesWhileShortOfItAndRefusesOnceReached() {
    Trader t = linkedTrader("cumulative");
    LossReached r = lossLimitReached(Layer.user(t), "maxCumulativeLoss", t, t, "LMUA", "LMUB");
    assertThat(r.refusal())
        .isEqualTo(
            "maximum cumulative loss "
                + r.limit()
                + " for user "
                + t.name()
                + " reached (realized P&L over every recorded trade "
                + r.figure()
                + "): no new entries until an operator raises or removes the limit");
  }

  /**
   * 100 shares at 101.00 with the entry's commission of 1.00: at 99.52 the trade's loss is 149.00,
   * one cent a share short of 150, and it stays through two checks; at 99.51 it is 150.00 and the
   * trade is flattened, the history naming the limit and the figure.
   */
  @Test
  void theLossPerTradeExitsTheTradeOnceItsLossReachesTheLimit() {
    Trader t = linkedTrader("pertrade");
    setUserLimits(t, "{\"maxLossPerTrade\":\"150\"}");
    String id = activate(t, longPlan("LMLA", 100, "101.00", "95.00"));
    awaitEntered(t, id, "LMLA", "101.00", 100);
    tickUntil(
        t,
        id,
        "LMLA",
        "99.52",
        "the loss of 149.00 seen",
        p ->
            p.get("commission").asText().equals("1.00")
                && p.get("unrealizedPnl").asText().equals("-148.00"));
    long seen = System.nanoTime();
    JsonNode stays =
        tickUntil(
            t,
            id,
            "LMLA",
            "99.52",
            "two checks of the trade limits",
            p -> isEnded(p) || System.nanoTime() - seen > 2_200_000_000L);
    assertThat(stays.get("status").asText())
        .as("one cent short: stays")
        .isEqualTo("CONTINGENT_ACTIVE");

    JsonNode flat =
        tickUntil(t, id, "LMLA", "99.51", "the trade flattened", LimitsApiSupport::isEnded);
    assertThat(flat.get("status").asText()).isEqualTo("INACTIVE");
    assertThat(flat.get("position").asLong()).isZero();
    assertThat(actions(t, id))
        .containsExactly(
            "risk limits: flatten (maximum loss per trade 150 reached: realized -1.00 + unrealized"
                + " -149.00 at the last price 99.51 = -150.00)");
  }

  @Test
  void theHoldingTimeExitsATradeHeldLongerThanIt() {
    Trader t = linkedTrader("holding");
    setUserLimits(t, "{\"maxHoldingSeconds\":2}");
    String id = activate(t, longPlan("LMHA", 10, "101.00", "95.00"));
    awaitEntered(t, id, "LMHA", "101.00", 10);
    JsonNode flat =
        tickUntil(t, id, "LMHA", "101.00", "the trade flattened", LimitsApiSupport::isEnded);
    assertThat(flat.get("status").asText()).isEqualTo("INACTIVE");
    List<String> actions = actions(t, id);
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0))
        .matches(
            "risk limits: flatten \\(maximum holding time 2 s reached: in the trade [2-9] s since"
                + " the first entry fill at .+Z\\)");
  }

  /**
   * Stopped out on LMKA, the next entry within the 3 s cooldown is refused naming it; an entry once
   * the cooldown has passed goes.
   */
  @Test
  void theStopLossCooldownRefusesEntriesOnTheSymbolUntilItPasses() {
    Trader t = linkedTrader("cooldown");
    setUserLimits(t, "{\"stopLossCooldownSeconds\":3}");
    stoppedOutLoss(t, "LMKA");
    long stoppedOut = System.nanoTime();
    String early = activate(t, longPlan("LMKA", 10, "101.00", "99.00"));
    assertThat(awaitDenied(t, early, "LMKA", "101.00"))
        .matches(
            "stop-loss cooldown 3 s on LMKA for user "
                + t.name()
                + " \\(stopped out [0-2] s ago\\)");
    await("the cooldown passes", System::nanoTime, now -> now - stoppedOut > 3_000_000_000L);
    String fits = activate(t, longPlan("LMKA", 10, "101.00", "99.00"));
    awaitEntered(t, fits, "LMKA", "101.00", 10);
  }

  /**
   * Entries on one symbol at least 2000 ms apart: the one right after is refused, a later one goes.
   */
  @Test
  void theStaggerRefusesAnEntryTooSoonAfterThePreviousOne() {
    Trader t = linkedTrader("stagger");
    setUserLimits(t, "{\"entryStaggerMillis\":2000}");
    String first = activate(t, longPlan("LMGA", 10, "101.00", "99.00"));
    awaitEntered(t, first, "LMGA", "101.00", 10);
    long entered = System.nanoTime();
    String soon = activate(t, longPlan("LMGA", 10, "101.00", "99.00"));
    assertThat(awaitDenied(t, soon, "LMGA", "101.00"))
        .matches(
            "entry stagger 2000 ms on LMGA for user "
                + t.name()
                + " \\(previous entry 1?[0-9]{1,3} ms ago\\)");
    await("the stagger passes", System::nanoTime, now -> now - entered > 2_000_000_000L);
    String later = activate(t, longPlan("LMGA", 10, "101.00", "99.00"));
    awaitEntered(t, later, "LMGA", "101.00", 10);
  }

  /** Open plans are counted at activation: the third of a limit of 2 is 409 naming it, a draft. */
  @Test
  void theOpenPlansLimitRefusesTheActivationPastIt() {
    Trader t = linkedTrader("plans");
    setUserLimits(t, "{\"maxOpenPlans\":2}");
    activate(t, longPlan("LMPL", 10, "140.00", "99.00"));
    activate(t, longPlan("LMPL", 10, "140.00", "99.00"));
    Answer created =
        call("POST", "/api/plans", t.token(), longPlan("LMPL", 10, "140.00", "99.00"), Map.of());
    String third = created.body().get("id").asText();
    Answer refused = call("POST", "/api/plans/" + third + "/activate", t.token(), null, Map.of());
    assertThat(refused.status()).as("%s", refused.body()).isEqualTo(409);
    assertThat(refused.body().get("type").asText())
        .isEqualTo("urn:tradeplan:problem:limit-reached");
    assertThat(refused.body().get("limit").asText()).isEqualTo("maxOpenPlans");
    assertThat(refused.body().get("value").asInt()).isEqualTo(2);
    assertThat(refused.body().get("count").asInt()).isEqualTo(2);
    assertThat(plan(t, third).get("status").asText()).as("nothing stored").isEqualTo("DRAFT");
  }
}
