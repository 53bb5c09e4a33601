package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.gateway.AuditEntry;
import com.tradeplan.gateway.GatewayConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, points 3 and 4, end to end over the paper gateway: a slippage-protected entry goes out
 * as a marketable limit, fills within its slippage with the slippage in the plan's history, and
 * keeps working (never filled worse) while the market is beyond it; a plan on a symbol the exchange
 * quotes in 0.05 is refused at activation for a price on the 0.01 grid, field by field; a symbol
 * the exchange does not know cannot be activated.
 */
class SlippageAndTickGridEndToEndTest {
  @TempDir Path dir;

  private static GatewayConfig gatewayConfig() {
    GatewayConfig g = Harness.gatewayConfig();
    g.symbolsWithoutContract.add("NOSUCH");
    return g;
  }

  @Test
  void aLimitEntryFillsWithinItsSlippageAndWaitsBeyondIt() throws Exception {
    try (Harness h = new Harness(dir, gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.00");
      h.start();
      h.activate(
          "alice",
          Plans.plan("near")
              .quantity(100)
              .maxSlippageTicks("3")
              .stop("99.00")
              .target("110.00")
              .draft());
      h.activate(
          "alice",
          Plans.plan("far")
              .quantity(50)
              .maxSlippageTicks("2")
              .stop("99.00")
              .target("110.00")
              .draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();

      h.tick("AAPL", "101.00"); // both trigger: BUY LMT 101.03 and BUY LMT 101.02
      List<AuditEntry> sent = h.gateway.getAudit().entries();
      assertEquals(
          List.of("LMT", "LMT"),
          sent.stream()
              .filter(e -> e.orderRef().contains(":ENTRY:"))
              .map(AuditEntry::orderType)
              .toList(),
          "both entries are limit orders");
      h.tick("AAPL", "101.03"); // within near's limit, beyond far's
      awaitStatus(h, "near", PlanStatus.CONTINGENT_ACTIVE);
      h.tick("AAPL", "101.10");
      assertEquals(PlanStatus.ENTRY_SUBMITTED, snapshot(h, "far").status(), "far keeps working");
      assertEquals(0, snapshot(h, "far").position(), "never filled worse than its limit");

      h.tick("AAPL", "101.01"); // back within far's limit
      awaitStatus(h, "far", PlanStatus.CONTINGENT_ACTIVE);
      assertTrue(h.platform.flush(Duration.ofSeconds(10)), "store writes drained");

      PlanEvent near = slippage(h, "near");
      assertEquals(0, new BigDecimal("0.03").compareTo(near.price()), "0.03 a share");
      assertEquals(
          "3 ticks worse than the trigger 101.00 (0.03 a share, 3.00 for 100 shares; limit"
              + " 101.03)",
          near.reason());
      PlanEvent far = slippage(h, "far");
      assertEquals(
          "1 tick worse than the trigger 101.00 (0.01 a share, 0.50 for 50 shares; limit 101.02)",
          far.reason());
    }
  }

  @Test
  void aPlanOnA005GridIsRefusedForPricesOnTheCentGridFieldByField() throws Exception {
    try (Harness h = new Harness(dir, gatewayConfig())) {
      h.start();
      TestAccounts.link(h.platform, "alice", h.gateway.account());
      // the exchange's tick of NICKEL is not known before the first activation asks for it
      var draft =
          h.service()
              .createDraft(
                  "alice",
                  Plans.plan("n1")
                      .symbol("NICKEL")
                      .entry("101.00")
                      .stop("99.03")
                      .target("110.00")
                      .draft());
      assertInstanceOf(CommandResult.Ok.class, draft);
      var refused = h.service().activate("alice", "n1");
      CommandResult.Invalid<?> invalid = assertInstanceOf(CommandResult.Invalid.class, refused);
      assertEquals(
          List.of(new FieldError("stops[0].price", "must be a multiple of the tick size 0.05")),
          invalid.errors());
      assertEquals(PlanStatus.DRAFT, snapshot(h, "n1").status(), "stays a draft");

      // now known, the same price is refused when the draft is saved
      var again =
          h.service()
              .createDraft(
                  "alice",
                  Plans.plan("n2")
                      .symbol("NICKEL")
                      .entry("101.00")
                      .stop("99.03")
                      .target("110.00")
                      .draft());
      assertEquals(
          List.of(new FieldError("stops[0].price", "must be a multiple of the tick size 0.05")),
          assertInstanceOf(CommandResult.Invalid.class, again).errors());

      h.activate(
          "alice",
          Plans.plan("n3").symbol("NICKEL").entry("101.05").stop("99.05").target("110.00").draft());
      assertEquals(
          0,
          new BigDecimal("0.05").compareTo(snapshot(h, "n3").plan().instrument().tickSize()),
          "the plan runs on the exchange's grid");
    }
  }

  @Test
  void aSubDollarPlanIsCheckedAtEachLevelsOwnIncrementOfTheMarketRule() throws Exception {
    try (Harness h = new Harness(dir, gatewayConfig())) {
      h.start();
      TestAccounts.link(h.platform, "alice", h.gateway.account());
      // PENNY's market rule: 0.0001 below $1, 0.01 from $1. Its first activation asks for it.
      h.activate(
          "alice",
          Plans.plan("p0").symbol("PENNY").entry("0.95").stop("0.90").target("1.10").draft());
      assertEquals(
          0,
          new BigDecimal("0.0001").compareTo(snapshot(h, "p0").plan().instrument().tickSize()),
          "the plan runs on the rule's finest increment");

      var refused =
          h.service()
              .createDraft(
                  "alice",
                  Plans.plan("p1")
                      .symbol("PENNY")
                      .entry("0.9512")
                      .stop("0.9012")
                      .target("1.0050")
                      .draft());
      assertEquals(
          List.of(
              new FieldError(
                  "targets[0].price",
                  "must be a multiple of the tick size 0.01 at this price"
                      + " (0.0001 from 0, 0.01 from 1)")),
          assertInstanceOf(CommandResult.Invalid.class, refused).errors(),
          "the sub-dollar entry and stop pass on 0.0001, the target above $1 needs 0.01");

      h.activate(
          "alice",
          Plans.plan("p2").symbol("PENNY").entry("0.9512").stop("0.9012").target("1.01").draft());
      assertEquals(PlanStatus.ACTIVE, snapshot(h, "p2").status());
    }
  }

  /**
   * PENNY above $1 is on 0.01 while the plan's tick is the rule's finest, 0.0001: the entry's limit
   * of 3 ticks above the trigger 1.50 is 1.5003, off the grid. It reaches the gateway rounded down
   * to 1.50 (never paying more than the plan said), is accepted and fills.
   */
  @Test
  void aSlippageLimitAboveOneDollarOnPennyIsSentOnTheCentGridAndFills() throws Exception {
    try (Harness h = new Harness(dir, gatewayConfig())) {
      h.gateway.publishTick("PENNY", "1.45");
      h.start();
      h.activate(
          "alice",
          Plans.plan("pe")
              .symbol("PENNY")
              .quantity(100)
              .entry("1.50")
              .maxSlippageTicks("3")
              .stop("1.40")
              .target("1.70")
              .draft());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();

      h.tick("PENNY", "1.50");
      Harness.await(
          "the entry at the gateway",
          () ->
              h.gateway.getAudit().entries().stream()
                  .anyMatch(e -> e.orderRef().startsWith("pe:ENTRY:")));
      List<AuditEntry> entries =
          h.gateway.getAudit().entries().stream()
              .filter(e -> e.orderRef().startsWith("pe:ENTRY:"))
              .toList();
      assertEquals(1, entries.size(), "one entry sent");
      assertEquals("LMT", entries.get(0).orderType());
      assertEquals(
          0,
          new BigDecimal("1.50").compareTo(entries.get(0).limitPrice()),
          "1.5003 sent on the 0.01 grid, rounded down: " + entries.get(0).limitPrice());
      h.tick("PENNY", "1.50");
      awaitStatus(h, "pe", PlanStatus.CONTINGENT_ACTIVE);
      assertEquals(100, snapshot(h, "pe").position(), "filled");
    }
  }

  @Test
  void aSymbolTheExchangeDoesNotKnowCannotBeActivated() throws Exception {
    try (Harness h = new Harness(dir, gatewayConfig())) {
      h.start();
      TestAccounts.link(h.platform, "alice", h.gateway.account());
      h.service()
          .createDraft(
              "alice",
              Plans.plan("x1")
                  .symbol("NOSUCH")
                  .entry("101.00")
                  .stop("99.00")
                  .target("110.00")
                  .draft());
      var refused = h.service().activate("alice", "x1");
      CommandResult.Refused<?> r = assertInstanceOf(CommandResult.Refused.class, refused);
      assertTrue(
          r.reason()
              .startsWith(
                  "contract details of NOSUCH are not known: IB error 200: No security definition"),
          r.reason());
      assertTrue(r.reason().endsWith("to check the plan's prices; try again shortly"), r.reason());
      assertEquals(PlanStatus.DRAFT, snapshot(h, "x1").status());
    }
  }

  private static PlanEvent slippage(Harness h, String id) {
    List<PlanEvent> events =
        h.service().history("alice", id).stream()
            .map(HistoryEntry::event)
            .filter(e -> e.type() == PlanEvent.Type.SLIPPAGE)
            .toList();
    assertEquals(1, events.size(), id + ": one SLIPPAGE event");
    return events.get(0);
  }

  private static PlanSnapshot snapshot(Harness h, String id) {
    return h.service().get("alice", id).orElseThrow().snapshot();
  }

  private static void awaitStatus(Harness h, String id, PlanStatus status) {
    Harness.await(id + " " + status, () -> snapshot(h, id).status() == status);
  }
}
