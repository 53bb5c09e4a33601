package com.tradeplan.gateway;

import static com.tradeplan.gateway.RawClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.OrderState;
import com.tradeplan.broker.tws.TwsOrder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What IB answers to single requests: whatIf margin, rejections by rule (201), cancels (202),
 * positions per account, and a second connection with a client id in use (326).
 */
class PaperGatewayRequestsTest extends PaperGatewayTestSupport {

  @Test
  void aWhatIfOrderIsAnsweredWithMarginAndCommissionAndNeverWorks() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "51.00");
    TwsOrder o = order("BUY", "400", "LMT");
    o.lmtPrice = dec("50.00");
    o.whatIf = true;
    o.orderRef = "what-if";
    c.place(1, "AAPL", o);
    await().atMost(WAIT).until(() -> !c.openOrdersOf(1).isEmpty());
    gateway.publishTick("AAPL", "49.00");
    roundTrip(c);

    RawClient.Open answer = c.openOrdersOf(1).get(0);
    assertThat(answer.order().whatIf).isTrue();
    OrderState s = answer.state();
    // 400 x 50.00 = 20,000 notional; the paper gateway uses a flat 25% margin
    assertThat(s.initMarginBefore()).isEqualByComparingTo("0");
    assertThat(s.maintMarginBefore()).isEqualByComparingTo("0");
    assertThat(s.equityWithLoanBefore()).isEqualByComparingTo("1000000");
    assertThat(s.initMarginChange()).isEqualByComparingTo("5000");
    assertThat(s.maintMarginChange()).isEqualByComparingTo("5000");
    assertThat(s.initMarginAfter()).isEqualByComparingTo("5000");
    assertThat(s.maintMarginAfter()).isEqualByComparingTo("5000");
    assertThat(s.commission()).as("400 x $0.005").isEqualByComparingTo("2");
    assertThat(s.minCommission()).isEqualByComparingTo("2");
    assertThat(s.maxCommission()).isEqualByComparingTo("2");
    assertThat(s.equityWithLoanChange()).isEqualByComparingTo("-2");
    assertThat(s.equityWithLoanAfter()).isEqualByComparingTo("999998");
    assertThat(s.commissionCurrency()).isEqualTo("USD");
    assertThat(c.openOrdersOf(1)).as("one answer").hasSize(1);
    assertThat(c.statusesOf(1)).as("a whatIf order gets no orderStatus").isEmpty();
    assertThat(c.executions).as("49 would fill a real order").isEmpty();
    assertThat(gateway.openOrderCount()).isZero();
    assertThat(gateway.getAudit().entries().get(0).whatIf()).isTrue();
    assertThat(gateway.getAudit().newOrdersByRef()).isEmpty();
  }

  @Test
  void configuredRulesRejectOrdersWith201AndTheReasonWhileOthersPass() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.rejectRules.add(RejectRule.maxQuantity(dec("1000")));
    config.rejectRules.add(RejectRule.symbols(Set.of("GME")));
    start(config);
    RawClient c = connect(1);
    c.place(1, "AAPL", order("BUY", "1001", "MKT"));
    c.place(2, "GME", order("BUY", "1", "MKT"));
    c.place(3, "AAPL", order("BUY", "1000", "MKT"));
    awaitStatus(c, 3, "Submitted");
    awaitStatus(c, 2, "Cancelled");

    assertThat(c.errors.stream().filter(e -> e.id() == 1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCodes.ORDER_REJECTED);
              assertThat(e.message()).contains("quantity 1001 exceeds 1000");
            });
    assertThat(c.errors.stream().filter(e -> e.id() == 2))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCodes.ORDER_REJECTED);
              assertThat(e.message()).contains("symbol GME is not tradable here");
            });
    assertThat(c.statusesOf(1)).containsExactly("Cancelled");
    assertThat(c.statusesOf(2)).containsExactly("Cancelled");
    assertThat(c.openOrdersOf(1)).as("a rejected order is never open").isEmpty();
    assertThat(c.errorCodesOf(3)).isEmpty();
    assertThat(gateway.openOrderCount()).isEqualTo(1);
  }

  @Test
  void rejectNextOrderRejectsExactlyOneOrder() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.rejectNextOrder("test fault");
    c.place(1, "AAPL", order("BUY", "1", "MKT"));
    c.place(2, "AAPL", order("BUY", "1", "MKT"));
    awaitStatus(c, 2, "Submitted");
    awaitStatus(c, 1, "Cancelled");
    assertThat(c.errorCodesOf(1)).containsExactly(ErrorCodes.ORDER_REJECTED);
    assertThat(c.errorCodesOf(2)).isEmpty();
  }

  @Test
  void cancelOrderIsConfirmedWith202AndACancelledStatus() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    TwsOrder o = order("BUY", "10", "LMT");
    o.lmtPrice = dec("90.00");
    c.place(1, "AAPL", o);
    awaitStatus(c, 1, "Submitted");
    c.socket.cancelOrder(1);
    awaitStatus(c, 1, "Cancelled");
    gateway.publishTick("AAPL", "89.00");
    c.socket.cancelOrder(77);
    await().atMost(WAIT).until(() -> !c.errorCodesOf(77).isEmpty());

    assertThat(c.statusesOf(1)).containsExactly("Submitted", "Cancelled");
    RawClient.Status cancelled = c.statusReportsOf(1).get(1);
    assertThat(cancelled.filled()).isEqualByComparingTo("0");
    assertThat(c.errorCodesOf(1)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.executions).as("89 no longer fills a cancelled order").isEmpty();
    assertThat(c.errorCodesOf(77)).as("an unknown order id").containsExactly(10147);
  }

  @Test
  void positionsAreReportedPerAccount() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.accounts = List.of("DU111", "DU222");
    start(config);
    RawClient c = connect(1);
    await().atMost(WAIT).until(() -> c.saw("managedAccounts"));
    assertThat(c.events).contains("managedAccounts DU111,DU222");
    gateway.publishTick("AAPL", "50.00");
    TwsOrder long1 = order("BUY", "100", "MKT");
    long1.account = "DU111";
    TwsOrder short2 = order("SELL", "30", "MKT");
    short2.account = "DU222";
    TwsOrder defaultAccount = order("BUY", "7", "MKT");
    c.place(1, "AAPL", long1);
    c.place(2, "AAPL", short2);
    c.place(3, "MSFT", defaultAccount);
    awaitStatus(c, 3, "Submitted");
    gateway.publishTick("AAPL", "50.10");
    gateway.publishTick("MSFT", "300.00"); // the first MSFT price after the order: fills it
    await().atMost(WAIT).until(() -> c.executions.size() == 3);

    c.socket.reqPositions();
    await().atMost(WAIT).until(() -> c.positionEnd);
    assertThat(c.positions)
        .extracting(
            p ->
                p.account()
                    + " "
                    + p.symbol()
                    + " "
                    + p.quantity().toPlainString()
                    + " @ "
                    + p.averageCost().stripTrailingZeros().toPlainString())
        .containsExactlyInAnyOrder(
            "DU111 AAPL 100 @ 50.1", "DU222 AAPL -30 @ 50.1", "DU111 MSFT 7 @ 300");
    assertThat(c.executions)
        .extracting(e -> e.orderId() + " " + e.acctNumber())
        .containsExactlyInAnyOrder("1 DU111", "2 DU222", "3 DU111");
    assertThat(gateway.positions("DU222").get("AAPL").quantity()).isEqualByComparingTo("-30");
  }

  @Test
  void aSecondConnectionWithAClientIdInUseGets326AndIsClosed() throws Exception {
    start(new GatewayConfig());
    RawClient first = connect(5);
    RawClient second = RawClient.connect(gateway.port(), 5);
    try {
      await().atMost(WAIT).until(() -> second.saw("closed"));
      assertThat(second.errors).extracting(e -> e.id() + " " + e.code()).containsExactly("-1 326");
      assertThat(second.saw("nextValidId")).isFalse();
    } finally {
      second.close();
    }
    roundTrip(first);
    assertThat(first.saw("closed")).as("the first connection is untouched").isFalse();
    assertThat(gateway.connectedClientIds()).containsExactly(5);

    first.close();
    await().atMost(WAIT).until(() -> gateway.connectedClientIds().isEmpty());
    RawClient again = connect(5);
    assertThat(again.saw("nextValidId")).as("the id is free again").isTrue();
  }
}
