package com.tradeplan.formats.imports;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.TickSource;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVRecord;

/**
 * OHLC bars turned into ticks by one fixed path through each bar, so that the same file always
 * gives the same ticks and the same simulation.
 *
 * <p>The path: a bar that closes at or above its open goes open, low, high, close; a bar that
 * closes below its open goes open, high, low, close (the usual assumption that a bar's nearer
 * extreme came first is not knowable from a bar; this one is fixed and documented in
 * docs/simulator.md). The four points are at the bar's start and at a quarter, a half and three
 * quarters of its length; a point at the price of the point before it is left out (a flat bar is
 * one tick). The bar's volume goes on its close tick.
 *
 * <p>Several symbols' bars of the same start time are walked side by side (every bar's first point,
 * then every bar's second, ...) so that the ticks stay in time order; at most {@link
 * #BARS_PER_TIME_MAX} bars may share a start time (the group is held in memory), more is refused.
 * Bar starts must not go back; a bar whose high or low does not contain its open and close is
 * refused with its line and column.
 */
public final class BarsCsv implements TickSource {
  /** The most bars one start time may hold (one per symbol, in practice). */
  public static final int BARS_PER_TIME_MAX = 10_000;

  private static final List<String> REQUIRED =
      List.of("time", "symbol", "open", "high", "low", "close");
  private static final List<String> OPTIONAL = List.of("volume");

  private record Bar(long line, String symbol, Instant start, List<BigDecimal> path, Long volume) {}

  private final ForeignCsv csv;
  private final Duration length;
  private final ArrayDeque<IndexedTick> pending = new ArrayDeque<>();
  private CSVRecord lookahead;
  private boolean finished;
  private long index;

  BarsCsv(
      String fileName,
      Reader reader,
      ColumnMap map,
      String fixedSymbol,
      TimeText times,
      Duration length) {
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("the bar length must be > 0: " + length);
    }
    this.length = length;
    this.csv = new ForeignCsv(fileName, reader, map, REQUIRED, OPTIONAL, fixedSymbol, times);
  }

  @Override
  public boolean hasNext() {
    if (pending.isEmpty() && !finished) {
      readGroup();
    }
    return !pending.isEmpty();
  }

  @Override
  public IndexedTick next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more ticks");
    }
    return pending.poll();
  }

  @Override
  public void close() {
    csv.close();
  }

  /** Reads every bar of the next start time and queues their ticks in time order. */
  private void readGroup() {
    CSVRecord first = lookahead != null ? lookahead : csv.next();
    lookahead = null;
    if (first == null) {
      finished = true;
      return;
    }
    List<Bar> group = new ArrayList<>();
    group.add(bar(first));
    Instant start = group.get(0).start();
    for (CSVRecord r = csv.next(); r != null; r = csv.next()) {
      Instant t = csv.time(r);
      if (!t.equals(start)) {
        lookahead = r;
        break;
      }
      if (group.size() == BARS_PER_TIME_MAX) {
        throw csv.error(
            csv.line(r),
            csv.column("time"),
            "more than " + BARS_PER_TIME_MAX + " bars start at " + start);
      }
      group.add(bar(r));
    }
    for (int step = 0; step < 4; step++) {
      Instant at = start.plus(length.multipliedBy(step).dividedBy(4));
      for (Bar b : group) {
        BigDecimal price = b.path().get(step);
        if (price != null) {
          Long volume = lastPoint(b.path(), step) ? b.volume() : null;
          pending.add(
              new IndexedTick(
                  index++, b.line(), new Tick(b.symbol(), at, price, null, null, volume)));
        }
      }
    }
  }

  /** True when no later point of the path is left: the close was left out as a repeat. */
  private static boolean lastPoint(List<BigDecimal> path, int step) {
    for (int i = step + 1; i < path.size(); i++) {
      if (path.get(i) != null) {
        return false;
      }
    }
    return true;
  }

  private Bar bar(CSVRecord r) {
    Instant start = csv.time(r);
    csv.inOrder(r, start);
    BigDecimal open = csv.price(r, "open");
    BigDecimal high = csv.price(r, "high");
    BigDecimal low = csv.price(r, "low");
    BigDecimal close = csv.price(r, "close");
    if (high.compareTo(open.max(close)) < 0) {
      throw csv.error(
          csv.line(r), csv.column("high"), "as high: " + high + " is below the open or the close");
    }
    if (low.compareTo(open.min(close)) > 0) {
      throw csv.error(
          csv.line(r), csv.column("low"), "as low: " + low + " is above the open or the close");
    }
    List<BigDecimal> walk =
        close.compareTo(open) >= 0
            ? List.of(open, low, high, close)
            : List.of(open, high, low, close);
    List<BigDecimal> path = new ArrayList<>(4);
    BigDecimal before = null;
    for (BigDecimal p : walk) {
      path.add(before != null && p.compareTo(before) == 0 ? null : p);
      before = p;
    }
    return new Bar(csv.line(r), csv.symbol(r), start, path, csv.volume(r));
  }
}
