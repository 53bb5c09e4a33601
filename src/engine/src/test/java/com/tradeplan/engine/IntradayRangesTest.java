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
 * several symbols and many exchange days, with gaps, bursts and ticks a little out of order; the
 * ADR the same way (every completed day's range, the last N averaged), with N drawn per seed.
 */
class IntradayRangesTest {

  @Test
  void theRollingAtrIsTheMeanOfTheLastTrueRangesOfTheDay() {
    for (long seed = 1; seed <= 10; seed++) {
      Random random = new Random(seed);
      int adrDays = 1 + random.nextInt(IntradayRanges.ADR_DAYS_MAX);
      IntradayRanges ranges = new IntradayRanges(adrDays);
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
        MarketFacts f = recordAndRead(ranges, tick);
        Reference ref = Reference.of(seen, symbols[s], adrDays);
        assertThat(f.atr()).as("seed %d tick %d: ATR", seed, i).isEqualTo(ref.atr);
        assertThat(f.atrBars()).as("seed %d tick %d: bars", seed, i).isEqualTo(ref.bars);
        assertThat(f.dayRange()).as("seed %d tick %d: day range", seed, i).isEqualTo(ref.dayRange);
        assertThat(f.adr()).as("seed %d tick %d: ADR", seed, i).isEqualTo(ref.adr);
        assertThat(f.adrDays()).as("seed %d tick %d: ADR days", seed, i).isEqualTo(ref.days);
      }
    }
  }

  @Test
  void theAdrIsTheMeanRangeOfTheLastCompletedDaysAndNullUntilOneCompleted() {
    IntradayRanges ranges = new IntradayRanges(2);
    // Monday: 10.00 to 10.60, range 0.60. No completed day yet.
    assertThat(recordAndRead(ranges, tick("2026-03-02T14:30:00Z", "10.00")).adr()).isNull();
    MarketFacts monday = recordAndRead(ranges, tick("2026-03-02T20:59:00Z", "10.60"));
    assertThat(monday.adr()).isNull();
    assertThat(monday.adrDays()).isZero();
    assertThat(monday.dayRange()).isEqualByComparingTo("0.60");
    // Tuesday's first tick completes Monday: the ADR is Monday's range.
    MarketFacts tuesday = recordAndRead(ranges, tick("2026-03-03T14:30:00Z", "11.00"));
    assertThat(tuesday.adr()).isEqualByComparingTo("0.60");
    assertThat(tuesday.adrDays()).isEqualTo(1);
    recordAndRead(ranges, tick("2026-03-03T15:00:00Z", "10.00")); // Tuesday's range 1.00
    // Thursday (no tick on Wednesday: no day): the mean of Monday and Tuesday.
    MarketFacts thursday = recordAndRead(ranges, tick("2026-03-05T14:30:00Z", "10.50"));
    assertThat(thursday.adr()).isEqualByComparingTo("0.80");
    assertThat(thursday.adrDays()).isEqualTo(2);
    recordAndRead(ranges, tick("2026-03-05T16:00:00Z", "10.70")); // Thursday's range 0.20
    // Friday: the window of two days drops Monday: (1.00 + 0.20) / 2.
    MarketFacts friday = recordAndRead(ranges, tick("2026-03-06T14:30:00Z", "10.70"));
    assertThat(friday.adr()).isEqualByComparingTo("0.60");
    assertThat(friday.adrDays()).isEqualTo(2);
  }

  @Test
  void theAdrDaysAreBounded() {
    assertThat(IntradayRanges.adrDays(null)).isEqualTo(IntradayRanges.ADR_DAYS_DEFAULT);
    assertThat(IntradayRanges.adrDays(" 20 ")).isEqualTo(20);
    for (String bad : List.of("0", "21", "-1", "five", "2.5")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> IntradayRanges.adrDays(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(IntradayRanges.ADR_DAYS_SETTING)
          .hasMessageContaining("1 to 20");
    }
  }

  @Test
  void theExchangeClockIsNewYorkWithItsDaylightSaving() {
    IntradayRanges ranges = new IntradayRanges();
    MarketFacts winter = recordAndRead(ranges, tick("2026-03-02T20:55:00Z", "10.00"));
    assertThat(winter.exchangeTime()).isEqualTo(LocalTime.of(15, 55));
    MarketFacts summer = recordAndRead(ranges, tick("2026-07-01T19:55:00Z", "10.00"));
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
      recordAndRead(ranges, Tick.of("S" + i, t, BigDecimal.ONE));
    }
    assertThat(ranges.symbols()).isEqualTo(IntradayRanges.SYMBOLS_MAX);
    MarketFacts f = null;
    for (int m = 0; m < 40; m++) {
      f =
          recordAndRead(
              ranges, Tick.of("AAPL", t.plusSeconds(60L * m), BigDecimal.valueOf(100 + m)));
    }
    assertThat(f.atrBars()).isEqualTo(IntradayRanges.ATR_BARS);
    assertThat(f.atr()).isEqualByComparingTo("1");
  }

  private static Tick tick(String time, String last) {
    return Tick.of("AAPL", Instant.parse(time), new BigDecimal(last));
  }

  /** Everything recomputed from the ticks kept. */
  private record Reference(
      BigDecimal atr, int bars, BigDecimal dayRange, BigDecimal adr, int days) {
    static Reference of(List<Tick> all, String symbol, int adrDays) {
      List<Tick> ticks = all.stream().filter(x -> x.symbol().equals(symbol)).toList();
      // The ADR: cut the symbol's ticks into runs of one exchange date; a run followed by a run of
      // a later date is a completed day (a run followed by an earlier date, a late tick, is not).
      List<BigDecimal> completed = new ArrayList<>();
      int start = 0;
      for (int i = 1; i <= ticks.size(); i++) {
        if (i == ticks.size() || !date(ticks.get(i)).equals(date(ticks.get(start)))) {
          if (i < ticks.size() && date(ticks.get(i)).isAfter(date(ticks.get(start)))) {
            BigDecimal hi = ticks.get(start).last();
            BigDecimal lo = hi;
            for (Tick x : ticks.subList(start, i)) {
              hi = hi.max(x.last());
              lo = lo.min(x.last());
            }
            completed.add(hi.subtract(lo));
          }
          start = i;
        }
      }
      List<BigDecimal> lastDays =
          completed.subList(Math.max(0, completed.size() - adrDays), completed.size());
      BigDecimal daySum = BigDecimal.ZERO;
      for (BigDecimal r : lastDays) {
        daySum = daySum.add(r);
      }
      BigDecimal adr =
          lastDays.isEmpty()
              ? null
              : daySum.divide(BigDecimal.valueOf(lastDays.size()), Decimals.MATH);
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
      return new Reference(atr, window.size(), high.subtract(low), adr, lastDays.size());
    }

    private static LocalDate date(Tick t) {
      return t.time().atZone(MarketFacts.US_EQUITIES).toLocalDate();
    }
  }

  /** What the core does for a tick that wakes a session: counts it, then reads its facts. */
  private static MarketFacts recordAndRead(IntradayRanges ranges, Tick tick) {
    ranges.record(tick);
    return ranges.facts(tick);
  }
}
