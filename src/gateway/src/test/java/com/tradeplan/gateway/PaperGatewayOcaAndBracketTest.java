package com.tradeplan.gateway;

import static com.tradeplan.gateway.RawClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OCA groups (types 1, 2, 3), parent/child brackets with the transmit flag, and GTD expiry. */
class PaperGatewayOcaAndBracketTest extends PaperGatewayTestSupport {

  private static TwsOrder limit(String action, String qty, String price) {
    TwsOrder o = order(action, qty, "LMT");
    o.lmtPrice = dec(price);
    return o;
  }

  private static TwsOrder oca(TwsOrder o, String group, int type) {
    o.ocaGroup = group;
    o.ocaType = type;
    return o;
  }

  @Test
  void ocaType1CancelsTheOtherMembersWhenOneFills() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    c.place(1, "AAPL", oca(limit("SELL", "100", "105.00"), "exit-1", 1));
    c.place(2, "AAPL", oca(limit("SELL", "100", "110.00"), "exit-1", 1));
    awaitStatus(c, 2, "Submitted");
    assertThat(c.openOrdersOf(2).get(0).order().ocaGroup).isEqualTo("exit-1");
    assertThat(c.openOrdersOf(2).get(0).order().ocaType).isEqualTo(1);

    gateway.publishTick("AAPL", "105.00");
    awaitStatus(c, 2, "Cancelled");
    gateway.publishTick("AAPL", "110.00");
    roundTrip(c);

    assertThat(c.statusesOf(1)).containsExactly("Submitted", "Filled");
    assertThat(c.statusesOf(2)).containsExactly("Submitted", "Cancelled");
    assertThat(c.errorCodesOf(2)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.executions).extracting(e -> e.orderId()).containsExactly(1);
    assertThat(gateway.executionCount())
        .as("110 no longer fills the cancelled member")
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "ocaType {0}")
  @ValueSource(ints = {2, 3})
  void ocaTypes2And3ReduceTheOtherMembersByEachFillAndCancelThemAtZero(int type) throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.maxFillPerTick = dec("40");
    start(config);
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    c.place(1, "AAPL", oca(limit("BUY", "100", "99.00"), "entry-" + type, type));
    c.place(2, "AAPL", oca(limit("BUY", "100", "98.00"), "entry-" + type, type));
    awaitStatus(c, 2, "Submitted");

    gateway.publishTick("AAPL", "99.00");
    await().atMost(WAIT).until(() -> c.statusesOf(2).size() == 2);
    assertThat(c.statusReportsOf(2).get(1).remaining()).isEqualByComparingTo("60");
    assertThat(c.openOrdersOf(2).get(1).order().totalQuantity)
        .as("openOrder carries the reduced size")
        .isEqualByComparingTo("60");

    gateway.publishTick("AAPL", "99.00");
    gateway.publishTick("AAPL", "99.00");
    awaitStatus(c, 2, "Cancelled");
    awaitStatus(c, 1, "Filled");

    assertThat(c.statusReportsOf(2))
        .extracting(s -> s.status() + " " + s.remaining().toPlainString())
        .containsExactly("Submitted 100", "Submitted 60", "Submitted 20", "Cancelled 0");
    assertThat(c.errorCodesOf(2)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.executionsOf(2)).isEmpty();
    assertThat(gateway.positions(gateway.account()).get("AAPL").quantity())
        .as("the group as a whole buys 100, not 200")
        .isEqualByComparingTo("100");
  }

  private RawClient placeBracket() throws Exception {
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    TwsOrder parent = limit("BUY", "100", "100.00");
    parent.transmit = false;
    parent.orderRef = "bracket:ENTRY";
    TwsOrder target = limit("SELL", "100", "110.00");
    target.parentId = 1;
    target.transmit = false;
    c.place(1, "AAPL", parent);
    c.place(2, "AAPL", target);
    awaitStatus(c, 2, "PreSubmitted");
    gateway.publishTick("AAPL", "99.00");
    assertThat(gateway.executionCount())
        .as("a parent sent with transmit=false is held: 99 does not fill it")
        .isZero();
    TwsOrder stop = order("SELL", "100", "STP");
    stop.auxPrice = dec("95.00");
    stop.parentId = 1;
    stop.transmit = true;
    c.place(3, "AAPL", stop);
    awaitStatus(c, 1, "Submitted");
    awaitStatus(c, 3, "PreSubmitted");
    return c;
  }

  @Test
  void aBracketIsHeldUntilItsLastOrderIsTransmittedAndChildrenWorkOnlyAfterTheParentFills()
      throws Exception {
    start(new GatewayConfig());
    RawClient c = placeBracket();
    assertThat(c.statusesOf(1)).containsExactly("PreSubmitted", "Submitted");
    assertThat(c.statusReportsOf(3).get(0).parentId()).isEqualTo(1);
    assertThat(c.openOrdersOf(3).get(0).order().parentId).isEqualTo(1);

    gateway.publishTick("AAPL", "94.00");
    assertThat(gateway.orderStatus(1, 1)).isEqualTo("Filled");
    assertThat(gateway.executionCount())
        .as("the stop child was not working yet when 94 filled the parent")
        .isEqualTo(1);
    awaitStatus(c, 3, "Submitted");
    awaitStatus(c, 2, "Submitted");

    gateway.publishTick("AAPL", "94.50");
    await().atMost(WAIT).until(() -> c.executions.size() == 2);
    assertThat(c.executions)
        .extracting(e -> e.orderId() + " " + e.side() + " " + e.price().toPlainString())
        .containsExactly("1 BOT 94", "3 SLD 94.5");
  }

  @Test
  void whenOneBracketChildFillsTheOtherIsCancelled() throws Exception {
    start(new GatewayConfig());
    RawClient c = placeBracket();
    gateway.publishTick("AAPL", "99.50");
    awaitStatus(c, 3, "Submitted");

    gateway.publishTick("AAPL", "110.20");
    awaitStatus(c, 2, "Filled");
    awaitStatus(c, 3, "Cancelled");
    gateway.publishTick("AAPL", "94.00");
    roundTrip(c);

    assertThat(c.errorCodesOf(3)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.executions).extracting(e -> e.orderId()).containsExactly(1, 2);
    assertThat(gateway.positions(gateway.account()).get("AAPL").quantity())
        .as("flat after the target: the stop must not sell again")
        .isEqualByComparingTo("0");
  }

  @Test
  void aPartialFillOfOneBracketChildReducesTheOtherBySameQuantity() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.maxFillPerTick = dec("40");
    start(config);
    RawClient c = placeBracket();
    for (int i = 0; i < 3; i++) {
      gateway.publishTick("AAPL", "99.50");
    }
    awaitStatus(c, 1, "Filled");
    awaitStatus(c, 3, "Submitted");

    gateway.publishTick("AAPL", "110.00");
    await().atMost(WAIT).until(() -> c.statusReportsOf(3).size() >= 3);
    assertThat(c.lastStatusOf(2)).isEqualTo("Submitted");
    assertThat(c.statusReportsOf(2).get(c.statusReportsOf(2).size() - 1).filled())
        .isEqualByComparingTo("40");
    assertThat(c.statusReportsOf(3).get(c.statusReportsOf(3).size() - 1).remaining())
        .as("the stop now covers the 60 shares still held")
        .isEqualByComparingTo("60");
    assertThat(c.openOrdersOf(3).get(c.openOrdersOf(3).size() - 1).order().totalQuantity)
        .isEqualByComparingTo("60");
  }

  @Test
  void cancellingTheParentCancelsItsChildren() throws Exception {
    start(new GatewayConfig());
    RawClient c = placeBracket();
    c.socket.cancelOrder(1);
    awaitStatus(c, 1, "Cancelled");
    awaitStatus(c, 2, "Cancelled");
    awaitStatus(c, 3, "Cancelled");
    gateway.publishTick("AAPL", "99.00");
    roundTrip(c);
    assertThat(c.errorCodesOf(1)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.errorCodesOf(2)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.errorCodesOf(3)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.executions).isEmpty();
    assertThat(gateway.openOrderCount()).isZero();
  }

  @Test
  void aGtdOrderIsCancelledAtItsGoodTillDateInsteadOfFilling() throws Exception {
    GatewayConfig config = new GatewayConfig();
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
    config.clock = clock;
    start(config);
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    TwsOrder o = limit("BUY", "10", "90.00");
    o.tif = "GTD";
    o.goodTillDate = "20260302 15:00:05 UTC";
    c.place(1, "AAPL", o);
    awaitStatus(c, 1, "Submitted");
    assertThat(c.openOrdersOf(1).get(0).order().tif).isEqualTo("GTD");
    assertThat(c.openOrdersOf(1).get(0).order().goodTillDate).isEqualTo("20260302 15:00:05 UTC");

    clock.advance(Duration.ofSeconds(4));
    gateway.publishTick("AAPL", "95.00");
    assertThat(gateway.orderStatus(1, 1)).as("still before its date").isEqualTo("Submitted");
    clock.advance(Duration.ofSeconds(1));
    gateway.publishTick("AAPL", "89.00");
    awaitStatus(c, 1, "Cancelled");

    assertThat(c.statusesOf(1)).containsExactly("Submitted", "Cancelled");
    assertThat(c.errorCodesOf(1)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(gateway.executionCount()).as("89 would have filled it").isZero();
  }

  @Test
  void aGtdOrderWhoseDateHasPassedIsCancelledOnArrivalAndOneWithoutADateIsRejected()
      throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
    start(config);
    RawClient c = connect(1);
    TwsOrder past = limit("BUY", "10", "90.00");
    past.tif = "GTD";
    past.goodTillDate = "20260302-14:59:59";
    c.place(1, "AAPL", past);
    TwsOrder noDate = limit("BUY", "10", "90.00");
    noDate.tif = "GTD";
    c.place(2, "AAPL", noDate);
    awaitStatus(c, 1, "Cancelled");
    awaitStatus(c, 2, "Cancelled");
    assertThat(c.statusesOf(1)).containsExactly("Submitted", "Cancelled");
    assertThat(c.errorCodesOf(1)).containsExactly(ErrorCodes.ORDER_CANCELLED);
    assertThat(c.errorCodesOf(2)).containsExactly(ErrorCodes.ORDER_REJECTED);
  }
}
