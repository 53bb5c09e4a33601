package com.tradeplan.broker.risk;

import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;

/** The tests' builder of one layer's {@link RiskLimits}: unset fields stay null. */
final class Limits {
  Long maxOrderQuantity;
  BigDecimal maxOrderNotional;
  Long maxPositionPerSymbol;
  Long maxPositionTotal;
  BigDecimal maxOpenNotional;
  Integer ordersPerSecond;
  Integer orderBurst;
  Integer platformOrdersPerSecond;
  BigDecimal priceCollarPercent;
  Integer priceCollarTicks;
  BigDecimal maxDailyLoss;
  Long stopLossCooldownSeconds;
  Long entryStaggerMillis;
  Integer maxOpenPlans;

  static Limits none() {
    return new Limits();
  }

  Limits maxOrderQuantity(long v) {
    maxOrderQuantity = v;
    return this;
  }

  Limits maxOrderNotional(String v) {
    maxOrderNotional = new BigDecimal(v);
    return this;
  }

  Limits maxPositionPerSymbol(long v) {
    maxPositionPerSymbol = v;
    return this;
  }

  Limits maxPositionTotal(long v) {
    maxPositionTotal = v;
    return this;
  }

  Limits maxOpenNotional(String v) {
    maxOpenNotional = new BigDecimal(v);
    return this;
  }

  Limits ordersPerSecond(int rate, int burst) {
    ordersPerSecond = rate;
    orderBurst = burst;
    return this;
  }

  Limits platformOrdersPerSecond(int v) {
    platformOrdersPerSecond = v;
    return this;
  }

  Limits priceCollarPercent(String v) {
    priceCollarPercent = new BigDecimal(v);
    return this;
  }

  Limits priceCollarTicks(int v) {
    priceCollarTicks = v;
    return this;
  }

  Limits maxDailyLoss(String v) {
    maxDailyLoss = new BigDecimal(v);
    return this;
  }

  Limits stopLossCooldownSeconds(long v) {
    stopLossCooldownSeconds = v;
    return this;
  }

  Limits entryStaggerMillis(long v) {
    entryStaggerMillis = v;
    return this;
  }

  RiskLimits build() {
    return new RiskLimits(
        maxOrderQuantity,
        maxOrderNotional,
        maxPositionPerSymbol,
        maxPositionTotal,
        maxOpenNotional,
        ordersPerSecond,
        orderBurst,
        platformOrdersPerSecond,
        priceCollarPercent,
        priceCollarTicks,
        maxDailyLoss,
        stopLossCooldownSeconds,
        entryStaggerMillis,
        maxOpenPlans);
  }
}
