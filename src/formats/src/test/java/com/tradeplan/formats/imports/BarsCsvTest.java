package com.tradeplan.formats.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.TickSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarsCsvTest {
  @TempDir Path dir;

  private List<IndexedTick> read(String text, Duration bar) throws IOException {
    Path f = dir.resolve("bars.csv");
    Files.writeString(f, text);
    TickLayout layout =
        new TickLayout(TickLayout.Format.BARS, ColumnMap.byAliases(), null, null, bar);
    try (TickSource s = layout.open(f)) {
      List<IndexedTick> ticks = new ArrayList<>();
      s.forEachRemaining(ticks::add);
      return ticks;
    }
  }

  private static List<String> shown(List<IndexedTick> ticks) {
    return ticks.stream()
        .map(
            t ->
                t.tick().time().toString().substring(11, 19)
                    + " "
                    + t.tick().symbol()
                    + " "
                    + t.tick().last()
                    + (t.tick().volume() == null ? "" : " v" + t.tick().volume()))
        .toList();
  }

  @Test
  void anUpBarGoesOpenLowHighCloseADownBarOpenHighLowCloseAtQuarters() throws IOException {
    List<IndexedTick> ticks =
        read(
            "Date,Symbol,Open,High,Low,Close,Volume\n"
                + "2026-03-02T14:30:00Z,AAPL,100,101,99,100.5,1200\n"
                + "2026-03-02T14:31:00Z,AAPL,100.5,102,100,100.25,800\n",
            Duration.ofMinutes(1));
    assertThat(shown(ticks))
        .containsExactly(
            "14:30:00 AAPL 100",
            "14:30:15 AAPL 99",
            "14:30:30 AAPL 101",
            "14:30:45 AAPL 100.5 v1200",
            "14:31:00 AAPL 100.5",
            "14:31:15 AAPL 102",
            "14:31:30 AAPL 100",
            "14:31:45 AAPL 100.25 v800");
    assertThat(ticks).extracting(IndexedTick::line).containsExactly(2L, 2L, 2L, 2L, 3L, 3L, 3L, 3L);
  }

  @Test
  void repeatedPointsAreLeftOutAndTheVolumeMovesToTheLastTickOfTheBar() throws IOException {
    assertThat(
            shown(
                read(
                    "time,symbol,open,high,low,close,volume\n2026-03-02T14:30:00Z,X,5,5,5,5,7\n",
                    Duration.ofMinutes(1))))
        .containsExactly("14:30:00 X 5 v7");
    assertThat(
            shown(
                read(
                    "time,symbol,o,h,l,c\n2026-03-02T14:30:00Z,X,5,6,4,6\n",
                    Duration.ofSeconds(4))))
        .containsExactly("14:30:00 X 5", "14:30:01 X 4", "14:30:02 X 6");
  }

  @Test
  void barsOfSeveralSymbolsAtOneTimeAreWalkedSideBySideInTimeOrder() throws IOException {
    assertThat(
            shown(
                read(
                    "time,symbol,open,high,low,close\n"
                        + "2026-03-02T14:30:00Z,A,10,11,9,10.5\n"
                        + "2026-03-02T14:30:00Z,B,20,21,19,19.5\n",
                    Duration.ofMinutes(1))))
        .containsExactly(
            "14:30:00 A 10",
            "14:30:00 B 20",
            "14:30:15 A 9",
            "14:30:15 B 21",
            "14:30:30 A 11",
            "14:30:30 B 19",
            "14:30:45 A 10.5",
            "14:30:45 B 19.5");
  }

  @Test
  void aBarWhoseRangeDoesNotHoldItsOpenAndCloseOrThatGoesBackIsRefusedWithItsLine() {
    assertThatThrownBy(
            () ->
                read(
                    "time,symbol,open,high,low,close\n2026-03-02T14:30:00Z,A,10,9.5,9,9.2\n",
                    Duration.ofMinutes(1)))
        .isInstanceOf(FormatException.class)
        .hasMessageEndingWith("line 2 field high: as high: 9.5 is below the open or the close");
    assertThatThrownBy(
            () ->
                read(
                    "time,symbol,open,high,low,close\n2026-03-02T14:30:00Z,A,10,11,10.5,10.6\n",
                    Duration.ofMinutes(1)))
        .hasMessageEndingWith("line 2 field low: as low: 10.5 is above the open or the close");
    assertThatThrownBy(
            () ->
                read(
                    "time,symbol,open,high,low,close\n2026-03-02T14:31:00Z,A,1,1,1,1\n2026-03-02T14:30:00Z,A,1,1,1,1\n",
                    Duration.ofMinutes(1)))
        .hasMessageContaining("line 3 field time: out of time order");
  }

  /**
   * Seeded: random bars of several symbols; the ticks are in time order, each bar's ticks start at
   * its open, end at its close, touch its high and low and never leave its range, and the volume is
   * kept whole.
   */
  @Test
  void seededRandomBarsGiveTicksThatRetraceEachBar() throws IOException {
    for (long seed = 1; seed <= 25; seed++) {
      Random rnd = new Random(seed);
      StringBuilder text = new StringBuilder("time,symbol,open,high,low,close,volume\n");
      Map<Long, BigDecimal[]> bars = new java.util.HashMap<>();
      long volume = 0;
      Instant start = Instant.parse("2026-03-02T14:30:00Z");
      long line = 2;
      for (int minute = 0; minute < 40; minute++) {
        for (String symbol : List.of("A", "B", "C")) {
          if (rnd.nextInt(4) == 0) {
            continue;
          }
          BigDecimal[] ohlc = new BigDecimal[4];
          for (int k = 0; k < 4; k++) {
            ohlc[k] = BigDecimal.valueOf(900 + rnd.nextInt(200), 2);
          }
          BigDecimal high = ohlc[0].max(ohlc[1]).max(ohlc[2]).max(ohlc[3]);
          BigDecimal low = ohlc[0].min(ohlc[1]).min(ohlc[2]).min(ohlc[3]);
          BigDecimal open = ohlc[rnd.nextInt(4)].max(low).min(high);
          BigDecimal close = ohlc[rnd.nextInt(4)];
          long v = rnd.nextInt(1000);
          volume += v;
          bars.put(line, new BigDecimal[] {open, high, low, close});
          text.append(start.plusSeconds(60L * minute))
              .append(',')
              .append(symbol)
              .append(',')
              .append(open)
              .append(',')
              .append(high)
              .append(',')
              .append(low)
              .append(',')
              .append(close)
              .append(',')
              .append(v)
              .append('\n');
          line++;
        }
      }
      List<IndexedTick> ticks = read(text.toString(), Duration.ofMinutes(1));
      assertThat(ticks)
          .extracting(t -> t.tick().time())
          .as("seed %d", seed)
          .isSortedAccordingTo(Comparator.naturalOrder());
      assertThat(
              ticks.stream()
                  .mapToLong(t -> t.tick().volume() == null ? 0 : t.tick().volume())
                  .sum())
          .isEqualTo(volume);
      Map<Long, List<BigDecimal>> byBar =
          ticks.stream()
              .collect(
                  Collectors.groupingBy(
                      IndexedTick::line,
                      Collectors.mapping(t -> t.tick().last(), Collectors.toList())));
      assertThat(byBar.keySet()).isEqualTo(bars.keySet());
      long shownSeed = seed;
      byBar.forEach(
          (l, prices) -> {
            BigDecimal[] b = bars.get(l);
            assertThat(prices.get(0))
                .as("seed %d line %d open", shownSeed, l)
                .isEqualByComparingTo(b[0]);
            assertThat(prices.get(prices.size() - 1)).as("close").isEqualByComparingTo(b[3]);
            assertThat(prices.stream().max(Comparator.naturalOrder()).orElseThrow())
                .as("high")
                .isEqualByComparingTo(b[1]);
            assertThat(prices.stream().min(Comparator.naturalOrder()).orElseThrow())
                .as("low")
                .isEqualByComparingTo(b[2]);
            assertThat(prices).hasSizeBetween(1, 4);
            for (int i = 1; i < prices.size(); i++) {
              assertThat(prices.get(i))
                  .as("no repeated point")
                  .isNotEqualByComparingTo(prices.get(i - 1));
            }
          });
    }
  }
}
