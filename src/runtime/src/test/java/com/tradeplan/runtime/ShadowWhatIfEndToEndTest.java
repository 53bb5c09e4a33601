package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.WhatIfAnswer;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.gateway.AuditEntry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow what-if checks end to end over the paper gateway (issue 14, point 7): with {@code
 * TRADEPLAN_WHAT_IF_CHECKS} on, a live plan's stop exit is checked by a whatIf order and accepted
 * with the margin it frees; once the gateway rejects whatIf orders the next check alerts that the
 * exit would be rejected; the real stop exit still goes out, unflagged, and fills; no whatIf order
 * ever filled or worked.
 */
class ShadowWhatIfEndToEndTest {
  @TempDir Path dir;

  @Test
  void aLivePlansExitIsCheckedAheadAndARejectionIsAlertedBeforeTheStopNeedsIt() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.10");
      Map<String, String> env = Harness.environment(dir, h.gateway.port(), h.gateway.account());
      env.put("TRADEPLAN_WHAT_IF_CHECKS", "true");
      h.platform =
          Platform.start(Harness.platformConfig(env, h.gateway.port(), h.gateway.account()));
      h.markAuditBase();
      TestAccounts.link(h.platform, "alice", h.gateway.account());
      h.activate("alice", DraftBuilder.draft("a1").stop("99.00").target("110.00").build());
      h.settle();
      h.tick("AAPL", "101.50");
      h.tick("AAPL", "101.60");
      Harness.await(
          "live",
          () ->
              h.service().get("alice", "a1").orElseThrow().snapshot().status()
                  == PlanStatus.CONTINGENT_ACTIVE);
      ShadowWhatIf shadow = h.platform.shadowWhatIf();
      Harness.await("the exit checked", () -> verdict(shadow) == WhatIfAnswer.Verdict.ACCEPTED);
      WhatIfAnswer accepted = shadow.checks().get("a1").answer();
      // 100 shares held, valued at the last price 101.60: 25% of 10,160 freed by the exit.
      assertEquals(0, accepted.initMarginChange().compareTo(new BigDecimal("-2540.00")));
      assertEquals(0, accepted.initMarginAfter().signum());

      h.gateway.rejectWhatIfOrders("the exit would breach the account's margin");
      shadow.checkAllAgain();
      Harness.await("the rejection", () -> verdict(shadow) == WhatIfAnswer.Verdict.REJECTED);
      Harness.await(
          "alerted",
          () ->
              h.platform.health().recentAlerts().stream()
                  .anyMatch(
                      a ->
                          a.startsWith(
                              "EXIT_WOULD_BE_REJECTED: plan a1 of alice: IB would reject its stop"
                                  + " exit SELL 100 AAPL for "
                                  + h.gateway.account()
                                  + " (what-if check: IB 201: Order rejected - reason:the exit"
                                  + " would breach the account's margin)")));

      // The stop still goes out for real (whatIf rejections never touch real orders) and fills.
      h.tick("AAPL", "98.90");
      h.tick("AAPL", "98.80");
      Harness.await(
          "stopped out",
          () ->
              h.service().get("alice", "a1").orElseThrow().snapshot().status()
                  == PlanStatus.INACTIVE);
      List<AuditEntry> entries = h.gateway.getAudit().entries();
      assertTrue(entries.stream().anyMatch(AuditEntry::whatIf), "whatIf orders were sent");
      for (AuditEntry e : entries) {
        assertEquals(e.orderRef().startsWith("whatif:"), e.whatIf(), e.toString());
      }
      assertTrue(
          entries.stream().anyMatch(e -> e.orderRef().startsWith("a1:STOP:") && !e.whatIf()),
          "the real stop: " + entries);
      assertEquals(2, h.gateway.getAudit().newOrdersByRef().size(), "entry and stop only");
      assertEquals(0, h.gateway.openOrderCount(), "no whatIf order works");
      assertTrue(
          h.gateway.positions(h.gateway.account()).get("AAPL") == null
              || h.gateway.positions(h.gateway.account()).get("AAPL").quantity().signum() == 0);
    }
  }

  private static WhatIfAnswer.Verdict verdict(ShadowWhatIf shadow) {
    ShadowWhatIf.Check c = shadow.checks().get("a1");
    return c == null || c.answer() == null ? null : c.answer().verdict();
  }
}
