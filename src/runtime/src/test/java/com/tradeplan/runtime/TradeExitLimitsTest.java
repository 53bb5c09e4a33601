package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.gateway.GatewayConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 2, over the paper gateway: the limits that exit an open trade ({@link
 * TradeLimitWatch}). The maximum loss per trade: at the last price whose loss (realized plus
 * unrealized, commissions included) is one cent a share short of the limit the trade stays; one
 * cent lower it is flattened, closed on the flatten's fills, and its history names the limit. The
 * maximum holding time: the trade stays while younger, and is flattened with the limit named once
 * it has been held that long.
 */
class TradeExitLimitsTest {
  @TempDir Path dir;

  @Test
  void aTradeWhoseLossReachesTheMaximumPerTradeIsFlattenedAndOneCentLessIsNot() throws Exception {
    // IB's fixed commissions: the entry's commission counts in the trade's loss.
    try (Harness h = new Harness(dir, new GatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.00");
      h.start();
      change(h, RiskLimits.builder().maxLossPerTrade(new BigDecimal("150")).build());
      h.activate("alice", Plans.plan("p1").quantity(100).stop("90.00").target("120.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();
      h.tick("AAPL", "101.00"); // the entry goes out
      h.tick("AAPL", "101.50"); // and fills
      Harness.await("filled", () -> snapshot(h, "p1").position() == 100);
      Harness.await("commission booked", () -> snapshot(h, "p1").commission().signum() > 0);
      PlanSnapshot s = snapshot(h, "p1");
      // The price at which realized (the commission) + unrealized is exactly -150.
      BigDecimal exact =
          s.avgEntryPrice()
              .add(
                  new BigDecimal("-150")
                      .subtract(s.realizedPnl())
                      .divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_EVEN));
      BigDecimal reaches = exact.setScale(2, RoundingMode.FLOOR);
      BigDecimal fits = reaches.add(new BigDecimal("0.01"));

      h.tick("AAPL", fits.toPlainString());
      assertEquals(0, h.platform.checkTradeLimitsNow(), "a loss short of the limit: no exit");
      assertEquals(PlanStatus.CONTINGENT_ACTIVE, snapshot(h, "p1").status());

      h.tick("AAPL", reaches.toPlainString());
      awaitFlattenSent(h, "p1");
      h.tick("AAPL", reaches.toPlainString()); // fills the flatten
      awaitStatus(h, "p1", PlanStatus.INACTIVE);
      assertEquals(0, snapshot(h, "p1").position(), "flat");
      String action = action(h, "p1");
      assertTrue(
          action.startsWith("risk limits: flatten (maximum loss per trade 150 reached: realized "),
          action);
      assertTrue(action.contains(" at the last price " + reaches.toPlainString() + " = "), action);
    }
  }

  @Test
  void aTradeHeldLongerThanTheMaximumHoldingTimeIsFlattened() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("MSFT", "50.00");
      h.start();
      change(h, RiskLimits.builder().maxHoldingSeconds(2L).build());
      h.activate(
          "alice",
          Plans.plan("held").symbol("MSFT").entry("50.00").quantity(10).stop("40.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();
      h.tick("MSFT", "50.10");
      h.tick("MSFT", "50.20");
      Harness.await("filled", () -> snapshot(h, "held").position() == 10);
      awaitFlattenSent(h, "held");
      h.tick("MSFT", "50.30"); // fills it
      awaitStatus(h, "held", PlanStatus.INACTIVE);
      String action = action(h, "held");
      assertTrue(
          action.startsWith(
              "risk limits: flatten (maximum holding time 2 s reached: in the trade "),
          action);
    }
  }

  private static void awaitFlattenSent(Harness h, String id) {
    Harness.await(
        "the flatten of " + id + " reached the gateway",
        () ->
            h.gateway.getAudit().newOrdersByRef().keySet().stream()
                .anyMatch(r -> r.startsWith(id + ":FLATTEN")));
  }

  private static void change(Harness h, RiskLimits limits) {
    assertInstanceOf(
        RiskLimitsService.ChangeResult.Saved.class,
        h.platform.riskLimits().change(LimitScope.USER, "alice", limits, 0, "ops", "test"));
  }

  private static String action(Harness h, String id) {
    // the history is read from the store, whose writer saves a step's events a moment after it
    assertTrue(h.platform.flush(Harness.WAIT), "the store's writer caught up");
    List<PlanEvent> actions =
        h.service().history("alice", id).stream()
            .map(HistoryEntry::event)
            .filter(e -> e.type() == PlanEvent.Type.ACTION)
            .toList();
    assertEquals(1, actions.size(), "one action: " + actions);
    return actions.get(0).reason();
  }

  private static PlanSnapshot snapshot(Harness h, String id) {
    return h.service().get("alice", id).orElseThrow().snapshot();
  }

  private static void awaitStatus(Harness h, String id, PlanStatus status) {
    Harness.await(id + " " + status, () -> snapshot(h, id).status() == status);
  }
}
