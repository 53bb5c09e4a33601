package com.tradeplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.market.Tick;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TicksCsvTest {

  private static List<IndexedTick> read(String csv) {
    return TicksCsv.readAll("TICKS.csv", new StringReader(csv));
  }

  private static FormatException failure(String csv) {
    try {
      read(csv);
    } catch (FormatException e) {
      return e;
    }
    throw new AssertionError("expected a FormatException for:\n" + csv);
  }

  @Test
  void readsTheSpecExampleWithIndexAndLine() {
    List<IndexedTick> ticks =
        read(
            "time,symbol,last\n"
                + "2026-03-02T14:30:00.000Z,AAPL,100.95\n"
                + "2026-03-02T14:30:00.500Z,MSFT,400.1\n");

    assertThat(ticks)
        .containsExactly(
            new IndexedTick(
                0,
                2,
                Tick.of("AAPL", Instant.parse("2026-03-02T14:30:00Z"), new BigDecimal("100.95"))),
            new IndexedTick(
                1,
                3,
                Tick.of(
                    "MSFT", Instant.parse("2026-03-02T14:30:00.500Z"), new BigDecimal("400.1"))));
    assertThat(ticks.get(1).tick().last().scale()).as("last is kept as written").isEqualTo(1);
  }

  @Test
  void aHeaderAloneIsAFileWithoutTicks() {
    assertThat(read("time,symbol,last\n")).isEmpty();
  }

  @Test
  void extraColumnsBidAskVolumeAreAcceptedInAnyOrderAndMayBeEmpty() {
    List<IndexedTick> ticks =
        read(
            "time,symbol,last,bid,ask,volume\n"
                + "2026-03-02T14:30:00Z,AAPL,100.95,100.94,100.96,300\n"
                + "2026-03-02T14:30:01Z,AAPL,100.97,,,\n");
    List<IndexedTick> reordered =
        read("time,symbol,last,volume,bid\n2026-03-02T14:30:00Z,AAPL,100.95,300,100.94\n");

    Tick first = ticks.get(0).tick();
    assertThat(first.bid()).isEqualByComparingTo("100.94");
    assertThat(first.ask()).isEqualByComparingTo("100.96");
    assertThat(first.volume()).isEqualTo(300L);
    assertThat(ticks.get(1).tick().bid()).isNull();
    assertThat(ticks.get(1).tick().volume()).isNull();
    assertThat(reordered.get(0).tick().volume()).isEqualTo(300L);
    assertThat(reordered.get(0).tick().bid()).isEqualByComparingTo("100.94");
    assertThat(reordered.get(0).tick().ask()).isNull();
  }

  @Test
  void ticksWithTheSameTimeAreInOrder() {
    assertThat(
            read(
                "time,symbol,last\n"
                    + "2026-03-02T14:30:00Z,AAPL,1.00\n"
                    + "2026-03-02T14:30:00Z,MSFT,2.00\n"))
        .hasSize(2);
  }

  @Test
  void aByteOrderMarkCrlfLineEndsAndTrailingBlankLinesAreAccepted() {
    List<IndexedTick> ticks =
        read("\uFEFFtime,symbol,last\r\n2026-03-02T14:30:00Z,AAPL,1.00\r\n\r\n\n");

    assertThat(ticks).hasSize(1);
    assertThat(ticks.get(0).tick().last()).isEqualTo(new BigDecimal("1.00"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "time not ISO            | 2026-03-02 14:30:00,AAPL,1.00         | time",
        "time without zone       | 2026-03-02T14:30:00,AAPL,1.00         | time",
        "blank symbol            | 2026-03-02T14:30:00Z, ,1.00           | symbol",
        "empty symbol            | 2026-03-02T14:30:00Z,,1.00            | symbol",
        "last not a number       | 2026-03-02T14:30:00Z,AAPL,abc         | last",
        "last with exponent      | 2026-03-02T14:30:00Z,AAPL,1E2         | last",
        "last negative           | 2026-03-02T14:30:00Z,AAPL,-1.00       | last",
        "last zero               | 2026-03-02T14:30:00Z,AAPL,0.00        | last",
        "last empty              | 2026-03-02T14:30:00Z,AAPL,            | last",
        "last with blanks        | 2026-03-02T14:30:00Z,AAPL, 1.00       | last",
        "missing last column     | 2026-03-02T14:30:00Z,AAPL             | last",
      })
  void aMalformedRowNamesTheFileItsLineAndTheField(String why, String row, String field) {
    FormatException e =
        failure("time,symbol,last\n2026-03-02T14:29:00Z,AAPL,1.00\n" + row.strip() + "\n");

    assertThat(e.file()).isEqualTo("TICKS.csv");
    assertThat(e.line()).as(why).isEqualTo(3);
    assertThat(e.field()).as(why).isEqualTo(field);
    assertThat(e.getMessage()).startsWith("TICKS.csv line 3 field " + field + ": ");
  }

  @Test
  void badOptionalColumnsAndTooManyColumnsAreRefused() {
    String header = "time,symbol,last,bid,ask,volume\n";
    assertThat(failure(header + "2026-03-02T14:30:00Z,A,1.00,x,,\n").field()).isEqualTo("bid");
    assertThat(failure(header + "2026-03-02T14:30:00Z,A,1.00,,-1,\n").field()).isEqualTo("ask");
    assertThat(failure(header + "2026-03-02T14:30:00Z,A,1.00,,,1.5\n").field()).isEqualTo("volume");
    FormatException tooMany = failure(header + "2026-03-02T14:30:00Z,A,1.00,,,,7\n");
    assertThat(tooMany.line()).isEqualTo(2);
    assertThat(tooMany.getMessage()).contains("more than the header's 6 columns");
  }

  @Test
  void anOutOfOrderRowIsRefusedWithItsLine() {
    FormatException e =
        failure(
            "time,symbol,last\n"
                + "2026-03-02T14:30:00Z,AAPL,1.00\n"
                + "2026-03-02T14:30:02Z,MSFT,2.00\n"
                + "2026-03-02T14:30:01Z,AAPL,1.01\n");

    assertThat(e.line()).isEqualTo(4);
    assertThat(e.field()).isEqualTo("time");
    assertThat(e.getMessage()).contains("out of time order");
  }

  @Test
  void aBlankLineBeforeMoreTicksIsRefusedAtTheBlankLine() {
    FormatException e =
        failure("time,symbol,last\n2026-03-02T14:30:00Z,A,1.00\n\n2026-03-02T14:30:01Z,A,1.00\n");

    assertThat(e.line()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''",
        "time,symbol",
        "symbol,time,last",
        "time,symbol,last,bid,bid",
        "time,symbol,last,open",
        "Time,Symbol,Last"
      })
  void aWrongHeaderIsRefusedOnLineOne(String header) {
    FormatException e = failure(header + "\n2026-03-02T14:30:00Z,A,1.00\n");

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.getMessage()).startsWith("TICKS.csv line 1");
  }

  @Test
  void ticksBeforeABadRowAreDeliveredFirst() {
    List<IndexedTick> seen = new ArrayList<>();
    try (TicksCsv csv =
        TicksCsv.open(
            "TICKS.csv",
            new StringReader(
                "time,symbol,last\n2026-03-02T14:30:00Z,A,1.00\n2026-03-02T14:30:01Z,A,x\n"))) {
      assertThatThrownBy(() -> csv.forEachRemaining(seen::add)).isInstanceOf(FormatException.class);
    }
    assertThat(seen).hasSize(1);
  }

  @Test
  void readsAsItGoesWithoutReachingTheEndOfAnEndlessFile() {
    try (TicksCsv csv = TicksCsv.open("endless.csv", new EndlessTicks())) {
      long last = -1;
      for (int i = 0; i < 10_000; i++) {
        last = csv.next().index();
      }
      assertThat(last).isEqualTo(9_999);
    }
  }

  @Test
  void streamsAFileToAHandler(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("TICKS.csv");
    StringBuilder csv = new StringBuilder("time,symbol,last\n");
    for (int i = 0; i < 1000; i++) {
      csv.append(Instant.ofEpochSecond(1_772_000_000L + i)).append(",AAPL,100.").append(i % 100);
      csv.append('\n');
    }
    Files.writeString(file, csv);
    List<Long> indexes = new ArrayList<>();

    long n = TicksCsv.forEach(file, t -> indexes.add(t.index()));

    assertThat(n).isEqualTo(1000);
    assertThat(indexes.get(999)).isEqualTo(999);
    assertThatThrownBy(() -> TicksCsv.forEach(dir.resolve("nope.csv"), t -> {}))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("nope.csv: cannot be read");
  }

  @Test
  void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("TICKS.csv");
    Files.write(
        file, "time,symbol,last\n2026-03-02T14:30:00Z,\u00e9,1.00\n".getBytes("ISO-8859-1"));

    assertThatThrownBy(() -> TicksCsv.forEach(file, t -> {}))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("TICKS.csv: not UTF-8 text (at or after line 1)");
  }

  /** A reader that never ends: proves that ticks are produced before the input is exhausted. */
  private static final class EndlessTicks extends Reader {
    private String pending = "time,symbol,last\n";
    private long second;

    @Override
    public int read(char[] buf, int off, int len) {
      if (pending.isEmpty()) {
        pending = Instant.ofEpochSecond(1_772_000_000L + second++) + ",AAPL,100.00\n";
      }
      int n = Math.min(len, pending.length());
      pending.getChars(0, n, buf, off);
      pending = pending.substring(n);
      return n;
    }

    @Override
    public void close() {}
  }
}
