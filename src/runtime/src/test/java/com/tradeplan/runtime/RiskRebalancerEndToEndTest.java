package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portfolio risk rebalancer end to end over the paper gateway (issue 14, point 6), its rounds
 * run by the test (no sleeps): an account over its stored open-risk threshold has its next entry
 * DENIED with the rebalancer's words (it never reaches the gateway), while the stop of its live
 * trade still goes out and fills; once under again the restriction is lifted, audited, and the next
 * entry fills.
 */
class RiskRebalancerEndToEndTest {
  @TempDir Path dir;

  @Test
  void anAccountOverItsOpenRiskHasEntriesDeniedButItsStopsGoAndUnderAgainEntriesGo()
      throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      String account = h.gateway.account();
      TestAccounts.link(h.platform, "alice", account);
      h.activate("alice", DraftBuilder.draft("a1").stop("99.00").target("110.00").build());
      h.settle();
      h.tick("AAPL", "101.50");
      h.tick("AAPL", "101.60");
      Harness.await("a1 live", () -> status(h, "a1") == PlanStatus.CONTINGENT_ACTIVE);

      // 100 shares, 2.60 above the stop: 260.00 of open risk, over 250.
      assertInstanceOf(
          RiskLimitsService.ChangeResult.Saved.class,
          h.platform
              .riskLimits()
              .change(
                  LimitScope.ACCOUNT,
                  account,
                  RiskLimits.builder().maxOpenRisk(new BigDecimal("250")).build(),
                  0,
                  "ops",
                  "small account"));
      RiskRebalancer rebalancer = h.platform.riskRebalancer();
      rebalancer.run();
      RiskRebalancer.AccountRisk risk = rebalancer.accounts().get(account);
      assertEquals(0, risk.openRisk().compareTo(new BigDecimal("260.00")), risk.toString());
      assertEquals(0, risk.grossExposure().compareTo(new BigDecimal("10160.00")), risk.toString());

      h.activate("alice", DraftBuilder.draft("a2").stop("99.00").target("110.00").build());
      h.tickDenied("AAPL", "101.70", 1);
      Harness.await("a2 denied", () -> status(h, "a2") == PlanStatus.CANCELLED);
      String ended = h.service().get("alice", "a2").orElseThrow().snapshot().endReason();
      assertTrue(
          ended.startsWith(
              "denied: portfolio risk rebalancer: account "
                  + account
                  + " has its open risk 260.00 over its threshold 250"),
          ended);
      assertTrue(
          h.gateway.getAudit().entries().stream().noneMatch(e -> e.orderRef().startsWith("a2:")),
          "the denied entry never reached the gateway");

      // Exits are never restricted: a1's stop goes out and fills.
      h.tick("AAPL", "98.90");
      h.tick("AAPL", "98.80");
      Harness.await("a1 stopped out", () -> status(h, "a1") == PlanStatus.INACTIVE);

      rebalancer.run(); // nothing live any more: under again
      assertEquals(null, rebalancer.refusal(account));
      assertTrue(
          h.platform.health().recentAlerts().stream()
              .anyMatch(a -> a.startsWith("RISK_THRESHOLD_CLEARED: account " + account)),
          h.platform.health().recentAlerts().toString());
      h.activate("alice", DraftBuilder.draft("a3").stop("97.00").target("110.00").build());
      h.tick("AAPL", "101.10");
      h.tick("AAPL", "101.20");
      Harness.await("a3 live", () -> status(h, "a3") == PlanStatus.CONTINGENT_ACTIVE);
    }
  }

  private static PlanStatus status(Harness h, String planId) {
    return h.service().get("alice", planId).orElseThrow().snapshot().status();
  }
}
