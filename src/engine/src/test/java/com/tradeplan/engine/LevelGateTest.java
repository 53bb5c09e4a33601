package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LevelGateTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  private static Tick tick(String symbol, String last) {
    return Tick.of(symbol, T0, new BigDecimal(last));
  }

  @Test
  void aTickInsideEveryQuietBandWakesNobody() {
    LevelGate gate = new LevelGate();
    for (int i = 0; i < 10_000; i++) {
      gate.update(
          "idle" + i,
          "AAPL",
          new Band(new BigDecimal("90.00"), new BigDecimal("110.00"), null, false));
    }
    assertThat(gate.woken(tick("AAPL", "100.00"))).isEmpty();
  }

  @Test
  void boundsAreInclusiveBecauseTheRulesCompareWithAtOrThrough() {
    LevelGate gate = new LevelGate();
    gate.update("long-stop", "AAPL", new Band(new BigDecimal("99.00"), null, null, false));
    gate.update("target", "AAPL", new Band(null, new BigDecimal("103.00"), null, false));
    assertThat(gate.woken(tick("AAPL", "99.00"))).containsExactly("long-stop");
    assertThat(gate.woken(tick("AAPL", "99.01"))).isEmpty();
    assertThat(gate.woken(tick("AAPL", "103.00"))).containsExactly("target");
    assertThat(gate.woken(tick("AAPL", "103.0"))).containsExactly("target");
  }

  @Test
  void otherSymbolsAndMovedBandsAreRespected() {
    LevelGate gate = new LevelGate();
    gate.update("p", "AAPL", new Band(null, new BigDecimal("101.00"), null, false));
    assertThat(gate.woken(tick("MSFT", "500.00"))).isEmpty();
    gate.update("p", "AAPL", new Band(null, new BigDecimal("105.00"), null, false));
    assertThat(gate.woken(tick("AAPL", "102.00"))).isEmpty();
    assertThat(gate.woken(tick("AAPL", "105.00"))).containsExactly("p");
    gate.remove("p");
    assertThat(gate.woken(tick("AAPL", "200.00"))).isEmpty();
    assertThat(gate.size()).isZero();
  }

  @Test
  void expiryWakesOnTheFirstTickAfterIt() {
    LevelGate gate = new LevelGate();
    gate.update("p", "AAPL", new Band(null, new BigDecimal("200.00"), T0.plusSeconds(5), false));
    assertThat(gate.woken(Tick.of("AAPL", T0.plusSeconds(5), new BigDecimal("100")))).isEmpty();
    assertThat(gate.woken(Tick.of("AAPL", T0.plusSeconds(6), new BigDecimal("100"))))
        .containsExactly("p");
  }

  @Test
  void alwaysBandsWakeOnEveryTickOfTheirSymbol() {
    LevelGate gate = new LevelGate();
    gate.update("p", "AAPL", Band.ALWAYS);
    gate.update("q", "AAPL", Band.NEVER);
    assertThat(gate.woken(tick("AAPL", "100.00"))).containsExactly("p");
  }
}
