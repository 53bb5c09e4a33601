package com.tradeplan.engine;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.engine.facts.MarketFacts;
import java.math.BigDecimal;
import java.time.LocalDate;
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
 * <p>The ADR (average daily range) is the plain mean of the day ranges ({@code high - low} of every
 * tick of the exchange day) of the symbol's last {@code adrDays} completed exchange days, kept the
 * same way (an exact running sum over a window of at most {@code adrDays}). A day completes when
 * the symbol's first tick of a later exchange day arrives; a day without a tick of the symbol is no
 * day (as a minute without a tick is no bar), and the first day this core sees counts from its
 * first tick here. Null until a day has completed. {@code adrDays} is {@link #ADR_DAYS_DEFAULT}
 * unless set ({@code TRADEPLAN_ADR_DAYS}: 1 to {@link #ADR_DAYS_MAX}; another value stops the
 * platform at start).
 *
 * <p>Bounded: {@link #ATR_BARS} true ranges, {@code adrDays} day ranges and one open bar per
 * symbol, at most {@link #SYMBOLS_MAX} symbols; past it the symbol ticked least recently is
 * forgotten with both windows and starts again empty on its next tick (its ATR is null until a bar
 * completes, its ADR until a day completes).
 */
final class IntradayRanges {
  static final long BAR_SECONDS = 60;
  static final int ATR_BARS = 14;
  static final int SYMBOLS_MAX = 10_000;

  /** Completed exchange days the ADR averages unless configured. */
  public static final int ADR_DAYS_DEFAULT = 5;

  /** Bound on the completed exchange days the ADR may average. */
  public static final int ADR_DAYS_MAX = 20;

  /** The environment variable that sets how many days the ADR averages. */
  public static final String ADR_DAYS_SETTING = "TRADEPLAN_ADR_DAYS";

  private final int adrDays;

  /** The exchange date and time of each tick, converted once per window, not per tick. */
  private final ExchangeClock exchangeClock = new ExchangeClock(MarketFacts.US_EQUITIES);

  private final Map<String, SymbolRange> bySymbol =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SymbolRange> eldest) {
          return size() > SYMBOLS_MAX;
        }
      };

  IntradayRanges() {
    this(ADR_DAYS_DEFAULT);
  }

  /**
   * @throws IllegalArgumentException when {@code adrDays} is not 1 to {@link #ADR_DAYS_MAX}
   */
  IntradayRanges(int adrDays) {
    if (adrDays < 1 || adrDays > ADR_DAYS_MAX) {
      throw new IllegalArgumentException(
          ADR_DAYS_SETTING + " must be 1 to " + ADR_DAYS_MAX + " days, not " + adrDays);
    }
    this.adrDays = adrDays;
  }

  /**
   * The days the ADR averages as {@code setting} says (the value of {@link #ADR_DAYS_SETTING},
   * null: the default).
   *
   * @throws IllegalArgumentException when it is not a whole number from 1 to {@link #ADR_DAYS_MAX}
   */
  static int adrDays(String setting) {
    if (setting == null || setting.isBlank()) {
      return ADR_DAYS_DEFAULT;
    }
    try {
      int days = Integer.parseInt(setting.strip());
      if (days >= 1 && days <= ADR_DAYS_MAX) {
        return days;
      }
    } catch (NumberFormatException e) {
      // answered below with the setting's name
    }
    throw new IllegalArgumentException(
        ADR_DAYS_SETTING
            + " must be a whole number of days from 1 to "
            + ADR_DAYS_MAX
            + ": "
            + setting);
  }

  /**
   * Counts {@code tick} in its symbol's bars and day. Every tick the core sees is counted, woken
   * plans or not; the facts a step sees are read only for the ticks that wake a session ({@link
   * #facts}), so a quiet tick allocates nothing here.
   */
  void record(Tick tick) {
    LocalDate date = exchangeClock.date(tick.time());
    SymbolRange r = bySymbol.get(tick.symbol());
    if (r == null) { // get and put, not computeIfAbsent: no capturing lambda made per tick
      r = new SymbolRange(adrDays);
      bySymbol.put(tick.symbol(), r);
    }
    r.add(date, Math.floorDiv(tick.time().getEpochSecond(), BAR_SECONDS), tick.last());
  }

  /**
   * The facts the step of {@code tick} sees: its exchange time, and its symbol's ranges with this
   * tick counted.
   *
   * @throws IllegalStateException when {@code tick} was not the last {@link #record}ed of its
   *     symbol (a broken invariant of the core)
   */
  MarketFacts facts(Tick tick) {
    SymbolRange r = bySymbol.get(tick.symbol());
    if (r == null || !tick.last().equals(r.close)) {
      throw new IllegalStateException("facts asked for a tick not recorded last: " + tick);
    }
    return new MarketFacts(
        tick.symbol(),
        tick.time(),
        exchangeClock.date(tick.time()),
        exchangeClock.timeOfDay(tick.time()),
        r.atr(),
        r.trueRanges.size(),
        r.dayHigh.subtract(r.dayLow),
        r.adr(),
        r.dayRanges.size());
  }

  /** The last price recorded for {@code symbol}; null when no tick of it was seen. */
  BigDecimal last(String symbol) {
    SymbolRange r = bySymbol.get(symbol);
    return r == null ? null : r.close;
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
    private final int adrDays;
    private final ArrayDeque<BigDecimal> dayRanges;
    private BigDecimal daySum = BigDecimal.ZERO;

    SymbolRange(int adrDays) {
      this.adrDays = adrDays;
      this.dayRanges = new ArrayDeque<>(adrDays + 1);
    }

    void add(LocalDate date, long minute, BigDecimal last) {
      if (!date.equals(day)) {
        if (day != null && date.isAfter(day)) {
          completeDay();
        }
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

    /** The day that ends (a later day's first tick came) joins the ADR's window. */
    private void completeDay() {
      BigDecimal range = dayHigh.subtract(dayLow);
      dayRanges.addLast(range);
      daySum = daySum.add(range);
      if (dayRanges.size() > adrDays) {
        daySum = daySum.subtract(dayRanges.removeFirst());
      }
    }

    BigDecimal adr() {
      return dayRanges.isEmpty()
          ? null
          : daySum.divide(BigDecimal.valueOf(dayRanges.size()), Decimals.MATH);
    }

    BigDecimal atr() {
      return trueRanges.isEmpty()
          ? null
          : sum.divide(BigDecimal.valueOf(trueRanges.size()), Decimals.MATH);
    }
  }
}
