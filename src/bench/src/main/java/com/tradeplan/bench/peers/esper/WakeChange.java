package com.tradeplan.bench.peers.esper;

import com.tradeplan.bench.peers.plain.PlainPlan;
import java.math.BigDecimal;

/**
 * A plan's new wake levels as an Esper event: the on-merge statements move its rows in the wake
 * tables (a null level, a null expiry or {@code always} false removes the row). Bean getters for
 * Esper.
 */
public final class WakeChange {
  private final long planNo;
  private final String symbol;
  private final BigDecimal low;
  private final BigDecimal high;
  private final Long expiresMillis;
  private final boolean always;
  private final PlainPlan plan;

  public WakeChange(
      long planNo,
      String symbol,
      BigDecimal low,
      BigDecimal high,
      Long expiresMillis,
      boolean always,
      PlainPlan plan) {
    this.planNo = planNo;
    this.symbol = symbol;
    this.low = low;
    this.high = high;
    this.expiresMillis = expiresMillis;
    this.always = always;
    this.plan = plan;
  }

  public long getPlanNo() {
    return planNo;
  }

  public String getSymbol() {
    return symbol;
  }

  public BigDecimal getLow() {
    return low;
  }

  public BigDecimal getHigh() {
    return high;
  }

  public Long getExpiresMillis() {
    return expiresMillis;
  }

  public boolean isAlways() {
    return always;
  }

  public PlainPlan getPlan() {
    return plan;
  }
}
