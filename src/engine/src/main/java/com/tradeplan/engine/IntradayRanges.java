package com.tradeplan.engine;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.engine.facts.MarketFacts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-symbol intraday ATR on a rolling window, fed from the ticks an engine core already sees
 * (docs/rules.md, "Facts for strategies"). One instance per {@link EngineCore}, written by its
 * thread only.
 *
 * <p>Bars are one minute of exchange time ({@link #BAR_SECONDS}, aligned to the minute); a minute
 * without a tick makes no bar. When a tick opens a new minute, the bar before it completes and its
 * true range is {@code max(high, previous close) - min(low, previous close)} (the first bar of the
 * day: {@code high - low}). The ATR is the plain mean of the last {@link #ATR_BARS} completed true
 * ranges, kept as an exact running sum (add the new, subtract the one that leaves), divided with
 * {@link Decimals#MATH}. Intraday: a new exchange day (America/New_York) starts an empty window, so
 * the overnight gap never counts. Ticks that arrive with an earlier time than their symbol's bar
 * count in the current bar.
 *
 * <p>Bounded: {@link #ATR_BARS} true ranges and one open bar per symbol, at most {@link
 * #SYMBOLS_MAX} symbols; past it the symbol ticked least recently is forgotten and starts again
 * with an empty window on its next tick (its ATR is null until a bar completes).
 */
final class IntradayRanges {
  static final long BAR_SECONDS = 60;
  static final int ATR_BARS = 14;
  static final int SYMBOLS_MAX = 10_000;

  private final Map<String, SymbolRange> bySymbol =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SymbolRange> eldest) {
          return size() > SYMBOLS_MAX;
        }
      };

  /** Counts {@code tick} and returns the facts its step sees (this tick in the day range). */
  MarketFacts record(Tick tick) {
    ZonedDateTime local = tick.time().atZone(MarketFacts.US_EQUITIES);
    SymbolRange r = bySymbol.computeIfAbsent(tick.symbol(), s -> new SymbolRange());
    r.add(
        local.toLocalDate(), Math.floorDiv(tick.time().getEpochSecond(), BAR_SECONDS), tick.last());
    return new MarketFacts(
        tick.symbol(),
        tick.time(),
        local.toLocalDate(),
        local.toLocalTime(),
        r.atr(),
        r.trueRanges.size(),
        r.dayHigh.subtract(r.dayLow));
  }

  int symbols() {
    return bySymbol.size();
  }

  /** One symbol's day: the open bar and the last completed true ranges. */
  private static final class SymbolRange {
    private LocalDate day;
    private long bar;
    private BigDecimal high;
    private BigDecimal low;
    private BigDecimal close;
    private BigDecimal previousClose;
    private BigDecimal dayHigh;
    private BigDecimal dayLow;
    private final ArrayDeque<BigDecimal> trueRanges = new ArrayDeque<>(ATR_BARS);
    private BigDecimal sum = BigDecimal.ZERO;

    void add(LocalDate date, long minute, BigDecimal last) {
      if (!date.equals(day)) {
        day = date;
        trueRanges.clear();
        sum = BigDecimal.ZERO;
        previousClose = null;
        open(minute, last);
        dayHigh = last;
        dayLow = last;
        return;
      }
      if (minute > bar) {
        complete();
        open(minute, last);
      } else {
        high = high.max(last);
        low = low.min(last);
        close = last;
      }
      dayHigh = dayHigh.max(last);
      dayLow = dayLow.min(last);
    }

    private void open(long minute, BigDecimal last) {
      bar = minute;
      high = last;
      low = last;
      close = last;
    }

    private void complete() {
      BigDecimal top = previousClose == null ? high : high.max(previousClose);
      BigDecimal bottom = previousClose == null ? low : low.min(previousClose);
      BigDecimal range = top.subtract(bottom);
      trueRanges.addLast(range);
      sum = sum.add(range);
      if (trueRanges.size() > ATR_BARS) {
        sum = sum.subtract(trueRanges.removeFirst());
      }
      previousClose = close;
    }

    BigDecimal atr() {
      return trueRanges.isEmpty()
          ? null
          : sum.divide(BigDecimal.valueOf(trueRanges.size()), Decimals.MATH);
    }
  }
}
