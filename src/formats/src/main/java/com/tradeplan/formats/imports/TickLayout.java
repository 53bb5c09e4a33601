package com.tradeplan.formats.imports;

import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.TextInput;
import com.tradeplan.formats.TickSource;
import com.tradeplan.formats.TicksCsv;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * How a tick file is laid out: TICKS.csv of simulator-io.md, a vendor's trades CSV, or OHLC bars;
 * with the options of the foreign layouts (column names, a fixed symbol, the time zone of local
 * times, the bar length). Every layout may be gzip-compressed ({@link TextInput}).
 *
 * @param format which layout
 * @param columns the column mapping of a foreign layout
 * @param symbol the symbol of every row of a file without a symbol column, or null
 * @param zone the zone of times written without an offset, or null to refuse them
 * @param barLength the length of a bar (bars only)
 */
public record TickLayout(
    Format format, ColumnMap columns, String symbol, ZoneId zone, Duration barLength) {
  /** The layouts. */
  public enum Format {
    TICKS,
    TRADES,
    BARS;

    /**
     * {@code ticks}, {@code trades} or {@code bars}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Format parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("must be ticks, trades or bars: " + text);
      }
    }
  }

  /** The default bar length when none is given. */
  public static final Duration DEFAULT_BAR_LENGTH = Duration.ofMinutes(1);

  /** TICKS.csv, the simulator's own layout. */
  public static final TickLayout TICKS_CSV =
      new TickLayout(Format.TICKS, ColumnMap.byAliases(), null, null, DEFAULT_BAR_LENGTH);

  public TickLayout {
    if (symbol != null && (symbol.isBlank() || !symbol.strip().equals(symbol))) {
      throw new IllegalArgumentException("--symbol must be non-blank without surrounding blanks");
    }
    if (barLength.isNegative() || barLength.isZero()) {
      throw new IllegalArgumentException("--bar-seconds must be > 0");
    }
    if (format == Format.TICKS
        && (symbol != null || zone != null || columns != ColumnMap.byAliases())) {
      throw new IllegalArgumentException(
          "--columns, --symbol and --time-zone are for --ticks-format trades or bars, not TICKS.csv");
    }
  }

  /**
   * Opens {@code file} in this layout. The caller closes it.
   *
   * @throws FormatException when the file cannot be read or its header does not fit the layout
   */
  public TickSource open(Path file) {
    String name = file.toString();
    Reader text = TextInput.open(file);
    try {
      return switch (format) {
        case TICKS -> TicksCsv.open(name, text);
        case TRADES -> new TradesCsv(name, text, columns, symbol, new TimeText(zone));
        case BARS -> new BarsCsv(name, text, columns, symbol, new TimeText(zone), barLength);
      };
    } catch (RuntimeException e) {
      try {
        text.close();
      } catch (IOException ignored) {
        // already failing with the better reason
      }
      throw e;
    }
  }
}
