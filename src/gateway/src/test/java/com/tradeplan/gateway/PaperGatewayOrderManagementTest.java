package com.tradeplan.gateway;

import static com.tradeplan.gateway.RawClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.TwsOrder;
import org.junit.jupiter.api.Test;

/** Modifying a working order, error 103 for a reused order id, and reqGlobalCancel. */
class PaperGatewayOrderManagementTest extends PaperGatewayTestSupport {

  private static TwsOrder limit(String action, String qty, String price) {
    TwsOrder o = order(action, qty, "LMT");
    o.lmtPrice = dec(price);
    return o;
  }

  @Test
  void reSendingAWorkingOrderIdModifiesItsPriceAndQuantity() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    c.place(1, "AAPL", limit("BUY", "10", "95.00"));
    awaitStatus(c, 1, "Submitted");
    c.place(1, "AAPL", limit("BUY", "25", "99.00"));
    await().atMost(WAIT).until(() -> c.openOrdersOf(1).size() == 2);
    gateway.publishTick("AAPL", "98.00");
    awaitStatus(c, 1, "Filled");
    awaitExecutions(c, 1, 1);

    TwsOrder modified = c.openOrdersOf(1).get(1).order();
    assertThat(modified.lmtPrice).isEqualByComparingTo("99.00");
    assertThat(modified.totalQuantity).isEqualByComparingTo("25");
    assertThat(c.executionsOf(1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.shares()).isEqualByComparingTo("25");
              assertThat(e.price()).isEqualByComparingTo("98.00");
            });
    assertThat(gateway.getAudit().entries())
        .extracting(AuditEntry::modification)
        .containsExactly(false, true);
    assertThat(gateway.getAudit().newOrdersByRef().values()).containsExactly(1L);
  }

  @Test
  void reusingTheIdOfAFinishedOrderOrALowerIdGets103() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    c.place(5, "AAPL", limit("BUY", "10", "90.00"));
    awaitStatus(c, 5, "Submitted");
    c.socket.cancelOrder(5);
    awaitStatus(c, 5, "Cancelled");
    c.place(5, "AAPL", limit("BUY", "10", "90.00"));
    c.place(3, "AAPL", limit("BUY", "10", "90.00"));
    await().atMost(WAIT).until(() -> !c.errorCodesOf(3).isEmpty());

    assertThat(c.errorCodesOf(5))
        .containsExactly(ErrorCodes.ORDER_CANCELLED, ErrorCodes.DUPLICATE_ORDER_ID);
    assertThat(c.errorCodesOf(3)).containsExactly(ErrorCodes.DUPLICATE_ORDER_ID);
    assertThat(c.statusesOf(5))
        .as("the finished order is not revived")
        .containsExactly("Submitted", "Cancelled");
    assertThat(c.statusesOf(3)).isEmpty();
    assertThat(gateway.openOrderCount()).isZero();
    c.socket.reqIds(1);
    await().atMost(WAIT).until(() -> c.events.contains("nextValidId 6"));
  }

  @Test
  void reqGlobalCancelCancelsEveryWorkingOrder() throws Exception {
    start(new GatewayConfig());
    RawClient a = connect(1);
    RawClient b = connect(2);
    gateway.publishTick("AAPL", "100.00");
    a.place(1, "AAPL", limit("BUY", "10", "90.00"));
    b.place(1, "AAPL", limit("SELL", "10", "110.00"));
    awaitStatus(a, 1, "Submitted");
    awaitStatus(b, 1, "Submitted");
    a.socket.reqGlobalCancel();
    awaitStatus(a, 1, "Cancelled");
    awaitStatus(b, 1, "Cancelled");
    assertThat(a.errorCodesOf(1)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(b.errorCodesOf(1)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(gateway.openOrderCount()).isZero();
  }
}
