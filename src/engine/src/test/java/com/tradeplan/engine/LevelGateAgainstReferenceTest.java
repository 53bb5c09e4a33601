package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The gate against a brute-force reference on seeded random levels and ticks: every tick's woken
 * plans must be exactly those whose {@link Band#wakes} says so, in exactly the order the gate has
 * always given (plans that wake on every tick, then lows from the lowest, highs from the lowest,
 * expiries from the earliest; within one level in the order the plans were registered there; each
 * plan once). Prices are on a cent grid, written with two or three decimals (103.0 and 103.00 are
 * one level), and ticks land exactly on levels often, so the quiet band's strict comparisons are
 * tried at their edges. Bands move, are removed and come back between ticks, as trades go through
 * their lifecycle.
 */
class LevelGateAgainstReferenceTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static final String[] SYMBOLS = {"AAPL", "MSFT", "XLU"};

  @Test
  void theGateWakesExactlyWhatTheBandsSayInTheGatesOrder() {
    int quietTicks = 0;
    int wokenTicks = 0;
    for (long seed = 1; seed <= 24; seed++) {
      Random random = new Random(seed);
      LevelGate gate = new LevelGate();
      Reference reference = new Reference();
      int plans = 1 + random.nextInt(seed % 4 == 0 ? 200 : 30);
      long[] cents = {10_000, 10_000, 10_000};
      for (int i = 0; i < 2_000; i++) {
        int action = random.nextInt(100);
        if (action < 15) {
          String planId = "p" + random.nextInt(plans);
          String symbol = SYMBOLS[random.nextInt(SYMBOLS.length)];
          Band band = randomBand(random, cents);
          gate.update(planId, symbol, band);
          reference.update(planId, symbol, band);
        } else if (action < 18) {
          String planId = "p" + random.nextInt(plans);
          gate.remove(planId);
          reference.remove(planId);
        } else {
          int s = random.nextInt(SYMBOLS.length);
          cents[s] = Math.max(1, cents[s] + random.nextInt(61) - 30);
          Instant time = T0.plusSeconds(random.nextInt(600));
          Tick tick = Tick.of(SYMBOLS[s], time, price(random, cents[s]));
          List<String> expected = reference.woken(tick);
          assertThat(gate.woken(tick))
              .as("seed %d step %d: %s", seed, i, tick)
              .containsExactlyElementsOf(expected);
          if (expected.isEmpty()) {
            quietTicks++;
          } else {
            wokenTicks++;
          }
        }
        assertThat(gate.size()).isEqualTo(reference.bands.size());
      }
    }
    // both paths were tried, many times
    assertThat(quietTicks).isGreaterThan(3_000);
    assertThat(wokenTicks).isGreaterThan(3_000);
  }

  @Test
  void aTickExactlyOnTheNearestLevelWakesItsPlanWhateverTheScale() {
    LevelGate gate = new LevelGate();
    gate.update("stop", "AAPL", new Band(new BigDecimal("99.00"), null, null, false));
    gate.update("target", "AAPL", new Band(null, new BigDecimal("103.0"), null, false));
    gate.update("entry", "AAPL", new Band(null, new BigDecimal("105.00"), T0, false));
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("99.01")))).isEmpty();
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("99")))).containsExactly("stop");
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("102.999")))).isEmpty();
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("103.000"))))
        .containsExactly("target");
    assertThat(gate.woken(Tick.of("AAPL", T0.plusNanos(1), new BigDecimal("100.00"))))
        .containsExactly("entry");
    // the nearest levels follow the plans that leave: the next ones take over
    gate.remove("target");
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("103.00")))).isEmpty();
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("105.00")))).containsExactly("entry");
    gate.update("stop", "AAPL", new Band(new BigDecimal("97.50"), null, null, false));
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("98.00")))).isEmpty();
    gate.update("always", "AAPL", Band.ALWAYS);
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("100.00")))).containsExactly("always");
    gate.remove("always");
    assertThat(gate.woken(Tick.of("AAPL", T0, new BigDecimal("100.00")))).isEmpty();
  }

  /** A cent price written with two or three decimals (one level, two scales). */
  private static BigDecimal price(Random random, long cents) {
    BigDecimal p = BigDecimal.valueOf(cents, 2);
    return random.nextInt(4) == 0 ? p.setScale(3) : p;
  }

  private static Band randomBand(Random random, long[] cents) {
    int kind = random.nextInt(20);
    if (kind == 0) {
      return Band.ALWAYS;
    }
    if (kind == 1) {
      return Band.NEVER;
    }
    long around = cents[random.nextInt(cents.length)];
    BigDecimal low = random.nextInt(3) == 0 ? null : price(random, around - random.nextInt(80));
    BigDecimal high = random.nextInt(3) == 0 ? null : price(random, around + random.nextInt(80));
    Instant expires = random.nextInt(4) == 0 ? T0.plusSeconds(random.nextInt(600)) : null;
    return new Band(low, high, expires, false);
  }

  /**
   * Every registered band in a list, each with the sequence number of its registration; a tick's
   * woken plans found by asking every band, then ordered as the gate orders them.
   */
  private static final class Reference {
    record Registered(String symbol, Band band, long seq) {}

    final Map<String, Registered> bands = new LinkedHashMap<>();
    long seq;

    void update(String planId, String symbol, Band band) {
      Registered old = bands.get(planId);
      if (old != null && old.band.equals(band) && old.symbol.equals(symbol)) {
        return;
      }
      bands.put(planId, new Registered(symbol, band, ++seq));
    }

    void remove(String planId) {
      bands.remove(planId);
    }

    List<String> woken(Tick tick) {
      Set<String> out = new LinkedHashSet<>();
      List<Map.Entry<String, Registered>> ofSymbol = new ArrayList<>();
      for (Map.Entry<String, Registered> e : bands.entrySet()) {
        if (e.getValue().symbol.equals(tick.symbol())) {
          ofSymbol.add(e);
        }
      }
      Comparator<Map.Entry<String, Registered>> bySeq =
          Comparator.comparingLong(e -> e.getValue().seq);
      ofSymbol.stream()
          .filter(e -> e.getValue().band.always())
          .sorted(bySeq)
          .forEach(e -> out.add(e.getKey()));
      ofSymbol.stream()
          .filter(e -> e.getValue().band.low() != null)
          .filter(e -> tick.last().compareTo(e.getValue().band.low()) <= 0)
          .sorted(
              Comparator.<Map.Entry<String, Registered>, BigDecimal>comparing(
                      e -> e.getValue().band.low())
                  .thenComparing(bySeq))
          .forEach(e -> out.add(e.getKey()));
      ofSymbol.stream()
          .filter(e -> e.getValue().band.high() != null)
          .filter(e -> tick.last().compareTo(e.getValue().band.high()) >= 0)
          .sorted(
              Comparator.<Map.Entry<String, Registered>, BigDecimal>comparing(
                      e -> e.getValue().band.high())
                  .thenComparing(bySeq))
          .forEach(e -> out.add(e.getKey()));
      ofSymbol.stream()
          .filter(e -> e.getValue().band.expiresAt() != null)
          .filter(e -> tick.time().isAfter(e.getValue().band.expiresAt()))
          .sorted(
              Comparator.<Map.Entry<String, Registered>, Instant>comparing(
                      e -> e.getValue().band.expiresAt())
                  .thenComparing(bySeq))
          .forEach(e -> out.add(e.getKey()));
      List<String> woken = new ArrayList<>(out);
      // the set is exactly the plans whose band wakes
      assertThat(Set.copyOf(woken))
          .isEqualTo(
              Set.copyOf(
                  ofSymbol.stream()
                      .filter(e -> e.getValue().band.wakes(tick.last(), tick.time()))
                      .map(Map.Entry::getKey)
                      .toList()));
      return woken;
    }
  }
}
