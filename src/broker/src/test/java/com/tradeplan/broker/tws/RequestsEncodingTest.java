package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each request encoded at server version 193, field by field. The expected lists were produced by
 * the independent client {@code @stoqey/ib} 1.6.10's encoder for the same requests (undefined shown
 * as empty), so they pin IB's protocol, not this code's idea of it.
 */
class RequestsEncodingTest {
  private static final Contract AAPL = Contract.stock("AAPL", "SMART", "USD");

  private static List<String> fields(String... f) {
    return List.of(f);
  }

  @Test
  void limitOrderEncodesEveryFieldOfVersion193InProtocolOrder() {
    TwsOrder o = new TwsOrder();
    o.action = "BUY";
    o.orderType = "LMT";
    o.totalQuantity = new BigDecimal("100");
    o.lmtPrice = new BigDecimal("101.25");
    o.tif = "DAY";
    o.orderRef = "p1:ENTRY:0:1";
    o.transmit = true;
    List<String> expected = new ArrayList<>();
    // msg id, order id, conId, symbol, secType, expiry, strike, right, multiplier, exchange,
    // primaryExch, currency, localSymbol, tradingClass, secIdType, secId
    expected.addAll(
        fields("3", "7", "", "AAPL", "STK", "", "", "", "", "SMART", "", "USD", "", "", "", ""));
    // action, quantity, type, lmt, aux, tif, oca, account, openClose, origin, orderRef, transmit
    expected.addAll(
        fields("BUY", "100", "LMT", "101.25", "", "DAY", "", "", "", "", "p1:ENTRY:0:1", "1"));
    for (int i = 28; i <= 34; i++) {
      expected.add(""); // parentId .. hidden
    }
    expected.add(""); // index 35 is the deprecated sharesAllocation, sent as ""
    for (int i = 36; i <= 80; i++) {
      expected.add("");
    }
    expected.add("0"); // 81: no delta-neutral contract
    for (int i = 82; i <= 88; i++) {
      expected.add("");
    }
    expected.add("0"); // 89: no conditions
    for (int i = 90; i <= 97; i++) {
      expected.add("");
    }
    expected.add(""); // 98 soft dollar name
    expected.add(""); // 99 soft dollar value
    for (int i = 100; i <= 117; i++) {
      expected.add("");
    }
    assertThat(Requests.placeOrder(7, AAPL, o).fields())
        .as("placeOrder v193 has 118 fields")
        .hasSize(118)
        .containsExactlyElementsOf(expected);
  }

  @Test
  void stopOrderCarriesStopAsAuxPriceAndOcaAndParent() {
    TwsOrder o = new TwsOrder();
    o.action = "SELL";
    o.orderType = "STP";
    o.totalQuantity = new BigDecimal("50");
    o.auxPrice = new BigDecimal("99.50");
    o.tif = "GTD";
    o.goodTillDate = "20260302 16:00:00 UTC";
    o.ocaGroup = "p1-exit";
    o.ocaType = 1;
    o.parentId = 41;
    o.transmit = false;
    o.whatIf = true;
    List<String> f = Requests.placeOrder(42, AAPL, o).fields();
    assertThat(f.get(19)).as("lmtPrice unset").isEmpty();
    assertThat(f.get(20)).as("auxPrice without trailing zero").isEqualTo("99.5");
    assertThat(f.get(21)).isEqualTo("GTD");
    assertThat(f.get(22)).isEqualTo("p1-exit");
    assertThat(f.get(27)).as("transmit").isEqualTo("0");
    assertThat(f.get(28)).as("parentId").isEqualTo("41");
    assertThat(f.get(38)).as("goodTillDate").isEqualTo("20260302 16:00:00 UTC");
    assertThat(f.get(46)).as("ocaType").isEqualTo("1");
    assertThat(f.get(84)).as("whatIf").isEqualTo("1");
  }

  @Test
  void marketDataRequestsMatchTheProtocol() {
    assertThat(Requests.reqMktData(1, AAPL, "", false, false).fields())
        .containsExactly(
            "1", "11", "1", "", "AAPL", "STK", "", "", "", "", "SMART", "", "USD", "", "", "0", "",
            "0", "0", "");
    assertThat(Requests.reqTickByTickData(2, AAPL, "Last", 0, false).fields())
        .containsExactly(
            "97", "2", "", "AAPL", "STK", "", "", "", "", "SMART", "", "USD", "", "", "Last", "0",
            "0");
    assertThat(Requests.cancelMktData(1).fields()).containsExactly("2", "1", "1");
  }

  @Test
  void orderManagementRequestsMatchTheProtocol() {
    assertThat(Requests.cancelOrder(7, "").fields())
        .containsExactly("4", "7", "", "", "2147483647");
    assertThat(Requests.reqIds(1).fields()).containsExactly("8", "1", "1");
    assertThat(Requests.reqOpenOrders().fields()).containsExactly("5", "1");
    assertThat(Requests.reqAllOpenOrders().fields()).containsExactly("16", "1");
    assertThat(Requests.reqPositions().fields()).containsExactly("61", "1");
    assertThat(Requests.reqManagedAccts().fields()).containsExactly("17", "1");
    assertThat(Requests.reqExecutions(3, ExecutionFilter.ALL).fields())
        .containsExactly("7", "3", "3", "", "", "", "", "", "", "");
    assertThat(Requests.reqGlobalCancel().fields()).containsExactly("58", "", "2147483647");
    assertThat(Requests.startApi(9, "").fields()).containsExactly("71", "2", "9", "");
  }

  @Test
  void handshakeIsApiNulThenLengthPrefixedVersionRange() {
    byte[] b = EClientSocket.handshakeBytes();
    assertThat(new String(b, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("API\0");
    assertThat(b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7]).isEqualTo("v100..193".length());
    assertThat(new String(b, 8, b.length - 8, StandardCharsets.US_ASCII)).isEqualTo("v100..193");
  }

  @Test
  void framesAreBigEndianLengthAndNulTerminatedFields() {
    byte[] f = Frames.frame(List.of("8", "1", "1"));
    assertThat(f).containsExactly(0, 0, 0, 6, '8', 0, '1', 0, '1', 0);
    assertThat(Frames.split(new byte[] {'8', 0, '1', 0, 0})).containsExactly("8", "1", "");
  }
}
