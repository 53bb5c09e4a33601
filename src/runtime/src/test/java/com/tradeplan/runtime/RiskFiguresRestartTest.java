package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.KillScope;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk figures survive a restart of the platform over the same store and paper gateway ({@link
 * RiskFigures}): a trader who reached the maximum daily loss before the restart is refused an entry
 * after it by the limit itself (the kill switch it engaged was released), and the position held
 * across the restart counts against the maximum position per symbol, once (the reconcile's replay
 * of its execution does not count it again).
 */
class RiskFiguresRestartTest {
  @TempDir Path dir;

  private static void limitAlice(Harness h, RiskLimits limits) {
    assertInstanceOf(
        RiskLimitsService.ChangeResult.Saved.class,
        h.platform.riskLimits().change(LimitScope.USER, "alice", limits, 0, "ops", "new trader"));
  }

  private static void restart(Harness h) {
    h.platform.close();
    h.platform = null;
    h.start();
  }

  @Test
  void aTraderPastTheDailyLossBeforeARestartIsStillRefusedAfterIt() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.00");
      h.start();
      limitAlice(h, RiskLimits.builder().maxDailyLoss(new BigDecimal("50")).build());
      h.activate("alice", Plans.plan("loser").quantity(100).stop("99.00").target("110.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();
      h.tick("AAPL", "101.00"); // the entry goes out
      h.tick("AAPL", "101.50"); // and fills
      awaitStatus(h, "alice", "loser", PlanStatus.CONTINGENT_ACTIVE);
      h.gateway.publishTick("AAPL", "98.90"); // the stop goes out
      Harness.await(
          "the stop reached the gateway",
          () ->
              h.gateway.getAudit().newOrdersByRef().keySet().stream()
                  .anyMatch(r -> r.startsWith("loser:STOP")));
      h.gateway.publishTick("AAPL", "98.80"); // and fills: about 270 lost, past 50
      awaitStatus(h, "alice", "loser", PlanStatus.INACTIVE);
      Harness.await(
          "alice's kill switch engaged", () -> h.platform.killSwitch().engagements().size() == 1);
      // An operator releases the switch: from now on only the limit itself refuses alice.
      h.platform.killSwitch().release(KillScope.user("alice"), KillReason.DAILY_LOSS_LIMIT);

      restart(h);
      assertTrue(h.platform.killSwitch().engagements().isEmpty(), "the switch stays released");
      h.activate("alice", Plans.plan("next").quantity(10).stop("90.00").target("120.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows again");
      h.settle();
      h.tickDenied("AAPL", "101.00", 1);
      awaitStatus(h, "alice", "next", PlanStatus.CANCELLED);
      String reason = snapshot(h, "alice", "next").endReason();
      assertTrue(
          reason.contains("maximum daily loss 50 for user alice reached (realized P&L today -"),
          "denied by the daily loss limit counted before the restart: " + reason);
      assertFalse(reason.contains("kill switch"), reason);
      assertFalse(
          h.gateway.getAudit().newOrdersByRef().containsKey("next:ENTRY:0:1"),
          "the entry never reached the gateway");
      assertTrue(
          h.platform.killSwitch().engagements().isEmpty(),
          "the rebuilt loss does not engage the released switch again");
    }
  }

  @Test
  void thePositionHeldAcrossARestartCountsAgainstTheMaximumPositionOnce() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.00");
      h.start();
      limitAlice(h, RiskLimits.builder().maxPositionPerSymbol(150L).build());
      h.activate("alice", Plans.plan("held").quantity(100).stop("90.00").target("120.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();
      h.tick("AAPL", "101.00"); // the entry goes out
      h.tick("AAPL", "101.50"); // and fills
      awaitStatus(h, "alice", "held", PlanStatus.CONTINGENT_ACTIVE);

      restart(h);
      assertEquals(
          100,
          h.platform.riskLimits().entryLimits().position("alice", "AAPL"),
          "the open position, counted once although the reconcile reported its execution again");
      h.activate("alice", Plans.plan("more").quantity(100).stop("90.00").target("120.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows again");
      h.settle();
      h.tickDenied("AAPL", "101.00", 1);
      awaitStatus(h, "alice", "more", PlanStatus.CANCELLED);
      String reason = snapshot(h, "alice", "more").endReason();
      assertTrue(
          reason.contains(
              "maximum position per symbol 150 on AAPL for user alice exceeded (position 100,"),
          "denied by the position held before the restart: " + reason);

      h.activate("alice", Plans.plan("fits").quantity(50).stop("90.00").target("120.00").draft());
      h.tick("AAPL", "101.10");
      awaitStatus(h, "alice", "fits", PlanStatus.ENTRY_SUBMITTED);
    }
  }

  private static PlanSnapshot snapshot(Harness h, String owner, String id) {
    return h.service().get(owner, id).orElseThrow().snapshot();
  }

  private static void awaitStatus(Harness h, String owner, String id, PlanStatus status) {
    h.waitFor(
        () -> id + " " + status + " (is " + snapshot(h, owner, id).status() + ")",
        () -> snapshot(h, owner, id).status() == status);
  }
}
