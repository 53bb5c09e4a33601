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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, points 2 and 5 together, over the paper gateway: a trade whose stop realizes more than
 * the user's maximum daily loss engages that user's kill switch with the reason DAILY_LOSS_LIMIT
 * (the limits' trigger wired to the switch by {@code LossLimitKillSwitch}); the user's next entry
 * is denied by the switch, another user's entry still goes out, and only an operator's release lets
 * the user enter again.
 */
class DailyLossKillSwitchTest {
  @TempDir Path dir;

  private static RiskLimits maxDailyLoss(String amount) {
    return RiskLimits.builder().maxDailyLoss(new BigDecimal(amount)).build();
  }

  @Test
  void aStoppedOutTradePastTheDailyLossEngagesTheUsersKillSwitch() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.00");
      h.start();
      assertInstanceOf(
          RiskLimitsService.ChangeResult.Saved.class,
          h.platform
              .riskLimits()
              .change(LimitScope.USER, "alice", maxDailyLoss("50"), 0, "ops", "new trader"));

      h.activate("alice", Plans.plan("loser").quantity(100).stop("99.00").target("110.00").draft());
      enterAtMarket(h, "loser");

      stopOut(h, "loser"); // about 270 lost, past 50
      Harness.await("alice's kill switch engaged", () -> !engagementsOf(h, "alice").isEmpty());
      KillSwitch.Engagement e = engagementsOf(h, "alice").get(0);
      assertEquals(KillReason.DAILY_LOSS_LIMIT, e.reason());
      assertFalse(e.flatten(), "the trigger stops entries; it does not flatten");

      h.activate("alice", Plans.plan("next").quantity(10).stop("90.00").target("120.00").draft());
      h.activate("bob", Plans.plan("bobs").owner("bob").quantity(10).stop("90.00").draft());
      h.settle();
      h.gateway.publishTick("AAPL", "101.00"); // both entries trigger
      awaitStatus(h, "alice", "next", PlanStatus.CANCELLED);
      assertTrue(
          snapshot(h, "alice", "next").endReason().contains("daily loss limit reached"),
          "denied by the switch: " + snapshot(h, "alice", "next").endReason());
      Harness.await(
          "bob's entry reached the gateway",
          () ->
              h.gateway.getAudit().newOrdersByRef().keySet().stream()
                  .anyMatch(r -> r.startsWith("bobs:ENTRY")));

      h.platform.killSwitch().release(KillScope.user("alice"), KillReason.DAILY_LOSS_LIMIT);
      assertTrue(engagementsOf(h, "alice").isEmpty(), "released by the operator");
    }
  }

  /**
   * A daily loss limit with flatten lowered under the loss already made (here: set after the loss,
   * none before) engages the user's switch at the change, without any further fill, in words naming
   * the limit's new value and the loss; the user's other open trade is flattened.
   */
  @Test
  void aDailyLossLimitLoweredUnderTheLossAlreadyMadeEngagesTheSwitchAndFlattensAtOnce()
      throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.00");
      h.start();
      h.activate("alice", Plans.plan("held").quantity(10).stop("90.00").target("120.00").draft());
      h.activate("alice", Plans.plan("loser").quantity(100).stop("99.00").target("110.00").draft());
      enterAtMarket(h, "held", "loser");
      stopOut(h, "loser"); // about 270 lost, no limit yet
      EntryLimitsView limits = new EntryLimitsView(h);
      Harness.await("the loss counted", () -> limits.realizedToday().signum() < 0);
      assertTrue(engagementsOf(h, "alice").isEmpty(), "no loss limit yet: no switch");

      assertInstanceOf(
          RiskLimitsService.ChangeResult.Saved.class,
          h.platform
              .riskLimits()
              .change(
                  LimitScope.USER,
                  "alice",
                  RiskLimits.builder()
                      .maxDailyLoss(new BigDecimal("50"))
                      .flattenOnLossLimit(true)
                      .build(),
                  0,
                  "ops",
                  "tighter"));
      // no tick is published until the switch is seen: no fill, no commission can trigger it
      Harness.await("alice's kill switch engaged", () -> !engagementsOf(h, "alice").isEmpty());
      KillSwitch.Engagement e = engagementsOf(h, "alice").get(0);
      assertEquals(KillReason.DAILY_LOSS_LIMIT, e.reason());
      assertTrue(e.flatten(), "the limits ask to flatten");
      assertEquals(
          "the daily loss limit was lowered to 50, under the loss already made (realized P&L of"
              + " the day "
              + limits.realizedToday().stripTrailingZeros().toPlainString()
              + ")",
          e.detail());

      h.gateway.publishTick("AAPL", "99.00"); // the flatten goes out on the next tick
      Harness.await(
          "the flatten reached the gateway",
          () ->
              h.gateway.getAudit().newOrdersByRef().keySet().stream()
                  .anyMatch(r -> r.startsWith("held:FLATTEN")));
      h.gateway.publishTick("AAPL", "99.10"); // and fills at the one after
      awaitStatus(h, "alice", "held", PlanStatus.INACTIVE);
      assertEquals(0, limits.position("AAPL"), "alice is flat");
    }
  }

  /** Alice's figures as the risk check counts them. */
  private record EntryLimitsView(Harness h) {
    BigDecimal realizedToday() {
      return h.platform.riskLimits().entryLimits().realizedToday("alice");
    }

    long position(String symbol) {
      return h.platform.riskLimits().entryLimits().position("alice", symbol);
    }
  }

  /**
   * Once market data flows, AAPL at 101.00 sends the entries of alice's {@code plans} (entering
   * above 100.00) and 101.50 fills them: each is CONTINGENT_ACTIVE.
   */
  private static void enterAtMarket(Harness h, String... plans) throws Exception {
    assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
    h.settle();
    h.tick("AAPL", "101.00");
    h.tick("AAPL", "101.50");
    for (String plan : plans) {
      awaitStatus(h, "alice", plan, PlanStatus.CONTINGENT_ACTIVE);
    }
  }

  /** AAPL at 98.90 sends the stop of alice's {@code plan} (stop 99.00), 98.80 fills it. */
  private static void stopOut(Harness h, String plan) throws Exception {
    h.gateway.publishTick("AAPL", "98.90");
    Harness.await(
        "the stop reached the gateway",
        () ->
            h.gateway.getAudit().newOrdersByRef().keySet().stream()
                .anyMatch(r -> r.startsWith(plan + ":STOP")));
    h.gateway.publishTick("AAPL", "98.80");
    awaitStatus(h, "alice", plan, PlanStatus.INACTIVE);
  }

  private static List<KillSwitch.Engagement> engagementsOf(Harness h, String user) {
    return h.platform.killSwitch().engagements().stream()
        .filter(e -> e.scope().equals(KillScope.user(user)))
        .toList();
  }

  private static PlanSnapshot snapshot(Harness h, String owner, String id) {
    return h.service().get(owner, id).orElseThrow().snapshot();
  }

  private static void awaitStatus(Harness h, String owner, String id, PlanStatus status) {
    Harness.await(id + " " + status, () -> snapshot(h, owner, id).status() == status);
  }
}
