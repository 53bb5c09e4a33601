package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 2, end to end over the paper gateway: a limit an operator stores is in force for
 * the next entry; the entry that just fits goes to the gateway and fills, the next is DENIED with
 * the limit, its value and the figure in the plan's end reason and history, and never reaches the
 * gateway; the stops of the full position still go out and close it (exits pass every limit).
 */
class RiskLimitsEndToEndTest {
  @TempDir Path dir;

  private static RiskLimits maxPositionPerSymbol(long shares) {
    return RiskLimits.builder().maxPositionPerSymbol(shares).build();
  }

  @Test
  void theEntryPastTheUsersPositionLimitIsDeniedWithItsReasonAndTheStopsStillClose()
      throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.00");
      h.start();
      var saved =
          h.platform
              .riskLimits()
              .change(LimitScope.USER, "alice", maxPositionPerSymbol(150), 0, "ops", "new trader");
      assertInstanceOf(RiskLimitsService.ChangeResult.Saved.class, saved);

      h.activate("alice", Plans.plan("e1").quantity(100).stop("99.00").target("110.00").draft());
      h.activate("alice", Plans.plan("e2").quantity(50).stop("99.00").target("110.00").draft());
      h.activate(
          "alice",
          Plans.plan("e3").quantity(1).entry("102.00").stop("99.00").target("110.00").draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();

      h.tick("AAPL", "101.00"); // e1 and e2 enter: 100 + 50 = 150 shares just fit
      h.tick("AAPL", "101.50"); // the gateway fills market orders at the next tick
      awaitStatus(h, "e1", PlanStatus.CONTINGENT_ACTIVE);
      awaitStatus(h, "e2", PlanStatus.CONTINGENT_ACTIVE);

      h.gateway.publishTick("AAPL", "102.00"); // e3 enters: one share too many
      awaitStatus(h, "e3", PlanStatus.CANCELLED);
      String reason =
          "maximum position per symbol 150 on AAPL for user alice exceeded (position 150,"
              + " working entries +0, this entry +1: 151 shares)";
      assertEquals("denied: " + reason, snapshot(h, "e3").endReason());
      assertTrue(h.platform.flush(Duration.ofSeconds(10)), "store writes drained");
      Harness.await("e3's history written", () -> !denials(h, "e3").isEmpty());
      List<PlanEvent> denied = denials(h, "e3");
      assertEquals(1, denied.size(), "one DENY in e3's history");
      assertEquals(reason, denied.get(0).reason());
      assertFalse(
          h.gateway.getAudit().newOrdersByRef().keySet().stream().anyMatch(r -> r.startsWith("e3")),
          "the denied entry never reached the gateway");

      h.gateway.publishTick("AAPL", "98.90"); // the stops of the full position go out
      Harness.await(
          "both stops reached the gateway",
          () ->
              h.gateway.getAudit().newOrdersByRef().keySet().stream()
                      .filter(r -> r.startsWith("e1:STOP") || r.startsWith("e2:STOP"))
                      .count()
                  == 2);
      h.gateway.publishTick("AAPL", "98.80"); // and fill at the next tick
      awaitStatus(h, "e1", PlanStatus.INACTIVE);
      awaitStatus(h, "e2", PlanStatus.INACTIVE);
      assertEquals(0, h.platform.riskLimits().entryLimits().position("alice", "AAPL"));
    }
  }

  private static List<PlanEvent> denials(Harness h, String id) {
    return h.service().history("alice", id).stream()
        .map(HistoryEntry::event)
        .filter(e -> e.type() == PlanEvent.Type.DENY)
        .toList();
  }

  private static PlanSnapshot snapshot(Harness h, String id) {
    return h.service().get("alice", id).orElseThrow().snapshot();
  }

  private static void awaitStatus(Harness h, String id, PlanStatus status) {
    Harness.await(id + " " + status, () -> snapshot(h, id).status() == status);
  }
}
