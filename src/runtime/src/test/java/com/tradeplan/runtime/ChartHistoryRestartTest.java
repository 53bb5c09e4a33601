package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.runtime.account.AccountReads;
import com.tradeplan.runtime.account.AccountSummary;
import com.tradeplan.runtime.account.IntradayPnlCurve;
import com.tradeplan.store.PlanCounts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's levels over time and the trader's intraday P&amp;L curve survive a restart of the
 * platform over the same store (docs/api.md, "Charts"): after it, the plan's chart still has the
 * points recorded before (the levels at activation, the fill's active stop, the trader's move of
 * the stop) followed by the new ones, and the curve still has the minute sampled before.
 */
class ChartHistoryRestartTest {
  @TempDir Path dir;

  @Test
  void theLevelsOverTimeAndThePnlCurveAreThereAfterARestart() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      h.activate("alice", DraftBuilder.draft("c1").stop("99.00").target("110.00").build());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT));
      h.settle();
      h.tick("AAPL", "101.20");
      h.tick("AAPL", "101.40");
      assertThat(status(h)).isEqualTo(PlanStatus.CONTINGENT_ACTIVE);
      assertInstanceOf(
          CommandResult.Ok.class,
          h.service()
              .changeExits(
                  "alice",
                  "c1",
                  new ExitChangeDraft("moveStop", "0", "100.50", null, null, null, null),
                  h.service().get("alice", "c1").orElseThrow().snapshot().version()));
      Harness.await(
          "the move is a point",
          () -> lastStop(h.service().levelTrail("alice", "c1")).compareTo(bd("100.50")) == 0);
      List<PlanLevelTrail.Point> before = h.service().levelTrail("alice", "c1");
      assertThat(before).extracting(p -> p.stops().get(0)).contains(bd("99.00"), bd("100.50"));

      AccountSummary read = accountReads(h).read("alice");
      h.platform.pnlCurve().record(read);
      List<IntradayPnlCurve.Sample> samples =
          h.platform.pnlCurve().curve("alice", read.tradingDay()).samples();
      assertThat(samples).hasSize(1);

      h.platform.close(); // flushes what waits for the store, as a clean stop does
      h.platform = null;
      h.start();

      assertThat(h.service().levelTrail("alice", "c1"))
          .as("the points recorded before the restart, read from the store")
          .startsWith(before.toArray(PlanLevelTrail.Point[]::new));
      assertThat(h.platform.pnlCurve().curve("alice", read.tradingDay()).samples())
          .as("the minute sampled before the restart")
          .containsExactlyElementsOf(samples);

      h.tick("AAPL", "101.60"); // the restarted member records on top of what was stored
      assertInstanceOf(
          CommandResult.Ok.class,
          h.service()
              .changeExits(
                  "alice",
                  "c1",
                  new ExitChangeDraft("moveStop", "0", "100.80", null, null, null, null),
                  h.service().get("alice", "c1").orElseThrow().snapshot().version()));
      Harness.await(
          "the move after the restart follows the points before it",
          () -> {
            List<PlanLevelTrail.Point> after = h.service().levelTrail("alice", "c1");
            return after.size() == before.size() + 1
                && after.subList(0, before.size()).equals(before)
                && lastStop(after).compareTo(bd("100.80")) == 0;
          });
    }
  }

  private static AccountReads accountReads(Harness h) {
    return new AccountReads(
        h.service(),
        h.platform.riskLimits(),
        h.platform.killSwitch(),
        h.platform.accounts(),
        new PlanCounts(h.platform.storeConnection()),
        Clock.systemUTC());
  }

  private static PlanStatus status(Harness h) {
    return h.service().get("alice", "c1").orElseThrow().snapshot().status();
  }

  private static BigDecimal lastStop(List<PlanLevelTrail.Point> points) {
    return points.isEmpty() ? BigDecimal.ZERO : points.get(points.size() - 1).stops().get(0);
  }

  private static BigDecimal bd(String s) {
    return new BigDecimal(s);
  }
}
