package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.Contract;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tick file replayed at a chosen speed and looped, as reqMktData and tick-by-tick see it. */
class PaperGatewayTickFileTest extends PaperGatewayTestSupport {
  @TempDir Path dir;

  private RawClient replay(double speed) throws Exception {
    Path file = dir.resolve("ticks.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            "time,symbol,last,bid,ask,volume",
            "2026-01-05T14:30:00Z,AAPL,10.00,9.99,10.01,100",
            "not,a,tick",
            "2026-01-05T14:30:01Z,AAPL,10.50,10.49,10.51,200",
            "2026-01-05T14:30:02Z,AAPL,11.00,10.99,11.01,300",
            ""));
    GatewayConfig config = new GatewayConfig();
    config.ticksFile = file;
    config.speed = speed;
    start(config);
    return connect(1);
  }

  @Test
  void theFileIsReplayedInOrderAndLoopedSkippingMalformedLines() throws Exception {
    RawClient c = replay(100); // one second apart in the file: 10 ms apart at speed 100
    long t0 = System.nanoTime();
    c.socket.reqTickByTickData(1, Contract.stock("AAPL", "SMART", "USD"), "Last", 0, false);
    await().atMost(WAIT).until(() -> c.tickByTickPrices.size() >= 10);
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    List<String> cycle = List.of("10", "10.5", "11");
    // Copied whole first: a view of the list the reader still appends to throws on the next add.
    List<BigDecimal> seen = List.copyOf(c.tickByTickPrices).subList(0, 10);
    int start = cycle.indexOf(seen.get(0).stripTrailingZeros().toPlainString());
    assertThat(start).as("only the file's prices: %s", seen).isNotNegative();
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i)).isEqualByComparingTo(cycle.get((start + i) % 3));
    }
    // 9 gaps: 10 ms each, except the loop back to the first line (not paced)
    assertThat(elapsedMillis).as("paced by the file's times / speed").isGreaterThanOrEqualTo(60);
  }

  @Test
  void reqMktDataReceivesBidAskAndLastWithSizesOfEachTick() throws Exception {
    RawClient c = replay(100);
    c.socket.reqMktData(1, Contract.stock("AAPL", "SMART", "USD"), "", false, false);
    await().atMost(WAIT).until(() -> c.marketData.size() >= 40);
    List<String> md = List.copyOf(c.marketData);
    // The subscription's first answer (the last price, from the reader thread) may interleave
    // with the first replayed tick (from the market thread): look for one whole tick in order.
    assertThat(
            java.util.Collections.indexOfSubList(
                md, List.of("1 9.99", "0 100", "2 10.01", "3 100", "4 10", "5 100")))
        .as("%s", md)
        .isNotNegative();
  }
}
