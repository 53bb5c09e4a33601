package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.market.TradingHoursRule;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The liquid hours rule over the paper gateway, on a clock the test moves (Monday 7 December 2026;
 * the gateway's AAPL trades 09:30-16:00 New York): an activation one minute before the open is
 * refused naming the rule, the hours and the time, and passes at the open; an entry triggered after
 * the close is denied by the rule and never reaches the gateway; a stop triggered after the close
 * is sent and fills (exits are never refused by hours).
 */
class TradingHoursEndToEndTest {
  private static final String LIQUID = "20261207:0930-20261207:1600;20261208:0930-20261208:1600";

  @TempDir Path dir;

  @Test
  void entriesAndActivationsKeepToTheLiquidHoursExitsNever() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T14:29:00Z")); // 09:29
    GatewayConfig g = Harness.gatewayConfig();
    g.clock = Clock.fixed(Instant.parse("2026-12-07T15:00:00Z"), ZoneOffset.UTC);
    try (Harness h = new Harness(dir, g)) {
      Map<String, String> env =
          Harness.environment(h.dataDir, h.gateway.port(), h.gateway.account());
      h.platform =
          Platform.start(
              Harness.platformConfig(env, h.gateway.port(), h.gateway.account())
                  .withClock(clock)
                  .withTradingHoursRule(TradingHoursRule.LIQUID));
      TestAccounts.link(h.platform, "alice", h.gateway.account());
      h.gateway.publishTick("AAPL", "100.00");

      h.service().createDraft("alice", Plans.plan("early").stop("99.00").target("110.00").draft());
      var refused = h.service().activate("alice", "early");
      CommandResult.Refused<?> r = assertInstanceOf(CommandResult.Refused.class, refused);
      assertEquals(
          "trading hours rule (liquid hours): AAPL trades "
              + LIQUID
              + " (US/Eastern); it is 2026-12-07 09:29 US/Eastern: the plan stays a draft",
          r.reason());
      assertEquals(PlanStatus.DRAFT, snapshot(h, "early").status());

      clock.advance(Duration.ofMinutes(1)); // 09:30: open
      assertInstanceOf(CommandResult.Ok.class, h.service().activate("alice", "early"));
      h.activate("alice", Plans.plan("late").quantity(10).stop("99.00").target("120.00").draft());
      h.activate(
          "alice", Plans.plan("after").entry("102.00").stop("99.00").target("120.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();
      h.tick("AAPL", "101.00"); // both entries trigger inside the session
      h.tick("AAPL", "101.01"); // and the gateway fills them at its next price
      try {
        Harness.await(
            "both entries filled",
            () ->
                snapshot(h, "early").status() == PlanStatus.CONTINGENT_ACTIVE
                    && snapshot(h, "late").status() == PlanStatus.CONTINGENT_ACTIVE);
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage() + ": " + snapshot(h, "early") + " / " + h.gateway.getAudit().entries(),
            e);
      }

      clock.set(Instant.parse("2026-12-07T21:05:00Z")); // 16:05: closed
      int ordersBefore = h.gateway.getAudit().entries().size();
      h.tickDenied("AAPL", "102.00", 1); // "after" triggers: denied by the hours
      Harness.await(
          "the entry after the close is denied",
          () -> snapshot(h, "after").status() == PlanStatus.CANCELLED);
      assertTrue(
          snapshot(h, "after").endReason().contains("trading hours rule (liquid hours)"),
          snapshot(h, "after").endReason());
      assertTrue(
          snapshot(h, "after").endReason().contains("it is 2026-12-07 16:05 US/Eastern"),
          snapshot(h, "after").endReason());

      h.tick("AAPL", "98.90"); // the stops trigger after the close: sent
      h.tick("AAPL", "98.89"); // and filled
      Harness.await(
          "the stops after the close closed both trades",
          () ->
              snapshot(h, "early").status().isTerminal()
                  && snapshot(h, "late").status().isTerminal());
      assertTrue(
          h.gateway.getAudit().entries().stream()
              .skip(ordersBefore)
              .anyMatch(e -> e.orderRef().contains(":STOP:")),
          "the stops reached the gateway");
      assertTrue(
          h.gateway.getAudit().entries().stream().noneMatch(e -> e.orderRef().startsWith("after:")),
          "the denied entry never reached the gateway");
    }
  }

  private static PlanSnapshot snapshot(Harness h, String id) {
    return h.service().get("alice", id).orElseThrow().snapshot();
  }
}
