package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      TestAccounts.link(h.platform, "alice", AccountsTest.ALICE_ACCOUNT);
      TestAccounts.link(h.platform, "bob", AccountsTest.BOB_ACCOUNT);
      h.activate("alice", DraftBuilder.draft("a1").stop("99.00").target("110.00").build());
      h.activate(
          "bob",
          DraftBuilder.draft("b1")
              .owner("bob")
              .quantity(30)
              .stop("99.00")
              .target("110.00")
              .build());
      h.settle();
      h.tick("AAPL", "101.50");
      h.tick("AAPL", "101.60");
      Harness.await(
          "both live",
          () ->
              status(h, "alice", "a1") == PlanStatus.CONTINGENT_ACTIVE
                  && status(h, "bob", "b1") == PlanStatus.CONTINGENT_ACTIVE);
      assertTrue(h.platform.flush(Harness.WAIT), "store written");
      PositionReconciliation r = h.platform.accounts().reconciliation();
      r.check();
      assertTrue(r.check().mismatches().isEmpty(), "in step: " + r.report());

      try (ManualClient manual = new ManualClient(h.gateway.port())) {
        // A market buy of 25 in alice's account (fills at the next tick), and a limit order far
        // from the price that stays working in bob's.
        manual.place("BUY", "25", "MKT", null, AccountsTest.ALICE_ACCOUNT, "tws-manual-1");
        manual.place("BUY", "10", "LMT", "50.00", AccountsTest.BOB_ACCOUNT, "");
        Harness.await(
            "the manual orders at the gateway",
            () ->
                h.gateway.getAudit().entries().stream()
                        .filter(e -> e.clientId() == ManualClient.CLIENT_ID)
                        .count()
                    == 2);
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
