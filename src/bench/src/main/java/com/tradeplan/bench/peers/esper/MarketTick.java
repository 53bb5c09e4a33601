package com.tradeplan.bench.peers.esper;

import java.math.BigDecimal;

/** A tick as an Esper event: bean getters are how Esper reads a Java event's properties. */
public final class MarketTick {
  private final String symbol;
  private final BigDecimal last;
  private final long millis;

  public MarketTick(String symbol, BigDecimal last, long millis) {
    this.symbol = symbol;
    this.last = last;
    this.millis = millis;
  }

  public String getSymbol() {
    return symbol;
  }

  public BigDecimal getLast() {
    return last;
  }

  public long getMillis() {
    return millis;
  }
}
