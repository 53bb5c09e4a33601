package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.ErrorCodes;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connection-level behaviour: the 1100/1101/1102 notices and IB's 50 msg/s inbound pacing. */
class PaperGatewayConnectionTest extends PaperGatewayTestSupport {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1100, Connectivity between IB and TWS has been lost.",
    "1101, Connectivity between IB and TWS has been restored- data lost.",
    "1102, Connectivity between IB and TWS has been restored- data maintained."
  })
  void connectivityNoticesReachEveryClientAndKeepTheConnection(int code, String text)
      throws Exception {
    start(new GatewayConfig());
    RawClient a = connect(1);
    RawClient b = connect(2);
    gateway.sendConnectivity(code);
    for (RawClient c : new RawClient[] {a, b}) {
      await().atMost(WAIT).until(() -> c.errors.stream().anyMatch(e -> e.code() == code));
      assertThat(c.errors.stream().filter(e -> e.code() == code))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.id()).as("connection-level: id -1").isEqualTo(-1);
                assertThat(e.message()).isEqualTo(text);
              });
      roundTrip(c);
      assertThat(c.saw("closed")).isFalse();
    }
    assertThat(gateway.connectedClientIds()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void aBurstOverFiftyMessagesPerSecondGetsError100ButStaysConnected() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    // 100 at once: 50 pass on the full bucket, at most 50 are refused, which is not yet
    // "sustained" (more than 50 refused within one second)
    for (int i = 0; i < 100; i++) {
      c.socket.reqCurrentTime();
    }
    // a first look after 100 ms (Awaitility's default, set explicitly here as PromptAwaits looks at
    // once): the bucket the burst emptied refills a token every 20 ms, and the round trip below
    // must find one, or it is refused with a 100 and never answered
    await()
        .pollDelay(Duration.ofMillis(100))
        .atMost(WAIT)
        .until(
            () ->
                c.events.stream().filter(e -> e.equals("currentTime")).count()
                        + c.errorCodesOf(-1).stream().filter(code -> code == 100).count()
                    == 100);
    long refused = c.errorCodesOf(-1).stream().filter(code -> code == ErrorCodes.PACING).count();
    assertThat(refused).as("error 100s").isPositive();
    // the gateway counts a violation after queueing its error 100: the last may not be counted yet
    await().atMost(WAIT).until(() -> gateway.pacingViolations() == (int) refused);
    assertThat(c.errors.stream().filter(e -> e.code() == ErrorCodes.PACING))
        .allSatisfy(
            e ->
                assertThat(e.message())
                    .startsWith("Max rate of messages per second has been exceeded:max=50"));
    roundTrip(c);
    assertThat(c.saw("closed")).isFalse();
    assertThat(gateway.connectedClientIds()).containsExactly(1);
  }

  @Test
  void aSustainedExcessIsAnsweredWith100ThenTheClientIsDisconnected() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    for (int i = 0; i < 400 && c.socket.isConnected(); i++) {
      c.socket.reqCurrentTime();
    }
    await().atMost(WAIT).until(() -> c.saw("closed"));
    await().atMost(WAIT).until(() -> gateway.connectedClientIds().isEmpty());
    assertThat(c.errorCodesOf(-1)).contains(ErrorCodes.PACING);
    assertThat(gateway.pacingViolations()).isGreaterThan(50);

    RawClient again = connect(1);
    roundTrip(again);
    assertThat(again.saw("closed")).as("the client may reconnect").isFalse();
  }
}
