package com.tradeplan.runtime.bars;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bars built from ticks: by hand, at each bound, and seeded random against a recomputation. */
class RecentBarsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T14:30:00Z");

  private static Tick tick(String symbol, long secondsAfter, String last) {
    return Tick.of(symbol, T0.plusSeconds(secondsAfter), new BigDecimal(last));
  }

  @Test
  void ticksOfOneMinuteMakeOneBarWithTheirOpenHighLowCloseAndCount() {
    RecentBars bars = new RecentBars();
    bars.record(tick("AAPL", 0, "101.00"));
    bars.record(tick("AAPL", 10, "101.50"));
    bars.record(tick("AAPL", 10, "100.75"));
    bars.record(tick("AAPL", 59, "101.25"));
    bars.record(tick("AAPL", 61, "102.00"));

    List<Bar> minutes = bars.bars("AAPL", BarInterval.MINUTE, null).orElseThrow();
    assertThat(minutes)
        .containsExactly(
            new Bar(T0, bd("101.00"), bd("101.50"), bd("100.75"), bd("101.25"), 4),
            new Bar(T0.plusSeconds(60), bd("102.00"), bd("102.00"), bd("102.00"), bd("102.00"), 1));
    List<Bar> seconds = bars.bars("AAPL", BarInterval.SECOND, null).orElseThrow();
    assertThat(seconds)
        .extracting(Bar::start)
        .containsExactly(T0, T0.plusSeconds(10), T0.plusSeconds(59), T0.plusSeconds(61));
    assertThat(seconds.get(1))
        .isEqualTo(
            new Bar(T0.plusSeconds(10), bd("101.50"), bd("101.50"), bd("100.75"), bd("100.75"), 2));
    assertThat(bars.bars("MSFT", BarInterval.MINUTE, null)).isEmpty();
  }

  @Test
  void fromKeepsTheBarsThatEndAfterIt() {
    RecentBars bars = new RecentBars();
    for (int m = 0; m < 5; m++) {
      bars.record(tick("SPY", 60L * m, "500.0" + m));
    }
    assertThat(bars.bars("SPY", BarInterval.MINUTE, T0.plusSeconds(150)).orElseThrow())
        .extracting(Bar::start)
        .containsExactly(T0.plusSeconds(120), T0.plusSeconds(180), T0.plusSeconds(240));
    assertThat(bars.bars("SPY", BarInterval.MINUTE, T0.plusSeconds(300)).orElseThrow()).isEmpty();
  }

  @Test
  void aLateTickCountsInTheOpenBarNeverInACompletedOne() {
    RecentBars bars = new RecentBars();
    bars.record(tick("AAPL", 0, "10.00"));
    bars.record(tick("AAPL", 60, "11.00"));
    bars.record(tick("AAPL", 30, "9.00"));
    assertThat(bars.bars("AAPL", BarInterval.MINUTE, null).orElseThrow())
        .containsExactly(
            new Bar(T0, bd("10.00"), bd("10.00"), bd("10.00"), bd("10.00"), 1),
            new Bar(T0.plusSeconds(60), bd("11.00"), bd("11.00"), bd("9.00"), bd("9.00"), 2));
  }

  @Test
  void theWindowKeepsTheNewestBarsAndTheOpenOne() {
    RecentBars bars = new RecentBars();
    int seconds = BarInterval.SECOND.barsMax() + 50;
    for (int s = 0; s < seconds; s++) {
      bars.record(tick("QQQ", s, "400.00"));
    }
    List<Bar> kept = bars.bars("QQQ", BarInterval.SECOND, null).orElseThrow();
    assertThat(kept).hasSize(BarInterval.SECOND.barsMax() + 1);
    assertThat(kept.get(0).start()).isEqualTo(T0.plusSeconds(seconds - kept.size()));
    assertThat(kept.get(kept.size() - 1).start()).isEqualTo(T0.plusSeconds(seconds - 1));
  }

  @Test
  void pastTheSymbolBoundTheSymbolTickedLeastRecentlyIsForgotten() {
    RecentBars bars = new RecentBars(3);
    bars.record(tick("A", 0, "1.00"));
    bars.record(tick("B", 0, "1.00"));
    bars.record(tick("C", 0, "1.00"));
    bars.record(tick("A", 1, "1.01"));
    bars.record(tick("D", 2, "1.00"));
    assertThat(bars.symbols()).isEqualTo(3);
    assertThat(bars.bars("B", BarInterval.MINUTE, null)).isEmpty();
    assertThat(bars.bars("A", BarInterval.SECOND, null).orElseThrow()).hasSize(2);
    assertThat(bars.bars("D", BarInterval.MINUTE, null)).isPresent();
  }

  /**
   * Seeded random ticks (mostly in order, some late) against a plain recomputation per interval.
   */
  @Test
  void seededRandomTicksGiveTheBarsOfAPlainRecomputation() {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      RecentBars bars = new RecentBars();
      List<Tick> ticks = new ArrayList<>();
      long second = 0;
      long cents = 10_000;
      int n = 200 + r.nextInt(3_000);
      for (int i = 0; i < n; i++) {
        second += r.nextInt(10) == 0 ? r.nextInt(120) : r.nextInt(2);
        long at = r.nextInt(20) == 0 ? Math.max(0, second - r.nextInt(90)) : second;
        cents = Math.max(1, cents + r.nextInt(41) - 20);
        Tick t = Tick.of("R", T0.plusSeconds(at), BigDecimal.valueOf(cents, 2));
        ticks.add(t);
        bars.record(t);
      }
      for (BarInterval i : BarInterval.values()) {
        List<Bar> expected = recompute(ticks, i);
        assertThat(bars.bars("R", i, null).orElseThrow())
            .as("seed %d, %s", seed, i)
            .isEqualTo(
                expected.subList(Math.max(0, expected.size() - i.barsMax() - 1), expected.size()));
      }
    }
  }

  /** Straightforward: a tick earlier than the current bar joins it; a later one opens a new bar. */
  private static List<Bar> recompute(List<Tick> ticks, BarInterval interval) {
    Map<Long, List<BigDecimal>> byBar = new LinkedHashMap<>();
    long current = Long.MIN_VALUE;
    for (Tick t : ticks) {
      long start =
          Math.floorDiv(t.time().getEpochSecond(), interval.seconds()) * interval.seconds();
      current = Math.max(current, start);
      byBar.computeIfAbsent(current, k -> new ArrayList<>()).add(t.last());
    }
    List<Bar> out = new ArrayList<>();
    byBar.forEach(
        (start, prices) ->
            out.add(
                new Bar(
                    Instant.ofEpochSecond(start),
                    prices.get(0),
                    prices.stream().max(BigDecimal::compareTo).orElseThrow(),
                    prices.stream().min(BigDecimal::compareTo).orElseThrow(),
                    prices.get(prices.size() - 1),
                    prices.size())));
    return out;
  }

  private static BigDecimal bd(String s) {
    return new BigDecimal(s);
  }
}
