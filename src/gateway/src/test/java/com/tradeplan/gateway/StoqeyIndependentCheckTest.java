package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.ExecutionFilter;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.broker.tws.Requests;
import com.tradeplan.broker.tws.TwsOrder;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The independent check: {@code @stoqey/ib} 1.6.10 (a TWS client we did not write) drives the paper
 * gateway through market data, a market and a limit order, a cancel, executions, open orders,
 * positions, contract details (three tick grids, an unknown contract) and market rules (a flat one
 * and PENNY's price bands, each named by its contract details) (src/test/node/stoqey-check.js
 * asserts what it receives). Then the bytes it sent, as the gateway recorded them, must equal what
 * the Java client encodes for the same requests.
 */
class StoqeyIndependentCheckTest {
  private static final Path NODE_DIR = Path.of("src/test/node");
  private static final int CLIENT_ID = 7;
  private static PaperGateway gateway;
  private static String output;
  private static int exitCode;

  @BeforeAll
  static void runTheNodeCheck() throws Exception {
    assumeTrue(onPath("node") && onPath("npm"), "node/npm not on PATH: @stoqey/ib check skipped");
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@stoqey/ib"))) {
      Process ci =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(NODE_DIR.toFile())
              .redirectErrorStream(true)
              .start();
      String log = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ci.waitFor(180, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
      assertThat(ci.exitValue()).as("npm ci failed:\n" + log).isZero();
    }
    GatewayConfig c = new GatewayConfig();
    c.randomWalkSymbols = List.of("AAPL");
    c.randomWalkIntervalMillis = 20;
    c.seed = 3;
    c.symbolsWithoutContract.add("NOSUCH");
    gateway = new PaperGateway(c).start();
    Process node =
        new ProcessBuilder(
                "node",
                "stoqey-check.js",
                String.valueOf(gateway.port()),
                String.valueOf(CLIENT_ID))
            .directory(NODE_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    boolean done = node.waitFor(60, TimeUnit.SECONDS);
    output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      node.destroyForcibly();
    }
    exitCode = done ? node.exitValue() : -1;
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.stop();
    }
  }

  private static boolean onPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void stoqeyClientGetsWhatItExpectsFromThePaperGateway() {
    assertThat(exitCode).as("node check output:\n" + output).isZero();
    assertThat(output).contains("STOQEY-CHECK OK");
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).isEmpty();
  }

  @Test
  void javaClientEncodesTheSameRequestsByteForByte() {
    Map<Integer, List<byte[]>> sent = gateway.recordedRequests(CLIENT_ID);
    Contract aapl = Contract.stock("AAPL", "SMART", "USD");

    List<byte[]> orders = sent.get(MsgIds.PLACE_ORDER);
    assertThat(orders).as("placeOrder recorded").hasSize(2);
    int mktId = Integer.parseInt(field(orders.get(0), 1));
    TwsOrder mkt = new TwsOrder();
    mkt.action = "BUY";
    mkt.orderType = "MKT";
    mkt.totalQuantity = new BigDecimal("10");
    mkt.orderRef = "node1:ENTRY:0:1";
    mkt.transmit = true;
    assertSame("placeOrder MKT", Requests.placeOrder(mktId, aapl, mkt), orders.get(0));

    TwsOrder lmt = new TwsOrder();
    lmt.action = "BUY";
    lmt.orderType = "LMT";
    lmt.totalQuantity = new BigDecimal("5");
    lmt.lmtPrice = new BigDecimal("1.25");
    lmt.tif = "DAY";
    lmt.orderRef = "node1:TARGET:0:1";
    lmt.transmit = true;
    assertSame("placeOrder LMT", Requests.placeOrder(mktId + 1, aapl, lmt), orders.get(1));

    assertSame(
        "reqMktData",
        Requests.reqMktData(1, aapl, "", false, false),
        sent.get(MsgIds.REQ_MKT_DATA).get(0));
    assertSame(
        "cancelOrder", Requests.cancelOrder(mktId + 1, ""), sent.get(MsgIds.CANCEL_ORDER).get(0));
    assertSame("reqOpenOrders", Requests.reqOpenOrders(), sent.get(MsgIds.REQ_OPEN_ORDERS).get(0));
    assertSame(
        "reqExecutions",
        Requests.reqExecutions(3, ExecutionFilter.ALL),
        sent.get(MsgIds.REQ_EXECUTIONS).get(0));
    assertSame("reqPositions", Requests.reqPositions(), sent.get(MsgIds.REQ_POSITIONS).get(0));
    List<byte[]> details = sent.get(MsgIds.REQ_CONTRACT_DATA);
    assertThat(details).as("reqContractDetails recorded").hasSize(4);
    assertSame("reqContractDetails", Requests.reqContractDetails(41, aapl), details.get(0));
    assertSame(
        "reqContractDetails PENNY",
        Requests.reqContractDetails(43, Contract.stock("PENNY", "SMART", "USD")),
        details.get(2));
    List<byte[]> rules = sent.get(MsgIds.REQ_MARKET_RULE);
    assertThat(rules).as("reqMarketRule recorded").hasSize(3);
    assertSame("reqMarketRule PENNY", Requests.reqMarketRule(31), rules.get(2));
  }

  private static String field(byte[] body, int index) {
    return new String(body, StandardCharsets.UTF_8).split("\0", -1)[index];
  }

  private static void assertSame(String what, FieldWriter javaRequest, byte[] stoqeyBody) {
    byte[] framed = javaRequest.frame();
    byte[] javaBody = java.util.Arrays.copyOfRange(framed, 4, framed.length);
    assertThat(printable(javaBody))
        .as(what + ": Java vs @stoqey/ib")
        .isEqualTo(printable(stoqeyBody));
    assertThat(javaBody).as(what + " bytes").isEqualTo(stoqeyBody);
  }

  private static String printable(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).replace('\0', '|');
  }
}
