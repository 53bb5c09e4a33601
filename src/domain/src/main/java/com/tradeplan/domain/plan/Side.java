package com.tradeplan.domain.plan;

import com.tradeplan.domain.order.OrderAction;
import java.math.BigDecimal;

/** The direction of a plan: LONG buys to enter and sells to exit; SHORT the mirror image. */
public enum Side {
  LONG,
  SHORT;

  public OrderAction entryAction() {
    return this == LONG ? OrderAction.BUY : OrderAction.SELL;
  }

  public OrderAction exitAction() {
    return this == LONG ? OrderAction.SELL : OrderAction.BUY;
  }

  /** +1 for LONG, -1 for SHORT: the sign of P&L per unit of price moved up. */
  public int sign() {
    return this == LONG ? 1 : -1;
  }

  /** True when {@code a} is more favourable than {@code b} for this side (higher for LONG). */
  public boolean isBetter(BigDecimal a, BigDecimal b) {
    return sign() * a.compareTo(b) > 0;
  }

  /** True when the price {@code last} has reached a profit level (LONG: at or above it). */
  public boolean reachedProfitLevel(BigDecimal last, BigDecimal level) {
    return sign() * last.compareTo(level) >= 0;
  }

  /** True when {@code last} is at or through a protective level (LONG: at or below it). */
  public boolean reachedStopLevel(BigDecimal last, BigDecimal level) {
    return sign() * last.compareTo(level) <= 0;
  }
}
