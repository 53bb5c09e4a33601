package com.tradeplan.gateway;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.commission.CommissionModel;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How the simulated exchange fills a working order on a tick of its symbol: at what price (market
 * at the last price; a limit when the last price allows it; a stop once the last price reaches it,
 * then as a market or limit order), how much (the remainder, at most {@code maxFillPerTick}), what
 * the fill costs (the {@link CommissionModel} of the order's account, {@link
 * GatewayConfig#commissionOf}, charged per order: each fill pays what it adds to its order's
 * commission, so 100 shares in three fills pay $1.00, $0, $0 under IB fixed) and what a whatIf
 * order would cost. Only the order it is given changes (its stop trigger and fill fields); not
 * thread-safe: called under the exchange's lock.
 */
final class FillModel {
  private static final BigDecimal MARGIN_RATE = new BigDecimal("0.25");
  private static final BigDecimal WHAT_IF_EQUITY = new BigDecimal("1000000.00");

  private final GatewayConfig config;

  FillModel(GatewayConfig config) {
    this.config = config;
  }

  /** The price the order fills at on this tick, or null when it does not fill. */
  BigDecimal fillPrice(SimOrder o, BigDecimal last) {
    boolean buy = o.buy();
    switch (o.orderType) {
      case "MKT" -> {
        return last;
      }
      case "LMT" -> {
        return limitAllows(buy, o.lmtPrice, last) ? last : null;
      }
      case "STP", "STP LMT" -> {
        if (!o.stopTriggered) {
          boolean hit = buy ? last.compareTo(o.auxPrice) >= 0 : last.compareTo(o.auxPrice) <= 0;
          if (!hit) {
            return null;
          }
          o.stopTriggered = true;
        }
        if ("STP".equals(o.orderType)) {
          return last;
        }
        return limitAllows(buy, o.lmtPrice, last) ? last : null;
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean limitAllows(boolean buy, BigDecimal limit, BigDecimal last) {
    return buy ? last.compareTo(limit) <= 0 : last.compareTo(limit) >= 0;
  }

  /** How much of the order one tick fills: its remainder, at most {@code maxFillPerTick}. */
  BigDecimal fillQuantity(SimOrder o) {
    BigDecimal qty = o.remaining();
    if (config.maxFillPerTick.signum() > 0 && qty.compareTo(config.maxFillPerTick) > 0) {
      qty = config.maxFillPerTick;
    }
    return qty;
  }

  /**
   * Adds a fill to the order (filled quantity, average and last price, Filled when nothing remains)
   * and returns the commission this fill is charged.
   */
  BigDecimal fill(SimOrder o, BigDecimal qty, BigDecimal price) {
    BigDecimal before = o.filled;
    BigDecimal valueBefore = o.tradeValue;
    o.filled = o.filled.add(qty);
    o.tradeValue = o.tradeValue.add(price.multiply(qty), Decimals.MATH);
    o.avgFillPrice = o.tradeValue.divide(o.filled, Decimals.MATH).stripTrailingZeros();
    o.lastFillPrice = price;
    o.status = o.remaining().signum() == 0 ? "Filled" : "Submitted";
    return config
        .commissionOf(o.account)
        .fillCommission(before, valueBefore, qty, price)
        .stripTrailingZeros();
  }

  /**
   * The margin answer to a whatIf order (docs/ib.md, "What-if checks"): margin is a flat 25% of the
   * absolute position's value at the order's limit price, else the symbol's last price ({@code
   * last}, null before the first tick: the random walk's start). Before is the account's position
   * in the symbol ({@code positionBefore}, signed), after is that position moved by the order: an
   * exit that reduces a position frees margin (a negative change). Equity with loan is 1,000,000
   * before, less the commission after.
   */
  WhatIf whatIf(SimOrder o, BigDecimal last, BigDecimal positionBefore) {
    BigDecimal price =
        o.lmtPrice != null ? o.lmtPrice : last != null ? last : config.randomWalkStart;
    BigDecimal after =
        o.buy() ? positionBefore.add(o.totalQuantity) : positionBefore.subtract(o.totalQuantity);
    BigDecimal before = margin(positionBefore, price);
    BigDecimal init = margin(after, price);
    BigDecimal maint = init;
    BigDecimal notional = price.multiply(o.totalQuantity);
    BigDecimal commission =
        config
            .commissionOf(o.account)
            .orderCommission(o.totalQuantity, notional)
            .stripTrailingZeros();
    return new WhatIf(
        before,
        before,
        WHAT_IF_EQUITY,
        init.subtract(before),
        maint.subtract(before),
        commission.negate(),
        init,
        maint,
        WHAT_IF_EQUITY.subtract(commission),
        commission,
        commission,
        commission);
  }

  private static BigDecimal margin(BigDecimal position, BigDecimal price) {
    return position.abs().multiply(price).multiply(MARGIN_RATE).setScale(2, RoundingMode.HALF_EVEN);
  }
}
