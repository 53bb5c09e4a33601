package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.tws.Frames;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Garbage on the wire, both ways: the side that reads it stays alive or closes cleanly. */
class MalformedInputTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private PaperGateway gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = paper.startGateway(new GatewayConfig());
  }

  @Test
  void gatewayAnswersGarbageFieldsAndUnknownIdsWithAnErrorAndStaysAlive() throws Exception {
    try (RawClient c = RawClient.connect(gateway.port(), 21)) {
      c.socket.sendRawForTest(Frames.frame(List.of("3", "not-a-number", "x")));
      c.socket.sendRawForTest(Frames.frame(List.of("4242", "1")));
      c.socket.sendRawForTest(Frames.frame(List.of("3", "5"))); // truncated placeOrder fields
      c.socket.reqCurrentTime();
      await().atMost(WAIT).until(() -> c.saw("currentTime"));
      assertThat(c.events.stream().filter(e -> e.contains(" 320 "))).hasSize(3);
      assertThat(gateway.connectedClientIds()).contains(21);
    }
  }

  @Test
  void gatewayClosesCleanlyOnAnOversizeLengthOrATruncatedFrame() throws Exception {
    try (RawClient c = RawClient.connect(gateway.port(), 22)) {
      c.socket.sendRawForTest(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2});
      await().atMost(WAIT).until(() -> c.saw("closed"));
    }
    try (RawClient c = RawClient.connect(gateway.port(), 23)) {
      c.socket.sendRawForTest(new byte[] {0, 0, 0, 50, '8', 0});
      c.socket.eDisconnect();
      await().atMost(WAIT).until(() -> !gateway.connectedClientIds().contains(23));
    }
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      OutputStream o = s.getOutputStream();
      o.write("GET / HTTP/1.1\r\n\r\n".getBytes());
      o.flush();
      assertThat(s.getInputStream().read()).as("not TWS: closed without an answer").isEqualTo(-1);
    }
    try (RawClient c = RawClient.connect(gateway.port(), 24)) {
      await().atMost(WAIT).until(() -> c.saw("nextValidId"));
    }
  }

  @Test
  void clientReaderSurvivesGarbageAndIbBrokerReconnectsAfterABrokenFrame() throws Exception {
    IbBroker broker =
        paper.connect(
            paper.brokerConfig(25).withBackoff(Duration.ofMillis(20), Duration.ofMillis(100), 1),
            Duration.ofSeconds(10));
    RecordingListener listener = paper.listener;
    gateway.sendRawToClient(25, Frames.frame(List.of("3", "garbage", "Filled")));
    gateway.sendRawToClient(25, Frames.frame(List.of("9999", "1", "2")));
    gateway.sendRawToClient(25, Frames.frame(List.of("11", "-1")));
    OrderRef r = new OrderRef("m1", OrderRole.ENTRY, 0, 1);
    gateway.publishTick("AAPL", "10.00");
    broker.submit(OrderRequest.market(r, "bob", Instrument.stock("AAPL"), OrderAction.BUY, 5, "t"));
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    gateway.publishTick("AAPL", "10.01");
    await().atMost(WAIT).until(() -> listener.filledQuantity(r) == 5);
    assertThat(broker.reconciliations()).as("garbage did not cost the connection").isEqualTo(1);

    gateway.sendRawToClient(25, new byte[] {(byte) 0xff, 0, 0, 0});
    await().atMost(WAIT).until(() -> broker.reconciliations() == 2);
    assertThat(listener.fills).as("the reconcile replays nothing twice").hasSize(1);
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).isEmpty();
  }

  /**
   * An execution that cannot be read is skipped by the reader, which goes on; money may have moved
   * unseen, so the operator is alerted. A malformed price is only logged.
   */
  @Test
  void anUnreadableExecutionIsAlertedAndTheReaderGoesOn() throws Exception {
    IbBroker broker = paper.connect(paper.brokerConfig(26), Duration.ofSeconds(10));
    List<String> alerts = paper.alerts;
    RecordingListener listener = paper.listener;
    gateway.sendRawToClient(26, Frames.frame(List.of("11", "-1", "7", "not-a-contract-id")));
    gateway.sendRawToClient(26, Frames.frame(List.of("1", "3", "10000", "4", "1E-999", "1")));
    await().atMost(WAIT).until(() -> !alerts.isEmpty());
    assertThat(alerts)
        .singleElement()
        .asString()
        .startsWith("BROKER_MESSAGE_UNREADABLE: IB sent an execution that could not be read");

    OrderRef r = new OrderRef("m2", OrderRole.ENTRY, 0, 1);
    gateway.publishTick("AAPL", "10.00");
    broker.submit(OrderRequest.market(r, "bob", Instrument.stock("AAPL"), OrderAction.BUY, 5, "t"));
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    gateway.publishTick("AAPL", "10.01");
    await().atMost(WAIT).until(() -> listener.filledQuantity(r) == 5);
    assertThat(broker.reconciliations()).as("the connection was kept").isEqualTo(1);
  }
}
