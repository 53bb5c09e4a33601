package com.tradeplan.gateway;

import static com.tradeplan.gateway.RawClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.Frames;
import com.tradeplan.broker.tws.Requests;
import com.tradeplan.broker.tws.TwsOrder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client's requests cannot make the gateway keep or compute: numbers are plain decimals
 * within bounds, kept text has a length limit, orders go to managed accounts only, and working
 * orders, symbols and subscriptions have limits. Each refusal names the field or the limit, the
 * order is not placed, and the session goes on serving the client. A timeout turns a hang (a number
 * that would take forever to print or scale) into a failure.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PaperGatewayRequestLimitsTest extends PaperGatewayTestSupport {
  /** Indexes of placeOrder fields at v193, the message id being field 0. */
  private static final int SYMBOL = 3;

  private static final int QUANTITY = 17;
  private static final int ORDER_TYPE = 18;
  private static final int LMT_PRICE = 19;
  private static final int AUX_PRICE = 20;
  private static final int OCA_GROUP = 22;
  private static final int ACCOUNT = 23;
  private static final int ORDER_REF = 26;

  private static TwsOrder limit(String qty, String price) {
    TwsOrder o = order("BUY", qty, "LMT");
    o.lmtPrice = dec(price);
    return o;
  }

  /** Sends {@code order} as a placeOrder with one field's text replaced, as a client could. */
  private static void placeWithField(
      RawClient c, int orderId, TwsOrder order, int field, String text) throws IOException {
    List<String> fields =
        new ArrayList<>(
            Requests.placeOrder(orderId, Contract.stock("AAPL", "SMART", "USD"), order).fields());
    fields.set(field, text);
    c.socket.sendRawForTest(Frames.frame(fields));
  }

  private static RawClient.Err awaitError(RawClient c, int id, int code) {
    await()
        .atMost(WAIT)
        .until(() -> c.errors.stream().anyMatch(e -> e.id() == id && e.code() == code));
    return c.errors.stream().filter(e -> e.id() == id && e.code() == code).findFirst().get();
  }

  /** The session still serves the client: a market order fills on the next tick. */
  private void aMarketOrderStillFills(RawClient c, int orderId) {
    c.place(orderId, "AAPL", order("BUY", "1", "MKT"));
    awaitStatus(c, orderId, "Submitted");
    gateway.publishTick("AAPL", "100.01");
    awaitStatus(c, orderId, "Filled");
  }

  @ParameterizedTest(name = "totalQuantity \"{0}\"")
  @ValueSource(
      strings = {
        "1E+999999999",
        "1E-999999999",
        "1e3",
        "-5",
        "0",
        "0.0000",
        "10000001",
        "1.12345",
        "NaN",
        "Infinity",
        "0x10",
        " 5",
        "5,000",
        "+5",
        ""
      })
  void aQuantityThatIsNotAPlainDecimalWithinBoundsIsRefusedNamingTheField(String quantity)
      throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    placeWithField(c, 1, order("BUY", "1", "MKT"), QUANTITY, quantity);

    RawClient.Err e = awaitError(c, 1, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message()).startsWith("Order rejected - reason:totalQuantity");
    assertThat(e.message().length()).as("the echo of the value is short").isLessThan(200);
    assertThat(gateway.openOrderCount()).as("not placed").isZero();
    aMarketOrderStillFills(c, 2);
    assertThat(c.executionsOf(1)).isEmpty();
  }

  @Test
  void theLargestQuantityAndTheFinestScaleArePlaced() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    placeWithField(c, 1, limit("1", "1.00"), QUANTITY, "10000000");
    placeWithField(c, 2, limit("1", "1.00"), QUANTITY, "0.0001");
    awaitStatus(c, 1, "Submitted");
    awaitStatus(c, 2, "Submitted");
    assertThat(c.errors.stream().filter(e -> e.id() > 0)).isEmpty();
  }

  @ParameterizedTest(name = "lmtPrice \"{0}\"")
  @ValueSource(
      strings = {
        "1E-999999999",
        "1E+999999999",
        "1e2",
        "-1",
        "0",
        "1.123456789",
        "1000000000",
        "Infinity",
        "1.7976931348623157E308"
      })
  void aLimitPriceThatIsNotAPlainDecimalWithinBoundsIsRefusedNamingTheField(String price)
      throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    placeWithField(c, 1, limit("10", "95.00"), LMT_PRICE, price);

    RawClient.Err e = awaitError(c, 1, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message()).startsWith("Order rejected - reason:lmtPrice");
    assertThat(gateway.openOrderCount()).isZero();
    aMarketOrderStillFills(c, 2);
  }

  @ParameterizedTest(name = "auxPrice \"{0}\"")
  @ValueSource(strings = {"1E-999999999", "-95", "9.5e1"})
  void aStopPriceThatIsNotAPlainDecimalWithinBoundsIsRefusedNamingTheField(String price)
      throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    TwsOrder stop = order("SELL", "10", "STP");
    stop.auxPrice = dec("95.00");
    placeWithField(c, 1, stop, AUX_PRICE, price);

    RawClient.Err e = awaitError(c, 1, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message()).startsWith("Order rejected - reason:auxPrice");
    assertThat(gateway.openOrderCount()).isZero();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    SYMBOL + ", symbol, 33",
    ORDER_TYPE + ", orderType, 129",
    OCA_GROUP + ", ocaGroup, 129",
    ACCOUNT + ", account, 129",
    ORDER_REF + ", orderRef, 129"
  })
  void aKeptTextLongerThanItsLimitIsRefusedNamingTheField(int field, String name, int length)
      throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    placeWithField(c, 1, limit("10", "95.00"), field, "A".repeat(length));

    RawClient.Err e = awaitError(c, 1, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message())
        .startsWith("Order rejected - reason:" + name)
        .contains(length + " characters")
        .doesNotContain("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assertThat(gateway.openOrderCount()).isZero();
    aMarketOrderStillFills(c, 2);
  }

  @Test
  void keptTextsAtTheirLimitArePlaced() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    TwsOrder o = limit("10", "95.00");
    o.orderRef = "r".repeat(128);
    o.ocaGroup = "g".repeat(128);
    c.place(1, "S".repeat(32), o);
    awaitStatus(c, 1, "Submitted");
    assertThat(c.openOrdersOf(1).get(0).order().orderRef).isEqualTo("r".repeat(128));
  }

  @Test
  void anOrderForAnAccountTheGatewayDoesNotManageIsRefused() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    TwsOrder o = limit("10", "95.00");
    o.account = "U999";
    c.place(1, "AAPL", o);

    RawClient.Err e = awaitError(c, 1, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message()).contains("account U999 is not managed by this gateway");
    assertThat(gateway.openOrderCount()).isZero();
    assertThat(gateway.positions("U999")).isEmpty();
  }

  @Test
  void aModificationWithABadFieldIsRefusedAndTheWorkingOrderIsUnchanged() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    c.place(1, "AAPL", limit("10", "95.00"));
    awaitStatus(c, 1, "Submitted");
    placeWithField(c, 1, limit("10", "95.00"), QUANTITY, "1e3");

    RawClient.Err e = awaitError(c, 1, 321);
    assertThat(e.message()).contains("totalQuantity").contains("order 1 is unchanged");
    gateway.publishTick("AAPL", "94.00");
    awaitStatus(c, 1, "Filled");
    awaitExecutions(c, 1, 1);
    assertThat(c.executionsOf(1))
        .singleElement()
        .satisfies(x -> assertThat(x.shares()).isEqualByComparingTo("10"));
    assertThat(c.errorCodesOf(1)).as("never rejected: it worked on").doesNotContain(201);
  }

  @Test
  void newOrdersPastTheWorkingOrderLimitOfAClientAreRefusedUntilOneEnds() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.workingOrdersPerClientMax = 2;
    start(config);
    RawClient c = connect(1);
    RawClient other = connect(2);
    c.place(1, "AAPL", limit("10", "50.00"));
    c.place(2, "AAPL", limit("10", "50.00"));
    c.place(3, "AAPL", limit("10", "50.00"));

    RawClient.Err e = awaitError(c, 3, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message()).contains("2 working orders").contains("limit");
    other.place(1, "AAPL", limit("10", "50.00"));
    awaitStatus(other, 1, "Submitted");
    c.socket.cancelOrder(1);
    awaitStatus(c, 1, "Cancelled");
    c.place(4, "AAPL", limit("10", "50.00"));
    awaitStatus(c, 4, "Submitted");
    assertThat(gateway.openOrderCount()).isEqualTo(3);
  }

  @Test
  void whenEveryKeptOrderIsStillWorkingANewOneIsRefused() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.historyCapacity = 2;
    start(config);
    RawClient c = connect(1);
    c.place(1, "AAPL", limit("10", "50.00"));
    c.place(2, "AAPL", limit("10", "50.00"));
    c.place(3, "AAPL", limit("10", "50.00"));

    RawClient.Err e = awaitError(c, 3, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message()).contains("2 orders").contains("limit");
    c.socket.cancelOrder(2);
    awaitStatus(c, 2, "Cancelled");
    c.place(4, "AAPL", limit("10", "50.00"));
    awaitStatus(c, 4, "Submitted");
    assertThat(gateway.openOrderCount()).isEqualTo(2);
  }

  @Test
  void ordersOnNewSymbolsPastTheSymbolLimitAreRefused() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.symbolsMax = 2;
    start(config);
    RawClient c = connect(1);
    c.place(1, "AAA", limit("10", "50.00"));
    c.place(2, "BBB", limit("10", "50.00"));
    c.place(3, "CCC", limit("10", "50.00"));
    c.place(4, "AAA", limit("10", "50.00"));

    RawClient.Err e = awaitError(c, 3, ErrorCodes.ORDER_REJECTED);
    assertThat(e.message()).contains("symbol CCC").contains("2 symbols");
    awaitStatus(c, 4, "Submitted");
    assertThat(gateway.openOrderCount()).isEqualTo(3);
  }

  @Test
  void marketDataPastTheLinesOfAConnectionGetsError101() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.marketDataLinesMax = 2;
    start(config);
    RawClient c = connect(1);
    Contract aapl = Contract.stock("AAPL", "SMART", "USD");
    c.socket.reqMktData(1, aapl, "", false, false);
    c.socket.reqMktData(2, aapl, "", false, false);
    c.socket.reqMktData(3, aapl, "", false, false);
    c.socket.reqMktData(1, aapl, "", false, false); // the same line again
    RawClient.Err e = awaitError(c, 3, 101);
    assertThat(e.message()).isEqualTo("Max number of tickers has been reached");

    c.socket.cancelMktData(2);
    c.socket.reqMktData(4, aapl, "", false, false);
    roundTrip(c);
    assertThat(c.errorCodesOf(1)).isEmpty();
    assertThat(c.errorCodesOf(4)).isEmpty();
    RawClient other = connect(2);
    other.socket.reqMktData(1, aapl, "", false, false);
    other.socket.reqMktData(2, aapl, "", false, false);
    roundTrip(other);
    assertThat(other.errors.stream().filter(x -> x.code() == 101))
        .as("the limit is per connection")
        .isEmpty();
  }

  @Test
  void tickByTickPastTheLimitOfAConnectionGetsError10190() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.tickByTickMax = 1;
    start(config);
    RawClient c = connect(1);
    Contract aapl = Contract.stock("AAPL", "SMART", "USD");
    c.socket.reqTickByTickData(1, aapl, "Last", 0, false);
    c.socket.reqTickByTickData(2, aapl, "Last", 0, false);
    RawClient.Err e = awaitError(c, 2, 10190);
    assertThat(e.message()).isEqualTo("Max number of tick-by-tick requests has been reached.");

    c.socket.cancelTickByTickData(1);
    c.socket.reqTickByTickData(3, aapl, "Last", 0, false);
    roundTrip(c);
    assertThat(c.errorCodesOf(3)).isEmpty();
  }

  @Test
  void marketDataForASymbolLongerThanTheLimitIsRefusedNamingTheField() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    c.socket.reqMktData(1, Contract.stock("X".repeat(5000), "SMART", "USD"), "", false, false);
    RawClient.Err e = awaitError(c, 1, 321);
    assertThat(e.message()).contains("symbol").contains("5000 characters").hasSizeLessThan(200);
    roundTrip(c);
    assertThat(c.saw("closed")).isFalse();
  }
}
