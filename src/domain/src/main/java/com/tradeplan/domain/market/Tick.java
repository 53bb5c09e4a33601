package com.tradeplan.domain.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One market data update: the last trade price, and optionally the quote and volume. */
public record Tick(
    String symbol, Instant time, BigDecimal last, BigDecimal bid, BigDecimal ask, Long volume) {
  public Tick {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(last, "last");
    if (last.signum() <= 0) {
      throw new IllegalArgumentException("last must be > 0: " + last);
    }
    if (bid != null && bid.signum() < 0 || ask != null && ask.signum() < 0) {
      throw new IllegalArgumentException("bid/ask must be >= 0");
    }
    if (volume != null && volume < 0) {
      throw new IllegalArgumentException("volume must be >= 0: " + volume);
    }
  }

  public static Tick of(String symbol, Instant time, BigDecimal last) {
    return new Tick(symbol, time, last, null, null, null);
  }

  /** The quoted spread, or null when the tick carries no quote. */
  public BigDecimal spread() {
    return bid == null || ask == null ? null : ask.subtract(bid);
  }
}
