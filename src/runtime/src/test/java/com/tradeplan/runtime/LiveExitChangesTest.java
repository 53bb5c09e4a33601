package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.gateway.AuditEntry;
import com.tradeplan.gateway.Position;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trader changes the exits of a live trade over the paper gateway (a real TWS socket): moving a
 * level sends nothing to IB (stops and targets are held by the engine); a close of part of the
 * position is one market order at the gateway; the moved stop then sells exactly what is left, so
 * the gateway's position and the plan's match after every step.
 */
class LiveExitChangesTest {
  @TempDir Path dir;

  @Test
  void changesOfALiveTradeReachTheGatewayOnlyAsOrdersTheyNeedAndExitsMatchThePosition()
      throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      h.activate("alice", DraftBuilder.draft("x1").stop("99.00").target("110.00").build());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT));
      h.settle();
      h.tick("AAPL", "101.20");
      h.tick("AAPL", "101.40");
      PlanView live = h.service().get("alice", "x1").orElseThrow();
      assertEquals(PlanStatus.CONTINGENT_ACTIVE, live.snapshot().status());
      assertEquals(100, gatewayPosition(h));
      int ordersBefore = h.gateway.getAudit().size();

      // a stale version is refused and changes nothing
      assertInstanceOf(
          CommandResult.Conflict.class,
          h.service().changeExits("alice", "x1", move("100.50"), live.snapshot().version() - 1));
      // input that does not fit names its field
      CommandResult.Invalid<?> bad =
          assertInstanceOf(
              CommandResult.Invalid.class,
              h.service().changeExits("alice", "x1", move("100.505"), live.snapshot().version()));
      assertEquals("price", bad.errors().get(0).field());

      PlanView moved = ok(h.service().changeExits("alice", "x1", move("100.50"), version(h)));
      assertEquals(new BigDecimal("100.50"), moved.snapshot().plan().stops().get(0).price());
      assertEquals(new BigDecimal("100.50"), moved.snapshot().activeStop());
      h.settle();
      assertEquals(ordersBefore, h.gateway.getAudit().size(), "moving a stop sends nothing to IB");

      ok(
          h.service()
              .changeExits(
                  "alice",
                  "x1",
                  new ExitChangeDraft("closePart", null, null, null, "40", null, "take some off"),
                  version(h)));
      h.settle();
      List<AuditEntry> sent = h.gateway.getAudit().entries();
      AuditEntry close = sent.get(sent.size() - 1);
      assertEquals("x1:CLOSE:0:1", close.orderRef());
      assertEquals("SELL", close.action());
      assertEquals(0, new BigDecimal("40").compareTo(close.quantity()));
      h.tick("AAPL", "101.30");
      Harness.await("the close filled", () -> position(h) == 60);
      assertEquals(60, gatewayPosition(h), "the gateway holds what the plan holds");

      // break-even: the fill was 101.40, so the active stop moves to 101.40
      PlanView be =
          ok(
              h.service()
                  .changeExits(
                      "alice",
                      "x1",
                      new ExitChangeDraft("stopToBreakEven", null, null, null, null, null, null),
                      version(h)));
      assertEquals(new BigDecimal("101.40"), be.snapshot().activeStop());
      h.tick("AAPL", "101.35");
      h.tick("AAPL", "101.30");
      Harness.await(
          "the stop closed the trade",
          () ->
              h.service().get("alice", "x1").orElseThrow().snapshot().status()
                  == PlanStatus.INACTIVE);
      assertEquals(0, gatewayPosition(h), "no share left at the gateway, none sold short");
      long exitShares =
          h.gateway.getAudit().entries().stream()
              .filter(e -> e.orderRef().startsWith("x1:") && !e.orderRef().contains(":ENTRY:"))
              .mapToLong(e -> e.quantity().longValueExact())
              .sum();
      assertEquals(100, exitShares, "the exits sent add up to the position, never more");
      List<String> actions =
          h.lifecycle("alice", "x1").stream()
              .filter(e -> e.type() == PlanEvent.Type.ACTION)
              .map(PlanEvent::reason)
              .toList();
      assertEquals(
          List.of(
              "alice: move stop 1 to 100.50",
              "alice: close 40 now (take some off)",
              "alice: move the active stop to break-even"),
          actions);
    }
  }

  private static ExitChangeDraft move(String price) {
    return new ExitChangeDraft("moveStop", "0", price, null, null, null, null);
  }

  private static long version(Harness h) {
    return h.service().get("alice", "x1").orElseThrow().snapshot().version();
  }

  private static long position(Harness h) {
    return h.service().get("alice", "x1").orElseThrow().snapshot().position();
  }

  private static long gatewayPosition(Harness h) {
    Position p = h.gateway.positions(h.gateway.account()).get("AAPL");
    return p == null ? 0 : p.quantity().longValueExact();
  }

  private static PlanView ok(CommandResult<PlanView> r) {
    CommandResult.Ok<?> ok = assertInstanceOf(CommandResult.Ok.class, r, () -> "answer " + r);
    return (PlanView) ok.value();
  }
}
