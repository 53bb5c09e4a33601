package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.Frames;
import com.tradeplan.broker.tws.Requests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a connection cannot make the gateway hold: a handshake is small and quick, a request has a
 * size limit, connections and client ids are counted, and recorded requests and queued answers have
 * byte budgets. At each limit the client is told (an IB error) or closed with a log line, and every
 * other client goes on being served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PaperGatewayConnectionLimitsTest extends PaperGatewayTestSupport {
  /**
   * The bound of "closed (or answered) at once": a loaded 2-core machine can take seconds to run
   * the gateway's threads. The handshake-trickle test keeps {@link #BEFORE_THE_TRICKLE_ENDS}.
   */
  private static final Duration SOON = Duration.ofSeconds(10);

  /** Under the trickle's 5 s, so that a gateway resetting its deadline on every byte fails. */
  private static final Duration BEFORE_THE_TRICKLE_ENDS = Duration.ofSeconds(3);

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  @ParameterizedTest(name = "claimed length {0}")
  @ValueSource(ints = {2_000, 0xFFFFFF, 100 * 1024 * 1024})
  void aHandshakeMessageLongerThanAHandshakeNeedsIsClosedAtOnce(int claimed) throws Exception {
    start(new GatewayConfig());
    try (RawSocket s = RawSocket.open(gateway.port())) {
      s.write(concat(RawSocket.apiPrefix(), RawSocket.lengthOnly(claimed), new byte[] {'v', '1'}));
      assertThat(s.closedWithin(SOON))
          .as("closed without waiting for the %d bytes it claims", claimed)
          .isTrue();
    }
    connect(1);
  }

  @Test
  void aHandshakeThatTricklesInPastItsTimeIsClosed() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.handshakeTimeoutMillis = 600;
    start(config);
    try (RawSocket s = RawSocket.open(gateway.port())) {
      s.write(concat(RawSocket.apiPrefix(), RawSocket.lengthOnly(500)));
      Thread trickle =
          new Thread(
              () -> {
                // one byte of a (small, allowed) version range every 100 ms, for up to 5 s
                for (int i = 0; i < 50 && s.write(new byte[] {'v'}); i++) {
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      trickle.setDaemon(true);
      trickle.start();
      assertThat(s.closedWithin(BEFORE_THE_TRICKLE_ENDS))
          .as("closed once its handshake time was up")
          .isTrue();
      trickle.interrupt();
    }
    connect(1);
  }

  @ParameterizedTest(name = "version range \"{0}\"")
  @ValueSource(
      strings = {"v99999999999999999999..193", "v100..99999999999999999999", "", "vvvvvvvvvv"})
  void aMalformedHandshakeNeverThrowsOutOfTheReader(String range) throws Exception {
    List<Throwable> escaped = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add(e));
    try {
      start(new GatewayConfig());
      try (RawSocket s = RawSocket.open(gateway.port())) {
        byte[] body = range.getBytes(StandardCharsets.UTF_8);
        s.write(
            concat(
                RawSocket.apiPrefix(), body.length == 0 ? new byte[4] : Frames.withLength(body)));
        assertThat(s.answeredOrClosedWithin(SOON)).as("refused, or served as v193").isTrue();
      }
      connect(1);
      assertThat(escaped).as("exceptions that escaped a gateway thread").isEmpty();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @Test
  void aRequestLongerThanTheLimitGetsError320AndTheConnectionIsClosed() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    byte[] atLimit = new byte[16 * 1024];
    Arrays.fill(atLimit, (byte) 'x');
    atLimit[0] = '4';
    atLimit[1] = '9';
    atLimit[2] = 0;
    c.socket.sendRawForTest(Frames.withLength(atLimit));
    await().atMost(WAIT).until(() -> c.saw("currentTime"));

    c.socket.sendRawForTest(
        concat(RawSocket.lengthOnly(1024 * 1024), "49\u0000".getBytes(StandardCharsets.UTF_8)));
    await().atMost(WAIT).until(() -> c.saw("closed"));
    assertThat(c.errors)
        .anySatisfy(
            e -> {
              assertThat(e.code()).isEqualTo(320);
              assertThat(e.message()).contains("1048576 bytes").contains("limit of 16384");
            });
    await().atMost(WAIT).until(() -> gateway.connectedClientIds().isEmpty());
    connect(1);
  }

  @Test
  void connectionsPastTheLimitAreClosedUnansweredAndTheOthersAreServed() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.connectionsMax = 2;
    start(config);
    RawClient a = connect(1);
    RawClient b = connect(2);
    try (RawSocket third = RawSocket.handshaken(gateway.port(), 3)) {
      assertThat(third.closedWithin(SOON)).isTrue();
    }
    assertThat(gateway.refusedConnections()).isEqualTo(1);
    roundTrip(a);
    roundTrip(b);

    a.close();
    await().atMost(WAIT).until(() -> gateway.openConnections() == 1);
    roundTrip(connect(3));
  }

  @Test
  void aNewClientIdPastTheLimitIsRefusedWith326WhileKnownIdsReconnect() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.clientIdsMax = 2;
    start(config);
    RawClient one = connect(1);
    connect(2);
    RawClient three = RawClient.connect(gateway.port(), 3);
    await().atMost(WAIT).until(() -> three.saw("closed"));
    assertThat(three.errorCodesOf(-1)).contains(326);
    assertThat(three.errors.stream().filter(e -> e.code() == 326))
        .allSatisfy(e -> assertThat(e.message()).contains("2 client ids"));
    assertThat(gateway.connectedClientIds()).containsExactlyInAnyOrder(1, 2);

    one.close();
    await().atMost(WAIT).until(() -> gateway.connectedClientIds().size() == 1);
    roundTrip(connect(1));
  }

  @Test
  void recordedRequestsStopAtTheirByteBudget() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.recordedRequestBytesMax = 2_000;
    start(config);
    RawClient c = connect(1);
    for (int i = 0; i < 40; i++) {
      c.socket.reqCurrentTime();
    }
    await()
        .atMost(WAIT)
        .until(() -> c.events.stream().filter(e -> e.equals("currentTime")).count() == 40);

    List<byte[]> kept = gateway.recordedRequests(1).get(49);
    assertThat(kept).isNotEmpty().hasSizeLessThan(20);
    assertThat(gateway.recordedRequestBytes()).isLessThanOrEqualTo(2_000);
    assertThat(gateway.recordingFull()).isTrue();
  }

  @Test
  void aClientThatStopsReadingIsDroppedOnceItsQueuedBytesPassTheLimit() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.clientQueueCapacity = 10_000_000;
    config.clientQueueBytesMax = 256 * 1024;
    // a small socket buffer: the queue fills after about 10,000 ticks, not 150,000 the kernel takes
    config.clientSendBufferBytes = 8 * 1024;
    start(config);
    RawClient reading = connect(2);
    try (RawSocket deaf = RawSocket.handshaken(gateway.port(), 5)) {
      await().atMost(WAIT).until(() -> gateway.connectedClientIds().contains(5));
      deaf.write(
          Requests.reqMktData(1, Contract.stock("AAPL", "SMART", "USD"), "", false, false).frame());
      deaf.write(Requests.reqCurrentTime().frame());
      // requests are handled in order: once reqCurrentTime is seen, the subscription is in place
      await().atMost(WAIT).until(() -> gateway.recordedRequests(5).containsKey(49));
      for (int i = 0; i < 300_000 && gateway.connectedClientIds().contains(5); i++) {
        gateway.publishTick("AAPL", i % 2 == 0 ? "100.00" : "100.01");
      }
      assertThat(gateway.connectedClientIds()).as("the deaf client was dropped").containsExactly(2);
    }
    roundTrip(reading);
  }
}
