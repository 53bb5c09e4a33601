package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The IB contract a plan trades: symbol plus security type, exchange and currency (defaults STK,
 * SMART, USD) and the tick size every price of the plan must sit on (default 0.01).
 */
public record Instrument(
    String symbol, String secType, String exchange, String currency, BigDecimal tickSize) {
  public static final BigDecimal DEFAULT_TICK_SIZE = new BigDecimal("0.01");

  public Instrument {
    Objects.requireNonNull(symbol, "symbol");
    secType = secType == null ? "STK" : secType;
    exchange = exchange == null ? "SMART" : exchange;
    currency = currency == null ? "USD" : currency;
    tickSize = tickSize == null ? DEFAULT_TICK_SIZE : tickSize;
    if (tickSize.signum() <= 0) {
      throw new IllegalArgumentException("tickSize must be > 0: " + tickSize);
    }
  }

  /** The same contract on the grid of {@code tick} (the exchange's minimum tick). */
  public Instrument withTickSize(BigDecimal tick) {
    return new Instrument(symbol, secType, exchange, currency, tick);
  }

  public static Instrument stock(String symbol) {
    return new Instrument(symbol, null, null, null, null);
  }
}
