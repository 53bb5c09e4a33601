package com.tradeplan.formats.imports;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.TickSource;
import java.io.Reader;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVRecord;

/**
 * A timestamped trades (or quotes) CSV in a vendor's layout, one tick per row: columns in any order
 * and under other names ({@link ColumnMap}), quoted fields, extra columns ignored, times in the
 * forms of {@link TimeText}, a fixed symbol for single-instrument files. Rows must be in time
 * order, as in TICKS.csv.
 */
public final class TradesCsv implements TickSource {
  private static final List<String> REQUIRED = List.of("time", "symbol", "last");
  private static final List<String> OPTIONAL = List.of("bid", "ask", "volume");

  private final ForeignCsv csv;
  private long index;
  private IndexedTick next;
  private boolean finished;

  TradesCsv(String fileName, Reader reader, ColumnMap map, String fixedSymbol, TimeText times) {
    this.csv = new ForeignCsv(fileName, reader, map, REQUIRED, OPTIONAL, fixedSymbol, times);
  }

  @Override
  public boolean hasNext() {
    if (next == null && !finished) {
      next = read();
      finished = next == null;
    }
    return next != null;
  }

  @Override
  public IndexedTick next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more ticks");
    }
    IndexedTick t = next;
    next = null;
    return t;
  }

  @Override
  public void close() {
    csv.close();
  }

  private IndexedTick read() {
    CSVRecord r = csv.next();
    if (r == null) {
      return null;
    }
    Instant time = csv.time(r);
    csv.inOrder(r, time);
    Tick tick =
        new Tick(
            csv.symbol(r),
            time,
            csv.price(r, "last"),
            csv.optionalPrice(r, "bid"),
            csv.optionalPrice(r, "ask"),
            csv.volume(r));
    return new IndexedTick(index++, csv.line(r), tick);
  }
}
