package com.tradeplan.formats;

import com.tradeplan.domain.market.Tick;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * A streaming reader of TICKS.csv (simulator-io.md): holds one line at a time, because tick files
 * can be gigabytes.
 *
 * <p>The header is {@code time,symbol,last}, optionally followed by {@code bid}, {@code ask} and
 * {@code volume} in any order, each at most once; any other column is refused. Each row: an
 * ISO-8601 instant, a non-blank symbol without surrounding blanks, {@code last} a plain decimal >
 * 0; {@code bid}/{@code ask} a plain decimal >= 0 or empty, {@code volume} an integer >= 0 or
 * empty. Rows must be in time order (equal times are allowed). No quoting: no field of this format
 * can contain a comma. A UTF-8 byte order mark and CRLF line ends are accepted; blank lines only at
 * the end of the file.
 *
 * <p>Anything else throws {@link FormatException} naming the file, the 1-based line and the field,
 * at the moment that row is reached: a caller that must not produce partial output reads the whole
 * file (e.g. a first pass with {@link #forEach}) before writing anything.
 */
public final class TicksCsv implements TickSource {
  /** Receives each tick of a file, in file order. */
  @FunctionalInterface
  public interface TickHandler {
    void accept(IndexedTick tick);
  }

  /** A line longer than this is not a tick (and would otherwise be held in memory whole). */
  public static final int LINE_LENGTH_MAX = 4096;

  private static final String[] REQUIRED = {"time", "symbol", "last"};
  private static final List<String> OPTIONAL = List.of("bid", "ask", "volume");
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,12})?");
  private static final Pattern INTEGER = Pattern.compile("[0-9]{1,18}");

  private final String fileName;
  private final BufferedReader in;
  private final int columns;
  private final int bidColumn;
  private final int askColumn;
  private final int volumeColumn;
  private long lineNumber;
  private long index;
  private Instant previousTime;
  private IndexedTick next;
  private boolean finished;

  private TicksCsv(String fileName, Reader reader) {
    this.fileName = fileName;
    this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    String header = readLine();
    if (header == null) {
      throw error(1, null, "empty file, expected the header time,symbol,last");
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    String[] names = header.split(",", -1);
    for (int i = 0; i < REQUIRED.length; i++) {
      if (names.length <= i || !names[i].equals(REQUIRED[i])) {
        throw error(
            1, null, "the header must start with time,symbol,last, found \"" + clip(header) + "\"");
      }
    }
    int bid = -1;
    int ask = -1;
    int volume = -1;
    for (int i = REQUIRED.length; i < names.length; i++) {
      int known = OPTIONAL.indexOf(names[i]);
      if (known < 0) {
        throw error(
            1,
            names[i],
            "unknown column \"" + clip(names[i]) + "\": only bid, ask and volume may follow last");
      }
      int already = known == 0 ? bid : known == 1 ? ask : volume;
      if (already >= 0) {
        throw error(1, names[i], "the column appears twice");
      }
      switch (known) {
        case 0 -> bid = i;
        case 1 -> ask = i;
        default -> volume = i;
      }
    }
    this.columns = names.length;
    this.bidColumn = bid;
    this.askColumn = ask;
    this.volumeColumn = volume;
  }

  /**
   * Opens a tick file (UTF-8, gzip-compressed or not: {@link TextInput}) and reads its header. The
   * caller closes it (try-with-resources).
   *
   * @throws FormatException when the file cannot be read or its header is wrong
   */
  public static TicksCsv open(Path file) {
    return open(file.toString(), TextInput.open(file));
  }

  /** Reads ticks from {@code reader}; {@code fileName} only names the file in errors. */
  public static TicksCsv open(String fileName, Reader reader) {
    TicksCsv csv = null;
    try {
      csv = new TicksCsv(fileName, reader);
      return csv;
    } finally {
      if (csv == null) {
        closeQuietly(reader);
      }
    }
  }

  /** Streams every tick of {@code file} to {@code handler}; returns how many there were. */
  public static long forEach(Path file, TickHandler handler) {
    try (TicksCsv csv = open(file)) {
      long n = 0;
      while (csv.hasNext()) {
        handler.accept(csv.next());
        n++;
      }
      return n;
    }
  }

  /** Reads every tick of small text into memory: for tests and scenario files, not tick files. */
  public static List<IndexedTick> readAll(String fileName, Reader reader) {
    try (TicksCsv csv = open(fileName, reader)) {
      List<IndexedTick> ticks = new ArrayList<>();
      csv.forEachRemaining(ticks::add);
      return ticks;
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null && !finished) {
      next = readTick();
      finished = next == null;
    }
    return next != null;
  }

  /**
   * The next tick.
   *
   * @throws FormatException when the row is malformed or out of time order
   */
  @Override
  public IndexedTick next() {
    if (!hasNext()) {
      throw new NoSuchElementException(fileName + ": no more ticks");
    }
    IndexedTick t = next;
    next = null;
    return t;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private IndexedTick readTick() {
    String line = readLine();
    long blankLine = 0;
    while (line != null && line.isBlank()) {
      if (blankLine == 0) {
        blankLine = lineNumber;
      }
      line = readLine();
    }
    if (line == null) {
      return null;
    }
    if (blankLine != 0) {
      throw error(blankLine, null, "blank line before more ticks");
    }
    String[] f = split(line);
    Instant time;
    try {
      time = Instant.parse(f[0]);
    } catch (DateTimeParseException e) {
      throw error(
          lineNumber,
          "time",
          "must be an ISO-8601 instant such as 2026-03-02T14:30:00.000Z, found \""
              + clip(f[0])
              + "\"");
    }
    if (previousTime != null && time.isBefore(previousTime)) {
      throw error(
          lineNumber,
          "time",
          "out of time order: " + f[0] + " is before the previous tick's " + previousTime);
    }
    String symbol = f[1];
    if (symbol.isBlank() || !symbol.strip().equals(symbol)) {
      throw error(
          lineNumber,
          "symbol",
          "must be non-blank without surrounding blanks: \"" + clip(symbol) + "\"");
    }
    BigDecimal last = decimal(f[2], "last", true);
    if (last.signum() <= 0) {
      throw error(lineNumber, "last", "must be greater than 0, found " + f[2]);
    }
    BigDecimal bid = bidColumn < 0 ? null : decimal(f[bidColumn], "bid", false);
    BigDecimal ask = askColumn < 0 ? null : decimal(f[askColumn], "ask", false);
    Long volume = null;
    if (volumeColumn >= 0 && !f[volumeColumn].isEmpty()) {
      if (!INTEGER.matcher(f[volumeColumn]).matches()) {
        throw error(
            lineNumber,
            "volume",
            "must be an integer >= 0 or empty, found \"" + clip(f[volumeColumn]) + "\"");
      }
      volume = Long.parseLong(f[volumeColumn]);
    }
    previousTime = time;
    return new IndexedTick(index++, lineNumber, new Tick(symbol, time, last, bid, ask, volume));
  }

  private String[] split(String line) {
    String[] f = new String[columns];
    int start = 0;
    for (int i = 0; i < columns; i++) {
      int comma = line.indexOf(',', start);
      if (i == columns - 1) {
        if (comma >= 0) {
          throw error(lineNumber, null, "more than the header's " + columns + " columns");
        }
        f[i] = line.substring(start);
      } else {
        if (comma < 0) {
          throw error(
              lineNumber,
              i < REQUIRED.length ? REQUIRED[i + 1] : null,
              (i + 1) + " columns, the header has " + columns);
        }
        f[i] = line.substring(start, comma);
        start = comma + 1;
      }
    }
    return f;
  }

  private BigDecimal decimal(String text, String field, boolean required) {
    if (text.isEmpty() && !required) {
      return null;
    }
    if (!PLAIN_DECIMAL.matcher(text).matches()) {
      throw error(
          lineNumber,
          field,
          "must be a plain decimal such as 101.25"
              + (required ? "" : " or empty")
              + ", found \""
              + clip(text)
              + "\"");
    }
    return new BigDecimal(text);
  }

  private String readLine() {
    try {
      String line = in.readLine();
      if (line != null) {
        lineNumber++;
        if (line.length() > LINE_LENGTH_MAX) {
          throw error(lineNumber, null, "longer than " + LINE_LENGTH_MAX + " characters");
        }
      }
      return line;
    } catch (java.nio.charset.CharacterCodingException e) {
      // decoding runs ahead of the lines handed out, so the exact line is not known
      throw new FormatException(
          fileName, "not UTF-8 text (at or after line " + (lineNumber + 1) + ")", e);
    } catch (IOException e) {
      throw new FormatException(fileName, lineNumber + 1, null, "cannot be read: " + e, e);
    }
  }

  private FormatException error(long line, String field, String reason) {
    return new FormatException(fileName, line, field, reason, null);
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static void closeQuietly(Reader reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // already failing with a better reason
    }
  }
}
