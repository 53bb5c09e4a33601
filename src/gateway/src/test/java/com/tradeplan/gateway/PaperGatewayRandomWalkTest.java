package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.Contract;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seeded random walk over the wire (tick-by-tick Last): the same seed gives the same prices, a
 * different seed others. Each client subscribes some ticks after its gateway started, so streams
 * are compared by finding the start of one inside the other.
 */
class PaperGatewayRandomWalkTest extends PaperGatewayTestSupport {
  private static final int TICKS = 200;
  private static final int WINDOW = 30;

  private List<BigDecimal> walk(long seed, int clientId) throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.randomWalkSymbols = List.of("AAPL");
    config.randomWalkIntervalMillis = 5;
    config.seed = seed;
    PaperGateway g = start(config);
    RawClient c = connect(g, clientId);
    c.socket.reqTickByTickData(1, Contract.stock("AAPL", "SMART", "USD"), "Last", 0, false);
    return c.tickByTickPrices;
  }

  /** Whether the first WINDOW ticks of one stream occur, in a row, in the other. */
  private static boolean sameWalk(List<BigDecimal> a, List<BigDecimal> b) {
    return Collections.indexOfSubList(plain(b), plain(a.subList(0, WINDOW))) >= 0
        || Collections.indexOfSubList(plain(a), plain(b.subList(0, WINDOW))) >= 0;
  }

  private static List<String> plain(List<BigDecimal> prices) {
    return prices.stream().map(p -> p.stripTrailingZeros().toPlainString()).toList();
  }

  @Test
  void theSameSeedGivesTheSameTicksAndAnotherSeedOthers() throws Exception {
    List<BigDecimal> a = walk(7, 1);
    List<BigDecimal> b = walk(7, 2);
    List<BigDecimal> other = walk(8, 3);
    await()
        .atMost(WAIT)
        .until(() -> a.size() >= TICKS && b.size() >= TICKS && other.size() >= TICKS);
    List<BigDecimal> first = List.copyOf(a).subList(0, TICKS);
    List<BigDecimal> second = List.copyOf(b).subList(0, TICKS);
    List<BigDecimal> third = List.copyOf(other).subList(0, TICKS);

    assertThat(sameWalk(first, second)).as("seed 7 twice: %s vs %s", first, second).isTrue();
    assertThat(sameWalk(first, third)).as("seed 7 vs seed 8: %s vs %s", first, third).isFalse();
    for (List<BigDecimal> walk : List.of(first, third)) {
      for (int i = 1; i < walk.size(); i++) {
        BigDecimal step = walk.get(i).subtract(walk.get(i - 1)).abs();
        assertThat(step).as("steps of at most 5 cents").isLessThanOrEqualTo(new BigDecimal("0.05"));
        assertThat(walk.get(i).stripTrailingZeros().scale())
            .as("whole cents")
            .isLessThanOrEqualTo(2);
      }
    }
  }
}
