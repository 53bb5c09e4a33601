package com.tradeplan.broker.risk;

import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.risk.PriceBandTier;
import com.tradeplan.domain.risk.PriceTiers;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The checks of one entry against one holder's figures, as pure functions: each answers null when
 * the entry fits, or the refusal's reason naming the limit, its value, whose limit it is and the
 * figure that broke it. Stateless; {@link EntryLimits} reads the figures under its lock and calls
 * these.
 */
final class EntryChecks {
  private static final MathContext MONEY = MathContext.DECIMAL128;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private EntryChecks() {}

  /** The order's limits hold every layer's (tightest wins), so they say whether a price is read. */
  static boolean needsLast(RiskLimits order) {
    return order.maxOrderNotional() != null
        || order.maxOpenNotional() != null
        || order.priceCollarPercent() != null
        || order.priceCollarTicks() != null
        || order.priceTiers() != null;
  }

  /** Every entry of a user whose figures are not rebuilt is refused (fail closed). */
  static String figuresIncomplete(String owner, String why) {
    return "risk figures of user "
        + owner
        + " not rebuilt since this server took the user over ("
        + why
        + "): entries are refused until they are; exits pass";
  }

  static String orderQuantity(Long max, long quantity) {
    if (max == null || quantity <= max) {
      return null;
    }
    return "entry quantity "
        + quantity
        + " exceeds the maximum of "
        + max
        + " per order (maximum order quantity)";
  }

  static String orderNotional(BigDecimal max, BigDecimal notional, String symbol) {
    if (max == null || notional.compareTo(max) <= 0) {
      return null;
    }
    return "maximum order notional "
        + max.toPlainString()
        + " exceeded: this entry on "
        + symbol
        + " is worth "
        + notional.toPlainString();
  }

  /**
   * The price collar: a priced entry (limit or stop price) at most {@code percent} % and {@code
   * ticks} ticks from the last price.
   */
  static String priceCollar(
      BigDecimal percent,
      Integer ticks,
      BigDecimal entryPrice,
      BigDecimal last,
      BigDecimal tickSize,
      String symbol) {
    if (entryPrice == null || (percent == null && ticks == null)) {
      return null;
    }
    if (last == null) {
      return "price collar on "
          + symbol
          + ": no last price known to compare the entry price "
          + entryPrice.toPlainString()
          + " with";
    }
    BigDecimal distance = entryPrice.subtract(last).abs();
    if (percent != null) {
      BigDecimal away = distance.multiply(HUNDRED).divide(last, 4, RoundingMode.HALF_UP);
      if (away.compareTo(percent) > 0) {
        return "price collar "
            + percent.toPlainString()
            + "% exceeded: entry price "
            + entryPrice.toPlainString()
            + " is "
            + away.stripTrailingZeros().toPlainString()
            + "% from the last price "
            + last.toPlainString()
            + " of "
            + symbol;
      }
    }
    if (ticks != null && tickSize != null && tickSize.signum() > 0) {
      BigDecimal awayTicks = distance.divide(tickSize, MONEY);
      if (awayTicks.compareTo(BigDecimal.valueOf(ticks)) > 0) {
        return "price collar "
            + ticks
            + " ticks exceeded: entry price "
            + entryPrice.toPlainString()
            + " is "
            + awayTicks.stripTrailingZeros().toPlainString()
            + " ticks from the last price "
            + last.toPlainString()
            + " of "
            + symbol;
      }
    }
    return null;
  }

  static String dailyLoss(BigDecimal max, BigDecimal realizedToday, Exposure holder) {
    if (max == null || realizedToday.negate().compareTo(max) < 0) {
      return null;
    }
    return "maximum daily loss "
        + max.toPlainString()
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " reached (realized P&L today "
        + realizedToday.stripTrailingZeros().toPlainString()
        + "): no new entries until the next trading day";
  }

  static String cumulativeLoss(BigDecimal max, BigDecimal realized, Exposure holder) {
    if (max == null || realized.negate().compareTo(max) < 0) {
      return null;
    }
    return "maximum cumulative loss "
        + max.toPlainString()
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " reached (realized P&L over every recorded trade "
        + realized.stripTrailingZeros().toPlainString()
        + "): no new entries until an operator raises or removes the limit";
  }

  static String cooldown(
      Long seconds, Exposure.Symbol s, long nowMillis, String symbol, Exposure holder) {
    if (seconds == null || s == null || s.stoppedOutMillis == Long.MIN_VALUE) {
      return null;
    }
    long since = nowMillis - s.stoppedOutMillis;
    if (since >= seconds * 1000) {
      return null;
    }
    return "stop-loss cooldown "
        + seconds
        + " s on "
        + symbol
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " (stopped out "
        + since / 1000
        + " s ago)";
  }

  static String stagger(
      Long millis, Exposure.Symbol s, long nowMillis, String symbol, Exposure holder) {
    if (millis == null || s == null || s.lastEntryMillis == Long.MIN_VALUE) {
      return null;
    }
    long since = nowMillis - s.lastEntryMillis;
    if (since >= millis) {
      return null;
    }
    return "entry stagger "
        + millis
        + " ms on "
        + symbol
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " (previous entry "
        + since
        + " ms ago)";
  }

  /** Open position plus working entries on the entry's side plus the entry, in absolute shares. */
  static String positionPerSymbol(
      Long max, Exposure holder, String symbol, boolean buy, long quantity) {
    if (max == null) {
      return null;
    }
    Exposure.Symbol s = holder.symbol(symbol);
    long position = s == null ? 0 : s.position;
    long working = s == null ? 0 : (buy ? s.workingBuy : s.workingSell);
    long projected = Math.abs(buy ? position + working + quantity : position - working - quantity);
    if (projected <= max) {
      return null;
    }
    return "maximum position per symbol "
        + max
        + " on "
        + symbol
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " exceeded (position "
        + position
        + ", working entries "
        + (buy ? "+" : "-")
        + working
        + ", this entry "
        + (buy ? "+" : "-")
        + quantity
        + ": "
        + projected
        + " shares)";
  }

  static String positionTotal(Long max, Exposure holder, long quantity) {
    if (max == null) {
      return null;
    }
    long projected = holder.positionsTotal + holder.workingTotal + quantity;
    if (projected <= max) {
      return null;
    }
    return "maximum total position "
        + max
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " exceeded (positions "
        + holder.positionsTotal
        + " + working entries "
        + holder.workingTotal
        + " + this entry "
        + quantity
        + " = "
        + projected
        + " shares)";
  }

  static String openNotional(BigDecimal max, Exposure holder, BigDecimal notional) {
    if (max == null) {
      return null;
    }
    BigDecimal projected =
        MoneySums.add(MoneySums.add(holder.positionsNotional, holder.workingNotional), notional);
    if (projected.compareTo(max) <= 0) {
      return null;
    }
    return "maximum open notional "
        + max.toPlainString()
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " exceeded (positions "
        + holder.positionsNotional.stripTrailingZeros().toPlainString()
        + " + working entries "
        + holder.workingNotional.stripTrailingZeros().toPlainString()
        + " + this entry "
        + notional.stripTrailingZeros().toPlainString()
        + " = "
        + projected.stripTrailingZeros().toPlainString()
        + ")";
  }

  /** Position per symbol, in total, and open notional of one holder. */
  static String exposure(
      RiskLimits limits,
      Exposure holder,
      String symbol,
      boolean buy,
      long quantity,
      BigDecimal notional) {
    String refusal =
        positionPerSymbol(limits.maxPositionPerSymbol(), holder, symbol, buy, quantity);
    if (refusal == null) {
      refusal = positionTotal(limits.maxPositionTotal(), holder, quantity);
    }
    if (refusal == null && notional != null) {
      refusal = openNotional(limits.maxOpenNotional(), holder, notional);
    }
    return refusal;
  }

  /**
   * The tier of the entry's price band ({@link PriceTiers}): at most its shares and its value. The
   * band is found at the entry's unit price (its limit or stop price, else the last price).
   */
  static String priceTier(PriceTiers tiers, BigDecimal unitPrice, long quantity, String symbol) {
    PriceBandTier band = tiers == null ? null : tiers.at(unitPrice);
    PriceBandTier.Breach breach = band == null ? null : band.breach(quantity, unitPrice, symbol);
    return breach == null ? null : breach.reason();
  }

  /** Why a working entry is cancelled after a fill brought its holder's position to the maximum. */
  static String reachedByFill(long max, Exposure holder, String symbol, Fill fill, long position) {
    return "maximum position per symbol "
        + max
        + " on "
        + symbol
        + " for "
        + holder.kind
        + " "
        + holder.name
        + " reached by execution "
        + fill.executionId()
        + " (position "
        + position
        + "): working entry cancelled";
  }
}
