package com.tradeplan.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared set-up of the paper gateway tests that talk to it with {@link RawClient} (the project's
 * own EClientSocket) over loopback: one gateway per test on a free port, clients closed after.
 */
abstract class PaperGatewayTestSupport {
  static final Duration WAIT = Duration.ofSeconds(10);

  PaperGateway gateway;
  private final List<RawClient> clients = new ArrayList<>();
  private final List<PaperGateway> gateways = new ArrayList<>();

  PaperGateway start(GatewayConfig config) throws IOException {
    PaperGateway g = new PaperGateway(config).start();
    gateways.add(g);
    if (gateway == null) {
      gateway = g;
    }
    return g;
  }

  /** Connects to {@link #gateway} and waits for nextValidId (the handshake is complete). */
  RawClient connect(int clientId) throws IOException {
    return connect(gateway, clientId);
  }

  RawClient connect(PaperGateway g, int clientId) throws IOException {
    RawClient c = RawClient.connect(g.port(), clientId);
    clients.add(c);
    await().atMost(WAIT).until(() -> c.saw("nextValidId"));
    return c;
  }

  @AfterEach
  void stopAll() {
    clients.forEach(RawClient::close);
    gateways.forEach(PaperGateway::stop);
  }

  static void awaitStatus(RawClient c, int orderId, String status) {
    await().atMost(WAIT).until(() -> c.statusesOf(orderId).contains(status));
  }

  /**
   * Waits for {@code count} execution reports of the order. The gateway sends an order's status
   * before its execution report, as IB may: a test that saw "Filled" has not yet seen the fill.
   */
  static void awaitExecutions(RawClient c, int orderId, int count) {
    await().atMost(WAIT).until(() -> c.executionsOf(orderId).size() >= count);
  }

  static void awaitStatusCount(RawClient c, int orderId, int count) {
    await().atMost(WAIT).until(() -> c.statusesOf(orderId).size() >= count);
  }

  /** Waits until the gateway answered everything sent before: its replies keep request order. */
  static void roundTrip(RawClient c) {
    long before = c.events.stream().filter(e -> e.equals("currentTime")).count();
    c.socket.reqCurrentTime();
    await()
        .atMost(WAIT)
        .until(() -> c.events.stream().filter(e -> e.equals("currentTime")).count() > before);
  }

  static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }
}
