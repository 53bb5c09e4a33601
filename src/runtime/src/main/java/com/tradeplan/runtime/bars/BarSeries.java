package com.tradeplan.runtime.bars;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One symbol's bars of one {@link BarInterval}: a ring of completed bars and the open bar as plain
 * fields, so that a tick inside the open bar costs a few comparisons and no allocation; a tick that
 * opens a new bar stores the completed one (one {@link Bar}) and, with the ring full, overwrites
 * the oldest.
 *
 * <p>A tick whose time is before the open bar's start (clocks a little out of order) counts in the
 * open bar, never in a completed one: completed bars never change. Thread-safe: {@link #add} runs
 * on the market-data reader thread, {@link #since} on request threads; both hold this series' lock
 * for a few field writes or one copy of at most {@link BarInterval#barsMax} + 1 bars.
 */
final class BarSeries {
  private final long barSeconds;
  private final Bar[] ring;
  private int first;
  private int size;

  private long openStartSecond = Long.MIN_VALUE;
  private BigDecimal open;
  private BigDecimal high;
  private BigDecimal low;
  private BigDecimal close;
  private int ticks;

  BarSeries(BarInterval interval) {
    this.barSeconds = interval.seconds();
    this.ring = new Bar[interval.barsMax()];
  }

  synchronized void add(long epochSecond, BigDecimal last) {
    long start = Math.floorDiv(epochSecond, barSeconds) * barSeconds;
    if (ticks == 0) {
      openAt(start, last);
      return;
    }
    if (start > openStartSecond) {
      complete();
      openAt(start, last);
      return;
    }
    if (last.compareTo(high) > 0) {
      high = last;
    }
    if (last.compareTo(low) < 0) {
      low = last;
    }
    close = last;
    ticks++;
  }

  private void openAt(long start, BigDecimal last) {
    openStartSecond = start;
    open = last;
    high = last;
    low = last;
    close = last;
    ticks = 1;
  }

  private void complete() {
    Bar done = openBar();
    if (size < ring.length) {
      ring[(first + size) % ring.length] = done;
      size++;
    } else {
      ring[first] = done;
      first = (first + 1) % ring.length;
    }
  }

  private Bar openBar() {
    return new Bar(Instant.ofEpochSecond(openStartSecond), open, high, low, close, ticks);
  }

  /**
   * The bars whose interval ends after {@code from} (null: all kept), oldest first, the open bar
   * last; at most {@link BarInterval#barsMax} + 1.
   */
  synchronized List<Bar> since(Instant from) {
    List<Bar> out = new ArrayList<>(size + 1);
    long fromSecond = from == null ? Long.MIN_VALUE : from.getEpochSecond();
    for (int i = 0; i < size; i++) {
      Bar b = ring[(first + i) % ring.length];
      if (b.start().getEpochSecond() + barSeconds > fromSecond) {
        out.add(b);
      }
    }
    if (ticks > 0 && openStartSecond + barSeconds > fromSecond) {
      out.add(openBar());
    }
    return out;
  }
}
