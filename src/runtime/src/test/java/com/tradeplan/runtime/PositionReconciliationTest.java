package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.AccountsSeen;
import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.broker.tws.EWrapper;
import com.tradeplan.broker.tws.TokenBucket;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.gateway.AuditEntry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation of positions over real sockets: a platform trading two accounts over one
 * connection to the paper gateway, and a second, raw client on the same gateway placing orders by
 * hand, as a trader in TWS would. The manual fill shows as a difference in its account only, and
 * the manual working order is listed as made outside Tradeplan, untouched.
 */
class PositionReconciliationTest {
  @TempDir Path dir;

  @Test
  void aManualOrderOfAnotherClientIsFoundAsAMismatchOfItsAccountAndListedUntouched()
      throws Exception {
    try (Harness h = new Harness(dir, AccountsTest.twoAccounts())) {
      startWithBothLive(h, "99.00");
      assertTrue(h.platform.flush(Harness.WAIT), "store written");
      PositionReconciliation r = h.platform.accounts().reconciliation();
      r.check();
      assertTrue(r.check().mismatches().isEmpty(), "in step: " + r.report());

      try (ManualClient manual = new ManualClient(h.gateway.port())) {
        // A market buy of 25 in alice's account (fills at the next tick), and a limit order far
        // from the price that stays working in bob's.
        manual.place("BUY", "25", "MKT", null, AccountsTest.ALICE_ACCOUNT, "tws-manual-1");
        manual.place("BUY", "10", "LMT", "50.00", AccountsTest.BOB_ACCOUNT, "");
        awaitManualOrdersAtGateway(h, 2);
        h.gateway.publishTick("AAPL", "101.70");
        Harness.await(
            "the manual fill at the gateway",
            () ->
                h.gateway.positions(AccountsTest.ALICE_ACCOUNT).get("AAPL").quantity().intValue()
                    == 125);

        r.check(); // a difference is reported once two checks in a row find it
        PositionReconciliation.Report report = r.check();

        assertEquals(1, report.mismatches().size(), report.toString());
        PositionReconciliation.Mismatch m = report.mismatches().get(0);
        assertEquals(AccountsTest.ALICE_ACCOUNT, m.account());
        assertEquals("AAPL", m.symbol());
        assertEquals(0, m.ibQuantity().compareTo(new BigDecimal("125")), m.toString());
        assertEquals(0, m.tradeplanQuantity().compareTo(new BigDecimal("100")), m.toString());
        assertEquals(0, m.difference().compareTo(new BigDecimal("25")), m.toString());
        assertNotNull(report.checkedAt());

        List<AccountsSeen.OutsideOrder> outside = report.outsideOrders();
        assertEquals(1, outside.size(), "the working manual order: " + outside);
        AccountsSeen.OutsideOrder o = outside.get(0);
        assertEquals(AccountsTest.BOB_ACCOUNT, o.account());
        assertEquals("AAPL", o.symbol());
        assertEquals(ManualClient.CLIENT_ID, o.clientId());
        assertEquals(0, o.quantity().compareTo(BigDecimal.TEN));
        assertEquals(0, o.limitPrice().compareTo(new BigDecimal("50.00")));

        assertTrue(
            h.platform.health().recentAlerts().stream()
                .anyMatch(
                    a ->
                        a.startsWith(
                            "POSITION_MISMATCH: account " + AccountsTest.ALICE_ACCOUNT + " AAPL")),
            "operators alerted: " + h.platform.health().recentAlerts());
        // Never touched: the manual order is still working, bob's position is his plan's.
        assertEquals(
            30, h.gateway.positions(AccountsTest.BOB_ACCOUNT).get("AAPL").quantity().intValue());
        assertEquals(1, r.check().outsideOrders().size(), "still working");
      }
    }
  }

  /**
   * Issue 14, point 8: "Position reconciliation finds a manual order placed by another client on
   * the gateway", and each answer works end to end. A manual buy in alice's account is adopted into
   * a plan of hers with the operator's stop, which protects it from the next tick (the stop sells
   * exactly the 25 adopted shares, alice's own plan untouched); a manual sale in bob's account is
   * flattened: one market BUY for exactly the 10 missing shares. Each difference is gone after its
   * action, and a second action on it is refused.
   */
  @Test
  void aManualFillIsAdoptedWithItsStopAndAnotherIsFlattenedByOneOrderForTheDifference()
      throws Exception {
    try (Harness h = new Harness(dir, AccountsTest.twoAccounts())) {
      startWithBothLive(h, "98.00");
      PositionReconciliation r = h.platform.accounts().reconciliation();
      PositionActions actions = h.platform.positionActions();

      try (ManualClient manual = new ManualClient(h.gateway.port())) {
        manual.place("BUY", "25", "MKT", null, AccountsTest.ALICE_ACCOUNT, "tws-manual-1");
        manual.place("SELL", "10", "MKT", null, AccountsTest.BOB_ACCOUNT, "");
        awaitManualOrdersAtGateway(h, 2);
        h.tick("AAPL", "101.70");
        Harness.await(
            "the manual fills at the gateway",
            () ->
                ibQuantity(h, AccountsTest.ALICE_ACCOUNT) == 125
                    && ibQuantity(h, AccountsTest.BOB_ACCOUNT) == 20);
        assertTrue(h.platform.flush(Harness.WAIT), "store written");
        r.check();
        PositionReconciliation.Report report = r.check();
        assertEquals(2, report.mismatches().size(), report.toString());

        // A stale figure, a missing stop and a user of another account are refused.
        assertInstanceOf(
            CommandResult.Conflict.class,
            actions.adopt("op", adopt(AccountsTest.ALICE_ACCOUNT, "alice", "20", "100.00")));
        assertInstanceOf(
            CommandResult.Invalid.class,
            actions.adopt("op", adopt(AccountsTest.ALICE_ACCOUNT, "alice", "25", null)));
        assertInstanceOf(
            CommandResult.Refused.class,
            actions.adopt("op", adopt(AccountsTest.ALICE_ACCOUNT, "bob", "25", "100.00")));

        // Adopt: a LIVE plan of alice holding the 25 shares, with the operator's stop.
        CommandResult<PlanView> adopted =
            actions.adopt("op", adopt(AccountsTest.ALICE_ACCOUNT, "alice", "25", "100.00"));
        String adoptedId = ((CommandResult.Ok<PlanView>) adopted).value().snapshot().planId();
        assertEquals(PlanStatus.CONTINGENT_ACTIVE, status(h, "alice", adoptedId));
        assertEquals(25, h.service().get("alice", adoptedId).orElseThrow().snapshot().position());
        assertInstanceOf(
            CommandResult.Conflict.class,
            actions.adopt("op", adopt(AccountsTest.ALICE_ACCOUNT, "alice", "25", "100.00")),
            "acted on: a second adopt needs two new checks");

        // Flatten: one market BUY of exactly 10 for bob's account, through a plan of bob's.
        assertInstanceOf(
            CommandResult.Conflict.class,
            actions.flatten("op", flatten(AccountsTest.BOB_ACCOUNT, "bob", "10")),
            "the sign matters: the difference is -10");
        CommandResult<PlanView> flattened =
            actions.flatten("op", flatten(AccountsTest.BOB_ACCOUNT, "bob", "-10"));
        String flattenId = ((CommandResult.Ok<PlanView>) flattened).value().snapshot().planId();
        Harness.await("the flatten at the gateway", () -> ordersOf(h, flattenId).size() == 1);
        AuditEntry sent = ordersOf(h, flattenId).get(0);
        assertEquals("BUY", sent.action());
        assertEquals(0, sent.quantity().compareTo(BigDecimal.TEN));
        assertEquals("MKT", sent.orderType());
        assertEquals(AccountsTest.BOB_ACCOUNT, sent.account());
        assertTrue(ordersOf(h, adoptedId).isEmpty(), "the adopted plan sent nothing yet");

        // The next tick fills the flatten; the one after reaches the adopted stop (100.00) only.
        h.tick("AAPL", "101.00");
        Harness.await("bob flat again", () -> ibQuantity(h, AccountsTest.BOB_ACCOUNT) == 30);
        Harness.await(
            "the flatten plan closed", () -> status(h, "bob", flattenId) == PlanStatus.INACTIVE);
        h.tick("AAPL", "99.90");
        Harness.await("the adopted stop sent", () -> ordersOf(h, adoptedId).size() == 1);
        AuditEntry stop = ordersOf(h, adoptedId).get(0);
        assertEquals("SELL", stop.action());
        assertEquals(0, stop.quantity().compareTo(new BigDecimal("25")));
        assertTrue(stop.orderRef().startsWith(adoptedId + ":STOP:"), stop.orderRef());
        h.tick("AAPL", "99.95");
        Harness.await(
            "the adopted shares sold", () -> ibQuantity(h, AccountsTest.ALICE_ACCOUNT) == 100);
        Harness.await(
            "the adopted plan closed", () -> status(h, "alice", adoptedId) == PlanStatus.INACTIVE);
        assertEquals(PlanStatus.CONTINGENT_ACTIVE, status(h, "alice", "a1"), "alice's own plan");
        assertTrue(ordersOf(h, "a1").stream().noneMatch(e -> e.orderRef().contains(":STOP:")));

        assertTrue(h.platform.flush(Harness.WAIT), "store written");
        r.check();
        assertTrue(r.check().mismatches().isEmpty(), "in step again: " + r.report());
        assertTrue(
            h.service().history("alice", adoptedId).stream()
                .anyMatch(
                    e ->
                        e.event().reason() != null
                            && e.event()
                                .reason()
                                .startsWith("adopted by op: reconciliation difference 25")),
            "the adoption in the plan's history");
      }
    }
  }

  /**
   * Starts the platform with alice and bob linked to their accounts, and waits until alice's plan
   * a1 (100 shares, stop 99.00) and bob's b1 (30 shares, stop {@code bobStop}) hold their positions
   * (AAPL at 101.60).
   */
  private static void startWithBothLive(Harness h, String bobStop) {
    h.gateway.publishTick("AAPL", "100.10");
    h.start();
    TestAccounts.link(h.platform, "alice", AccountsTest.ALICE_ACCOUNT);
    TestAccounts.link(h.platform, "bob", AccountsTest.BOB_ACCOUNT);
    h.activate("alice", DraftBuilder.draft("a1").stop("99.00").target("110.00").build());
    h.activate(
        "bob",
        DraftBuilder.draft("b1").owner("bob").quantity(30).stop(bobStop).target("110.00").build());
    h.settle();
    h.tick("AAPL", "101.50");
    h.tick("AAPL", "101.60");
    Harness.await(
        "both live",
        () ->
            status(h, "alice", "a1") == PlanStatus.CONTINGENT_ACTIVE
                && status(h, "bob", "b1") == PlanStatus.CONTINGENT_ACTIVE);
  }

  /** Waits until the gateway has {@code count} orders of the manual client. */
  private static void awaitManualOrdersAtGateway(Harness h, long count) {
    Harness.await(
        "the manual orders at the gateway",
        () ->
            h.gateway.getAudit().entries().stream()
                    .filter(e -> e.clientId() == ManualClient.CLIENT_ID)
                    .count()
                == count);
  }

  private static PositionActions.Request adopt(
      String account, String owner, String difference, String stop) {
    return new PositionActions.Request(
        account, "AAPL", owner, difference, stop, null, null, "manual TWS buy");
  }

  private static PositionActions.Request flatten(String account, String owner, String difference) {
    return new PositionActions.Request(
        account, "AAPL", owner, difference, null, null, null, "manual TWS sale");
  }

  private static int ibQuantity(Harness h, String account) {
    var p = h.gateway.positions(account).get("AAPL");
    return p == null ? 0 : p.quantity().intValue();
  }

  private static List<AuditEntry> ordersOf(Harness h, String planId) {
    return h.gateway.getAudit().entries().stream()
        .filter(e -> e.orderRef().startsWith(planId + ":") && !e.orderRef().contains(":ENTRY:"))
        .toList();
  }

  private static PlanStatus status(Harness h, String owner, String planId) {
    return h.service().get(owner, planId).orElseThrow().snapshot().status();
  }

  /** A second client of the gateway (its own client id), placing orders as a person in TWS. */
  static final class ManualClient implements AutoCloseable {
    static final int CLIENT_ID = 42;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicInteger nextId = new AtomicInteger();
    private final EClientSocket socket;

    ManualClient(int port) throws Exception {
      socket =
          new EClientSocket(
              new EWrapper() {
                @Override
                public void nextValidId(int orderId) {
                  nextId.set(orderId);
                  ready.countDown();
                }
              },
              new TokenBucket(45, 5));
      socket.connect("127.0.0.1", port, CLIENT_ID, 5_000);
      assertTrue(ready.await(5, TimeUnit.SECONDS), "manual client connected");
    }

    void place(
        String action, String quantity, String type, String limit, String account, String ref) {
      TwsOrder o = new TwsOrder();
      o.action = action;
      o.totalQuantity = new BigDecimal(quantity);
      o.orderType = type;
      o.lmtPrice = limit == null ? null : new BigDecimal(limit);
      o.tif = "DAY";
      o.account = account;
      o.orderRef = ref;
      o.transmit = true;
      assertTrue(
          socket.placeOrder(nextId.getAndIncrement(), Contract.stock("AAPL", "SMART", "USD"), o));
    }

    @Override
    public void close() {
      socket.eDisconnect();
    }
  }
}
