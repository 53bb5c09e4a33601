package com.tradeplan.formats.imports;

import com.tradeplan.domain.Decimals;
import com.tradeplan.formats.FormatException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * One foreign CSV file read record by record (RFC 4180 quoting, through commons-csv) with its
 * columns resolved by a {@link ColumnMap}: the field readers the importers share, each naming the
 * file, the line and the file's own column name when a value cannot be used, and the time-order
 * check every tick source owes the simulator.
 *
 * <p>Lines: a record's line is its number plus one (the header is line 1), exact for the usual
 * files whose fields hold no line breaks.
 */
final class ForeignCsv implements AutoCloseable {
  /** A line (or quoted field) longer than this is refused rather than held in memory. */
  static final int LINE_LENGTH_MAX = 4096;

  private static final Pattern INTEGER = Pattern.compile("[0-9]{1,18}");

  private final String fileName;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;
  private final Map<String, Integer> columns;
  private final String fixedSymbol;
  private final TimeText times;
  private Instant previousTime;
  private long previousLine;

  /**
   * Opens the file and resolves its columns.
   *
   * @param fixedSymbol the symbol of every row when the file has no symbol column, else null
   * @throws FormatException when the header cannot be read or lacks a required field
   */
  ForeignCsv(
      String fileName,
      Reader reader,
      ColumnMap map,
      List<String> required,
      List<String> optional,
      String fixedSymbol,
      TimeText times) {
    this.fileName = fileName;
    this.times = times;
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .get();
    try {
      this.parser =
          CSVParser.builder()
              .setReader(new BoundedLineReader(reader, LINE_LENGTH_MAX))
              .setFormat(format)
              .get();
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      close(reader);
      throw new FormatException(
          fileName, 1, null, "the header cannot be read: " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>(parser.getHeaderNames());
    if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
      names.set(0, names.get(0).substring(1));
    }
    this.header = List.copyOf(names);
    List<String> needed = new ArrayList<>(required);
    List<String> maybe = new ArrayList<>(optional);
    if (fixedSymbol != null) {
      needed.remove("symbol");
      maybe.remove("symbol");
    }
    try {
      this.columns = map.resolve(header, needed, maybe);
    } catch (IllegalArgumentException e) {
      close(reader);
      throw new FormatException(fileName, 1, null, e.getMessage(), null);
    }
    if (fixedSymbol != null && hasColumnNamed(ColumnMap.ALIASES.get("symbol"))) {
      close(reader);
      throw new FormatException(
          fileName,
          1,
          null,
          "--symbol is for files without a symbol column, and this one has one",
          null);
    }
    this.fixedSymbol = fixedSymbol;
    this.records = parser.iterator();
  }

  /** The next record, or null at the end of the file. */
  CSVRecord next() {
    try {
      if (!records.hasNext()) {
        return null;
      }
      CSVRecord r = records.next();
      if (!r.isConsistent()) {
        throw error(line(r), null, r.size() + " fields, the header has " + header.size());
      }
      return r;
    } catch (UncheckedIOException | IllegalStateException e) {
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new FormatException(fileName, previousLine + 1, null, "cannot be read: " + why, e);
    }
  }

  long line(CSVRecord r) {
    return r.getRecordNumber() + 1;
  }

  Instant time(CSVRecord r) {
    String text = value(r, "time");
    Instant t;
    try {
      t = times.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(line(r), column("time"), e.getMessage());
    }
    return t;
  }

  /**
   * Checks that {@code time} does not go back; the importers call it once per record (bars: per bar
   * start), never sorting: a file out of order is refused with the line.
   */
  void inOrder(CSVRecord r, Instant time) {
    if (previousTime != null && time.isBefore(previousTime)) {
      throw error(
          line(r),
          column("time"),
          "out of time order: "
              + time
              + " is before the previous row's "
              + previousTime
              + " (sort the file by time first)");
    }
    previousTime = time;
    previousLine = line(r);
  }

  String symbol(CSVRecord r) {
    if (fixedSymbol != null) {
      return fixedSymbol;
    }
    String s = value(r, "symbol");
    if (s.isEmpty()) {
      throw error(line(r), column("symbol"), "must not be empty");
    }
    return s;
  }

  /** A price: a plain decimal > 0. */
  BigDecimal price(CSVRecord r, String field) {
    return decimal(r, field, false);
  }

  /** An optional bid or ask: null when the file has none or the cell is empty, else >= 0. */
  BigDecimal optionalPrice(CSVRecord r, String field) {
    return !columns.containsKey(field) || value(r, field).isEmpty()
        ? null
        : decimal(r, field, true);
  }

  private BigDecimal decimal(CSVRecord r, String field, boolean zeroAllowed) {
    String text = value(r, field);
    BigDecimal p;
    try {
      p = Decimals.parse(text);
    } catch (NumberFormatException e) {
      throw error(
          line(r),
          column(field),
          "as " + field + ": must be a plain decimal such as 101.25, found \"" + clip(text) + "\"");
    }
    if (p.signum() < 0 || (p.signum() == 0 && !zeroAllowed)) {
      throw error(
          line(r),
          column(field),
          "as "
              + field
              + ": must be "
              + (zeroAllowed ? ">= 0" : "greater than 0")
              + ", found "
              + text);
    }
    return p;
  }

  /** The volume: an integer >= 0, or null when the file has no such column or the cell is empty. */
  Long volume(CSVRecord r) {
    if (!columns.containsKey("volume")) {
      return null;
    }
    String text = value(r, "volume");
    if (text.isEmpty()) {
      return null;
    }
    if (!INTEGER.matcher(text).matches()) {
      throw error(
          line(r),
          column("volume"),
          "as volume: must be an integer >= 0, found \"" + clip(text) + "\"");
    }
    return Long.parseLong(text);
  }

  FormatException error(long line, String column, String reason) {
    return new FormatException(fileName, line, column, reason, null);
  }

  /** The file's own name of the column holding {@code field}. */
  String column(String field) {
    Integer i = columns.get(field);
    return i == null ? field : header.get(i);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String value(CSVRecord r, String field) {
    return r.get(columns.get(field));
  }

  private boolean hasColumnNamed(List<String> names) {
    return header.stream()
        .anyMatch(h -> names.stream().anyMatch(n -> n.equalsIgnoreCase(h.strip())));
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static void close(Reader reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // already failing with the better reason
    }
  }
}
