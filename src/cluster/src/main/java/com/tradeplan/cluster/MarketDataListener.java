package com.tradeplan.cluster;

/**
 * Market data this member needs: a symbol is needed while a user this member holds has an
 * unfinished plan on it. Called with the demand's lock held, so in order per symbol;
 * implementations hand off (subscribe/unsubscribe asynchronously) and return.
 */
public interface MarketDataListener {
  /** The first plan on {@code symbol} arrived on this member: subscribe. */
  void onSymbolNeeded(String symbol);

  /** The last plan on {@code symbol} left this member or finished: unsubscribe. */
  void onSymbolDropped(String symbol);

  MarketDataListener NONE =
      new MarketDataListener() {
        @Override
        public void onSymbolNeeded(String symbol) {}

        @Override
        public void onSymbolDropped(String symbol) {}
      };
}
