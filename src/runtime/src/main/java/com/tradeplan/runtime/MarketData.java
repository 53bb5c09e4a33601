package com.tradeplan.runtime;

import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * What the trader's side needs from market data: last prices, and a subscription for the symbol of
 * every plan it watches. {@link MarketDataHub} is the implementation; tests give their own. Called
 * on request, lane and ownership threads; must not block.
 */
interface MarketData {
  /** The last price of {@code symbol}, or null before its first tick. */
  BigDecimal lastPrice(String symbol);

  /** Every symbol's last price, a copy. */
  Map<String, BigDecimal> lastPrices();

  /** Subscribes the instrument's symbol unless it is already. */
  void ensureSubscribed(Instrument instrument);

  /** When the last tick of {@code symbol} arrived, or null before the first (or not known). */
  default Instant lastTickAt(String symbol) {
    return null;
  }

  /** Whether {@code symbol} has had no tick for too long while its market is open. */
  default boolean ticksStale(String symbol) {
    return false;
  }
}
