package com.tradeplan.formats.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.TickSource;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TradesCsvTest {
  @TempDir Path dir;

  private List<IndexedTick> read(String text, TickLayout layout) throws IOException {
    Path f = dir.resolve("trades.csv");
    Files.writeString(f, text);
    return readAll(f, layout);
  }

  private static List<IndexedTick> readAll(Path f, TickLayout layout) {
    try (TickSource s = layout.open(f)) {
      List<IndexedTick> ticks = new ArrayList<>();
      s.forEachRemaining(ticks::add);
      return ticks;
    }
  }

  private static TickLayout trades(String columns, String symbol, String zone) {
    return new TickLayout(
        TickLayout.Format.TRADES,
        columns == null ? ColumnMap.byAliases() : ColumnMap.parse(columns),
        symbol,
        zone == null ? null : ZoneId.of(zone),
        TickLayout.DEFAULT_BAR_LENGTH);
  }

  @Test
  void aVendorLayoutWithOtherNamesOrderQuotingAndExtraColumnsIsReadByAlias() throws IOException {
    List<IndexedTick> ticks =
        read(
            "Exchange,Price,Size,Ticker,Timestamp\n"
                + "\"NASDAQ, Inc\",101.25,100,AAPL,2026-03-02T09:30:00-05:00\n"
                + "ARCA,101.30,,AAPL,2026-03-02 14:30:01Z\n",
            trades(null, null, null));
    assertThat(ticks).hasSize(2);
    Tick first = ticks.get(0).tick();
    assertThat(first.symbol()).isEqualTo("AAPL");
    assertThat(first.time()).isEqualTo(Instant.parse("2026-03-02T14:30:00Z"));
    assertThat(first.last()).isEqualByComparingTo("101.25");
    assertThat(first.volume()).isEqualTo(100L);
    assertThat(ticks.get(1).tick().volume()).isNull();
    assertThat(ticks.get(1).tick().time()).isEqualTo(Instant.parse("2026-03-02T14:30:01Z"));
    assertThat(ticks).extracting(IndexedTick::index).containsExactly(0L, 1L);
    assertThat(ticks).extracting(IndexedTick::line).containsExactly(2L, 3L);
  }

  @Test
  void explicitColumnsAFixedSymbolAndEpochTimes() throws IOException {
    List<IndexedTick> ticks =
        read(
            "t_ms,p,bidpx\n1772461800000,50.5,50.4\n1772461800250,50.6,\n",
            trades("time=t_ms,last=p,bid=bidpx", "SPY", null));
    assertThat(ticks).extracting(t -> t.tick().symbol()).containsOnly("SPY");
    assertThat(ticks.get(0).tick().time()).isEqualTo(Instant.ofEpochMilli(1772461800000L));
    assertThat(ticks.get(0).tick().bid()).isEqualByComparingTo("50.4");
    assertThat(ticks.get(1).tick().bid()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1772461800|2026-03-02T14:30:00Z",
        "1772461800.5|2026-03-02T14:30:00.500Z",
        "1772461800000123|2026-03-02T14:30:00.000123Z",
        "1772461800000000123|2026-03-02T14:30:00.000000123Z",
        "2026-03-02T09:30:00.25-05:00|2026-03-02T14:30:00.250Z",
        "2026-03-02T09:30:00|2026-03-02T14:30:00Z",
      })
  void timeForms(String text, String instant) {
    assertThat(new TimeText(ZoneId.of("America/New_York")).parse(text))
        .isEqualTo(Instant.parse(instant));
  }

  @Test
  void aLocalTimeWithoutAZoneIsRefusedNotGuessed() throws IOException {
    assertThatThrownBy(
            () -> read("time,symbol,price\n2026-03-02T09:30:00,AAPL,1\n", trades(null, null, null)))
        .isInstanceOf(FormatException.class)
        .hasMessage(
            dir.resolve("trades.csv")
                + " line 2 field time: \"2026-03-02T09:30:00\" has no offset: give the file's zone"
                + " with --time-zone (e.g. America/New_York)")
        .satisfies(e -> assertThat(((FormatException) e).line()).isEqualTo(2));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ts,sym,px\\n2026-03-02T14:30:00Z,AAPL,abc|line 2 field px: as last: must be a plain decimal such as 101.25, found \"abc\"",
        "ts,sym,px\\n2026-03-02T14:30:00Z,AAPL,0|line 2 field px: as last: must be greater than 0, found 0",
        "ts,sym,px,qty\\n2026-03-02T14:30:00Z,AAPL,1,1.5|line 2 field qty: as volume: must be an integer >= 0, found \"1.5\"",
        "ts,sym,px\\n2026-03-02T14:30:01Z,AAPL,1\\n2026-03-02T14:30:00Z,AAPL,1|line 3 field ts: out of time order",
        "ts,sym,px\\n2026-03-02T14:30:00Z,AAPL|line 2: 2 fields, the header has 3",
        "ts,sym\\n2026-03-02T14:30:00Z,AAPL|line 1: no column for last in the header [ts, sym]",
        "ts,sym,px\\n123,AAPL,1|line 2 field ts: an epoch time must have 10 (s), 13 (ms), 16 (µs) or 19 (ns) digits",
        "ts,sym,px,px\\n|line 1: the header cannot be read",
      })
  void badRowsNameTheLineTheFileColumnAndTheReason(String text, String expected) {
    assertThatThrownBy(() -> read(text.replace("\\n", "\n"), trades(null, null, null)))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith(dir.resolve("trades.csv") + " " + expected);
  }

  @Test
  void columnsAndSymbolMistakesAreNamed() {
    assertThatThrownBy(() -> ColumnMap.parse("last"))
        .hasMessage("--columns: \"last\" is not field=Column (e.g. last=Price)");
    assertThatThrownBy(() -> ColumnMap.parse("price=P"))
        .hasMessageStartingWith("--columns: unknown field \"price\"");
    assertThatThrownBy(() -> ColumnMap.parse("last=A,last=B"))
        .hasMessage("--columns: last is mapped twice");
    assertThatThrownBy(
            () -> read("ts,px\n2026-03-02T14:30:00Z,1\n", trades("last=Price", "AAPL", null)))
        .hasMessageEndingWith("no column \"Price\" (mapped to last) in the header [ts, px]");
    assertThatThrownBy(() -> read("ts,symbol,px\n", trades(null, "AAPL", null)))
        .hasMessageEndingWith(
            "--symbol is for files without a symbol column, and this one has one");
  }

  @Test
  void aLineWithoutEndIsRefusedAfterTheBoundNotHeldWhole() throws IOException {
    String endless = "ts,sym,px\n\"" + "x".repeat(ForeignCsv.LINE_LENGTH_MAX + 10);
    assertThatThrownBy(() -> read(endless, trades(null, null, null)))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("longer than " + ForeignCsv.LINE_LENGTH_MAX + " characters");
  }

  @Test
  void gzipInputIsReadAsItComesWhateverItsName() throws IOException {
    Path f = dir.resolve("trades.csv");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write("ts,sym,px\n2026-03-02T14:30:00Z,AAPL,1.5\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(readAll(f, trades(null, null, null)))
        .extracting(t -> t.tick().last())
        .containsExactly(new BigDecimal("1.5"));
    Path ticks = dir.resolve("TICKS.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ticks))) {
      out.write("time,symbol,last\n2026-03-02T14:30:00Z,AAPL,2\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(readAll(ticks, TickLayout.TICKS_CSV)).hasSize(1);
  }

  /**
   * Seeded: random ticks written in a shuffled vendor layout (renamed, reordered, quoted, with
   * noise columns and epoch-microsecond times) read back as the same ticks.
   */
  @Test
  void seededRandomLayoutsReadBackTheTicksWritten() throws IOException {
    for (long seed = 1; seed <= 30; seed++) {
      Random rnd = new Random(seed);
      List<String> columns = new ArrayList<>(List.of("When", "Sym", "Px", "Qty", "Noise"));
      Collections.shuffle(columns, rnd);
      StringBuilder text = new StringBuilder(String.join(",", columns)).append('\n');
      List<Tick> written = new ArrayList<>();
      Instant t = Instant.parse("2026-03-02T14:30:00Z");
      for (int i = 0; i < 200; i++) {
        t = t.plus(Duration.ofNanos(1_000L * rnd.nextInt(5_000)));
        String symbol = rnd.nextBoolean() ? "AAPL" : "BRK B";
        BigDecimal price = BigDecimal.valueOf(1 + rnd.nextInt(100_000), 2);
        Long qty = rnd.nextInt(4) == 0 ? null : (long) rnd.nextInt(1000);
        written.add(new Tick(symbol, t, price, null, null, qty));
        List<String> cells = new ArrayList<>();
        for (String c : columns) {
          cells.add(
              switch (c) {
                case "When" ->
                    String.valueOf(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
                case "Sym" -> rnd.nextBoolean() ? "\"" + symbol + "\"" : symbol;
                case "Px" -> price.toPlainString();
                case "Qty" -> qty == null ? "" : qty.toString();
                default -> "\"a, \"\"quoted\"\" note\"";
              });
        }
        text.append(String.join(",", cells)).append(rnd.nextBoolean() ? "\n" : "\r\n");
      }
      List<IndexedTick> read =
          read(text.toString(), trades("time=When,symbol=Sym,last=Px,volume=Qty", null, null));
      assertThat(read)
          .extracting(IndexedTick::tick)
          .as("seed %d", seed)
          .containsExactlyElementsOf(written);
    }
  }
}
