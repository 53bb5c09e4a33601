package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.engine.facts.MarketFacts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rolling intraday ATR against a straightforward reference: keep every tick, cut them into
 * one-minute bars of the exchange day, and average the last true ranges. Seeded random ticks over
 * several symbols and two exchange days, with gaps, bursts and ticks a little out of order.
 */
class IntradayRangesTest {

  @Test
  void theRollingAtrIsTheMeanOfTheLastTrueRangesOfTheDay() {
    for (long seed = 1; seed <= 10; seed++) {
      Random random = new Random(seed);
      IntradayRanges ranges = new IntradayRanges();
      List<Tick> seen = new ArrayList<>();
      Instant t = Instant.parse("2026-03-02T14:30:00Z");
      String[] symbols = {"AAPL", "MSFT", "XLU"};
      long[] cents = {10_000, 25_000, 6_000};
      for (int i = 0; i < 1_500; i++) {
        int s = random.nextInt(symbols.length);
        cents[s] = Math.max(1, cents[s] + random.nextInt(41) - 20);
        int step = random.nextInt(100);
        t =
            step < 2
                ? t.plusSeconds(20 * 3600) // the next exchange day
                : step < 10
                    ? t.plusSeconds(60 + random.nextInt(600))
                    : t.plusSeconds(random.nextInt(20));
        // now and then a tick stamped a little earlier than the one before (a late report)
        Instant stamp = random.nextInt(50) == 0 ? t.minusSeconds(30) : t;
        Tick tick = Tick.of(symbols[s], stamp, BigDecimal.valueOf(cents[s], 2));
        seen.add(tick);
        MarketFacts f = ranges.record(tick);
        Reference ref = Reference.of(seen, symbols[s]);
        assertThat(f.atr()).as("seed %d tick %d: ATR", seed, i).isEqualTo(ref.atr);
        assertThat(f.atrBars()).as("seed %d tick %d: bars", seed, i).isEqualTo(ref.bars);
        assertThat(f.dayRange()).as("seed %d tick %d: day range", seed, i).isEqualTo(ref.dayRange);
      }
    }
  }

  @Test
  void theExchangeClockIsNewYorkWithItsDaylightSaving() {
    IntradayRanges ranges = new IntradayRanges();
    MarketFacts winter = ranges.record(tick("2026-03-02T20:55:00Z", "10.00"));
    assertThat(winter.exchangeTime()).isEqualTo(LocalTime.of(15, 55));
    MarketFacts summer = ranges.record(tick("2026-07-01T19:55:00Z", "10.00"));
    assertThat(summer.exchangeTime()).isEqualTo(LocalTime.of(15, 55));
    assertThat(summer.exchangeDate()).isEqualTo(LocalDate.of(2026, 7, 1));
    assertThat(summer.isAtOrAfter(LocalTime.of(15, 55))).isTrue();
    assertThat(summer.isAtOrAfter(LocalTime.of(15, 56))).isFalse();
  }

  @Test
  void memoryIsBoundedBySymbolsAndBars() {
    IntradayRanges ranges = new IntradayRanges();
    Instant t = Instant.parse("2026-03-02T14:30:00Z");
    for (int i = 0; i < IntradayRanges.SYMBOLS_MAX + 50; i++) {
      ranges.record(Tick.of("S" + i, t, BigDecimal.ONE));
    }
    assertThat(ranges.symbols()).isEqualTo(IntradayRanges.SYMBOLS_MAX);
    MarketFacts f = null;
    for (int m = 0; m < 40; m++) {
      f = ranges.record(Tick.of("AAPL", t.plusSeconds(60L * m), BigDecimal.valueOf(100 + m)));
    }
    assertThat(f.atrBars()).isEqualTo(IntradayRanges.ATR_BARS);
    assertThat(f.atr()).isEqualByComparingTo("1");
  }

  private static Tick tick(String time, String last) {
    return Tick.of("AAPL", Instant.parse(time), new BigDecimal(last));
  }

  /** Everything recomputed from the ticks kept. */
  private record Reference(BigDecimal atr, int bars, BigDecimal dayRange) {
    static Reference of(List<Tick> all, String symbol) {
      List<Tick> ticks = all.stream().filter(x -> x.symbol().equals(symbol)).toList();
      LocalDate day = date(ticks.get(ticks.size() - 1));
      // the symbol's ticks of the current exchange day, since the day last began for it
      int from = ticks.size() - 1;
      while (from > 0 && date(ticks.get(from - 1)).equals(day)) {
        from--;
      }
      List<Tick> today = ticks.subList(from, ticks.size());
      List<BigDecimal[]> bars = new ArrayList<>(); // high, low, close
      long bar = Long.MIN_VALUE;
      for (Tick x : today) {
        long minute = Math.floorDiv(x.time().getEpochSecond(), 60);
        if (bars.isEmpty() || minute > bar) {
          bars.add(new BigDecimal[] {x.last(), x.last(), x.last()});
          bar = minute;
        } else {
          BigDecimal[] b = bars.get(bars.size() - 1);
          b[0] = b[0].max(x.last());
          b[1] = b[1].min(x.last());
          b[2] = x.last();
        }
      }
      List<BigDecimal> trueRanges = new ArrayList<>();
      for (int i = 0; i < bars.size() - 1; i++) { // the last bar is still open
        BigDecimal[] b = bars.get(i);
        BigDecimal prev = i == 0 ? null : bars.get(i - 1)[2];
        BigDecimal high = prev == null ? b[0] : b[0].max(prev);
        BigDecimal low = prev == null ? b[1] : b[1].min(prev);
        trueRanges.add(high.subtract(low));
      }
      List<BigDecimal> window =
          trueRanges.subList(
              Math.max(0, trueRanges.size() - IntradayRanges.ATR_BARS), trueRanges.size());
      BigDecimal sum = BigDecimal.ZERO;
      for (BigDecimal r : window) {
        sum = sum.add(r);
      }
      BigDecimal atr =
          window.isEmpty() ? null : sum.divide(BigDecimal.valueOf(window.size()), Decimals.MATH);
      BigDecimal high = today.get(0).last();
      BigDecimal low = high;
      for (Tick x : today) {
        high = high.max(x.last());
        low = low.min(x.last());
      }
      return new Reference(atr, window.size(), high.subtract(low));
    }

    private static LocalDate date(Tick t) {
      return t.time().atZone(MarketFacts.US_EQUITIES).toLocalDate();
    }
  }
}
