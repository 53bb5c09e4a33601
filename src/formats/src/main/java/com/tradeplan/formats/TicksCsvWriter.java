package com.tradeplan.formats;

import com.tradeplan.domain.market.Tick;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;

/**
 * Writes ticks as TICKS.csv (simulator-io.md) with every column: {@code
 * time,symbol,last,bid,ask,volume}, empty cells where a tick has no bid, ask or volume, decimals as
 * plain text, times as ISO-8601 instants. What it writes, {@link TicksCsv} reads back as the same
 * ticks.
 */
public final class TicksCsvWriter {
  public static final String HEADER = "time,symbol,last,bid,ask,volume";

  private final Writer out;

  /** Writes the header at once. */
  public TicksCsvWriter(Writer out) throws IOException {
    this.out = out;
    out.write(HEADER);
    out.write('\n');
  }

  /**
   * One row.
   *
   * @throws IllegalArgumentException when the symbol holds a comma or a line break (TICKS.csv has
   *     no quoting)
   */
  public void write(Tick tick) throws IOException {
    String symbol = tick.symbol();
    if (symbol.indexOf(',') >= 0 || symbol.indexOf('\n') >= 0 || symbol.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "symbol \"" + symbol + "\" holds a comma or a line break, which TICKS.csv cannot carry");
    }
    out.write(tick.time().toString());
    out.write(',');
    out.write(symbol);
    out.write(',');
    out.write(tick.last().toPlainString());
    out.write(',');
    write(tick.bid());
    out.write(',');
    write(tick.ask());
    out.write(',');
    if (tick.volume() != null) {
      out.write(Long.toString(tick.volume()));
    }
    out.write('\n');
  }

  /** Flushes the writer underneath (the caller closes it). */
  public void flush() throws IOException {
    out.flush();
  }

  private void write(BigDecimal price) throws IOException {
    if (price != null) {
      out.write(price.toPlainString());
    }
  }
}
