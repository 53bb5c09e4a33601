package com.tradeplan.runtime.bars;

import com.tradeplan.domain.market.Tick;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This member's recent bars: for every symbol it receives ticks for, 1-second and 1-minute OHLC
 * bars of the last price by the tick's time ({@link BarInterval} says how many of each are kept).
 *
 * <p>Fed by {@code MarketDataHub} on the market-data reader thread, beside the last-price cache and
 * before the tick goes to the lanes: it never touches a lane. Per tick: one map look-up and two
 * {@link BarSeries#add}s (no allocation unless a bar completes). Read on request threads ({@code
 * GET /api/market/{symbol}/bars}).
 *
 * <p>In a cluster each member keeps the bars of the symbols it subscribes (those of the plans it
 * runs) and answers reads from what it has; a symbol this member never saw is answered empty
 * (docs/api.md, "Bars").
 *
 * <p>Bounded: at most {@link #SYMBOLS_MAX} symbols. A new symbol past it evicts the symbol whose
 * last tick is the oldest (a scan, only when a new symbol arrives at the bound), whose bars are
 * then gone. Never throws for a valid tick.
 */
public final class RecentBars {
  public static final int SYMBOLS_MAX = 1_000;

  private final int symbolsMax;
  private final Map<String, SymbolBars> bySymbol = new ConcurrentHashMap<>();

  public RecentBars() {
    this(SYMBOLS_MAX);
  }

  RecentBars(int symbolsMax) {
    this.symbolsMax = symbolsMax;
  }

  private static final class SymbolBars {
    final BarSeries seconds = new BarSeries(BarInterval.SECOND);
    final BarSeries minutes = new BarSeries(BarInterval.MINUTE);
    volatile long lastTickNanos;

    BarSeries of(BarInterval interval) {
      return interval == BarInterval.SECOND ? seconds : minutes;
    }
  }

  /** Counts {@code tick} in its symbol's bars. Called by one thread (the reader) at a time. */
  public void record(Tick tick) {
    SymbolBars s = bySymbol.get(tick.symbol());
    if (s == null) {
      s = admit(tick.symbol());
    }
    s.lastTickNanos = System.nanoTime();
    long second = tick.time().getEpochSecond();
    s.seconds.add(second, tick.last());
    s.minutes.add(second, tick.last());
  }

  private SymbolBars admit(String symbol) {
    if (bySymbol.size() >= symbolsMax) {
      String quietest = null;
      long oldest = Long.MAX_VALUE;
      for (Map.Entry<String, SymbolBars> e : bySymbol.entrySet()) {
        long at = e.getValue().lastTickNanos;
        if (quietest == null || at - oldest < 0) {
          quietest = e.getKey();
          oldest = at;
        }
      }
      bySymbol.remove(quietest);
    }
    return bySymbol.computeIfAbsent(symbol, x -> new SymbolBars());
  }

  /**
   * The symbol's bars of {@code interval} whose interval ends after {@code from} (null: every bar
   * kept), oldest first, the open bar last; empty when this member has no bars of the symbol.
   */
  public Optional<List<Bar>> bars(String symbol, BarInterval interval, Instant from) {
    SymbolBars s = bySymbol.get(symbol);
    return s == null ? Optional.empty() : Optional.of(s.of(interval).since(from));
  }

  /** Symbols with bars here. */
  public int symbols() {
    return bySymbol.size();
  }
}
