package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.TickSizes.Lookup;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IbBroker's contract details over a real socket into the paper gateway: each symbol's tick, IB's
 * refusal as the reason, a tick moved at the exchange reaching the cache by the background refresh
 * (no lookup asks for it), and the answer expiring once the gateway is gone.
 */
class IbBrokerContractDetailsTest {
  private static final Duration TTL = Duration.ofMillis(1_500);

  /**
   * The bound of a lookup's answer, of the refresh and of the expiry (a lookup returns as soon as
   * the answer is known, so a quick machine does not wait it out). Unloaded, the moved tick arrives
   * in about a second: the refresh is due at half the TTL, goes out at the next run of the cache
   * (every 200 ms), and its answer names the new tick's market rule, asked at the run after. Each
   * step is a thread waking up; at a load of 30 on 2 cores that took more than 10 s once. 30 s
   * covers that and a reconnect (a starved reader can trip the 6 s dead-link check: reconnect,
   * reconcile, then the refresh), and still fails a refresh that never comes.
   */
  private static final Duration LOADED = Duration.ofSeconds(30);

  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private PaperGateway gateway;
  private IbBroker broker;

  private void start() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.symbolsWithoutContract.add("NOSUCH");
    gateway = paper.startGateway(config);
    broker =
        paper.connect(
            paper
                .brokerConfig(12)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7)
                .withContractDetailsTtl(TTL));
  }

  private Lookup tick(String symbol, Duration wait) {
    return broker.tickSizes().tickSize(Instrument.stock(symbol), wait);
  }

  @Test
  void eachSymbolHasTheExchangesTickAndAnUnknownContractHasIbsReason() throws Exception {
    start();
    assertThat(tick("AAPL", LOADED)).isEqualTo(Lookup.known(new BigDecimal("0.01")));
    assertThat(tick("NICKEL", LOADED)).isEqualTo(Lookup.known(new BigDecimal("0.05")));
    Lookup penny = tick("PENNY", LOADED);
    assertThat(penny.tickSize()).isEqualByComparingTo("0.0001");
    assertThat(penny.grid().describe())
        .as("PENNY's market rule")
        .isEqualTo("0.0001 from 0, 0.01 from 1");
    assertThat(tick("COARSE", LOADED).grid().describe())
        .isEqualTo("0.01 from 0, 0.05 from 10, 0.1 from 100");
    Lookup unknown = tick("NOSUCH", LOADED);
    assertThat(unknown.isKnown()).isFalse();
    assertThat(unknown.unknownBecause())
        .startsWith(
            "contract details of NOSUCH are not known: IB error 200: No security definition");
  }

  @Test
  void aMovedTickArrivesByTheBackgroundRefreshAndTheAnswerExpiresWithoutIb() throws Exception {
    start();
    assertThat(tick("AAPL", LOADED).tickSize()).isEqualByComparingTo("0.01");
    gateway.setTickSize("AAPL", new BigDecimal("0.05"));
    await()
        .atMost(LOADED)
        .until(() -> new BigDecimal("0.05").equals(tick("AAPL", Duration.ZERO).tickSize()));

    paper.stopGateway();
    await().atMost(LOADED).until(() -> !tick("AAPL", Duration.ZERO).isKnown());
    assertThat(tick("AAPL", Duration.ZERO).unknownBecause())
        .startsWith("contract details of AAPL are not known");
  }
}
