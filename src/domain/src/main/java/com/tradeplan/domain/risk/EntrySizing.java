package com.tradeplan.domain.risk;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sizes an entry from an amount at risk (issue 14, point 2, "tier-based sizing by price band and
 * fees counted in sizing"; docs/risk.md, "Sizing"): the most whole shares such that the loss down
 * to the first stop <b>plus the round trip's commissions</b> (the entry at its price, the exit at
 * the stop, each one order under the account's {@link CommissionModel}) is at most the amount,
 * capped by the price band's tier and by every order and position limit that holds. The answer
 * names the cap that bound it.
 *
 * <p>Pure arithmetic, {@link BigDecimal} only. The loss plus commissions grows with the quantity
 * (every commission model is non-decreasing in shares and value), so the largest quantity that fits
 * is found by bisection: at most ~31 commission evaluations whatever the amount.
 */
public final class EntrySizing {
  /** The most shares a sizing answers (the bisection's upper end; far above any limit). */
  public static final long SHARES_MAX = 1_000_000_000L;

  /** The limit name of the amount at risk, when it is what bound the quantity. */
  public static final String AMOUNT_AT_RISK = "amountAtRisk";

  /**
   * What the limit names of the limits the trader intends for the plan start with ({@code
   * plan.maxOrderQuantity}, {@code plan.priceTiers.maxShares}, ...), so the answer says a plan's
   * limit bound it, not a standing layer's.
   */
  public static final String PLAN_PREFIX = "plan.";

  private EntrySizing() {}

  /** What the trader asks: risk at most {@code amountAtRisk} from entry to the first stop. */
  public record Question(
      String symbol,
      Side side,
      BigDecimal entryPrice,
      BigDecimal stopPrice,
      BigDecimal amountAtRisk) {
    public Question {
      Objects.requireNonNull(symbol, "symbol");
      Objects.requireNonNull(side, "side");
      requirePositive(entryPrice, "entryPrice");
      requirePositive(stopPrice, "stopPrice");
      requirePositive(amountAtRisk, "amountAtRisk");
      if (side.sign() * entryPrice.compareTo(stopPrice) <= 0) {
        throw new IllegalArgumentException(
            "the first stop must be on the losing side of the entry for " + side);
      }
    }

    /** Entry to the first stop, per share, positive. */
    public BigDecimal riskPerShare() {
      return entryPrice.subtract(stopPrice).abs();
    }
  }

  /**
   * One cap on the quantity: the limit's name (a field of {@link RiskLimits}, {@code
   * priceTiers.maxShares} and {@code priceTiers.maxNotional} for the band's, or {@link
   * #AMOUNT_AT_RISK}), its value, the most shares it lets this entry have, and a sentence saying
   * why.
   */
  public record Cap(String limit, String value, long shares, String why) {}

  /**
   * The answer: the quantity (0 when no share fits, {@code problem} then says why), what it risks,
   * the commissions of the entry and of the exit at the stop, their sum, the cap that bound it and
   * every cap considered (the amount at risk first).
   */
  public record Answer(
      long quantity,
      BigDecimal riskPerShare,
      BigDecimal risk,
      BigDecimal entryCommission,
      BigDecimal exitCommission,
      BigDecimal totalRisk,
      Cap binding,
      List<Cap> caps,
      String problem) {}

  /**
   * Sizes {@code q}. {@code orderLimits} are the limits of one order of the trader (every layer,
   * tightest wins): its price tier at the entry price, {@code maxOrderQuantity} and {@code
   * maxOrderNotional}. {@code room} are the caps the holder's figures leave (position per symbol,
   * in total, open notional: the broker's risk check counts them).
   */
  public static Answer size(
      Question q, CommissionModel commission, RiskLimits orderLimits, List<Cap> room) {
    return size(q, commission, orderLimits, RiskLimits.NONE, room);
  }

  /**
   * Sizes {@code q} as {@link #size(Question, CommissionModel, RiskLimits, List)} does, capped also
   * by {@code planLimits}: the limits the trader intends for the plan's entry (a PLAN layer's
   * fields, not stored: the plan does not exist yet), each cap named with {@link #PLAN_PREFIX}. As
   * layers combine (the tightest holds), the smallest of both caps binds; on a tie the standing
   * layer's is named.
   */
  public static Answer size(
      Question q,
      CommissionModel commission,
      RiskLimits orderLimits,
      RiskLimits planLimits,
      List<Cap> room) {
    BigDecimal perShare = q.riskPerShare();
    List<Cap> caps = new ArrayList<>();
    long byRisk = largestFitting(q, commission, perShare);
    caps.add(
        new Cap(
            AMOUNT_AT_RISK,
            q.amountAtRisk().toPlainString(),
            byRisk,
            "the amount at risk "
                + q.amountAtRisk().toPlainString()
                + " covers the loss to the stop and both commissions"));
    addOrderCaps(q, orderLimits, "", "", caps);
    addOrderCaps(q, planLimits, PLAN_PREFIX, " (the plan's limit)", caps);
    caps.addAll(room);
    Cap binding = caps.get(0);
    for (Cap c : caps) {
      if (c.shares() < binding.shares()) {
        binding = c;
      }
    }
    long quantity = Math.max(0, binding.shares());
    BigDecimal n = BigDecimal.valueOf(quantity);
    BigDecimal entryCommission = commissionOf(commission, n, q.entryPrice());
    BigDecimal exitCommission = commissionOf(commission, n, q.stopPrice());
    BigDecimal risk = perShare.multiply(n, Decimals.MATH);
    BigDecimal total = risk.add(entryCommission).add(exitCommission);
    String problem = null;
    if (quantity == 0) {
      problem =
          binding.limit().equals(AMOUNT_AT_RISK)
              ? q.amountAtRisk().toPlainString()
                  + " does not cover one share's risk of "
                  + perShare.toPlainString()
                  + " plus the commissions of the entry and of the exit"
              : binding.why() + ": no share fits";
    }
    return new Answer(
        quantity,
        perShare,
        risk,
        entryCommission,
        exitCommission,
        total,
        binding,
        List.copyOf(caps),
        problem);
  }

  /** The loss to the stop plus both commissions, for {@code shares} shares. */
  public static BigDecimal totalRisk(Question q, CommissionModel commission, long shares) {
    BigDecimal n = BigDecimal.valueOf(shares);
    return q.riskPerShare()
        .multiply(n, Decimals.MATH)
        .add(commissionOf(commission, n, q.entryPrice()))
        .add(commissionOf(commission, n, q.stopPrice()));
  }

  /** The largest quantity whose loss plus commissions fits the amount (bisection; monotone). */
  private static long largestFitting(Question q, CommissionModel commission, BigDecimal perShare) {
    long hi =
        q.amountAtRisk()
            .divide(perShare, 0, RoundingMode.DOWN)
            .min(BigDecimal.valueOf(SHARES_MAX))
            .longValueExact();
    long lo = 0; // always fits: nothing risked, no order, no commission
    while (lo < hi) {
      long mid = lo + (hi - lo + 1) / 2;
      if (totalRisk(q, commission, mid).compareTo(q.amountAtRisk()) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * The caps {@code limits} set on one entry: its price band's tier, the order quantity and
   * notional; each limit named {@code prefix + name}, each reason ending with {@code whose}.
   */
  private static void addOrderCaps(
      Question q, RiskLimits limits, String prefix, String whose, List<Cap> caps) {
    BigDecimal entry = q.entryPrice();
    PriceBandTier band = limits.priceTiers() == null ? null : limits.priceTiers().at(entry);
    if (band != null && band.maxShares() != null) {
      caps.add(
          new Cap(
              prefix + "priceTiers.maxShares",
              band.maxShares().toString(),
              band.maxShares(),
              band.label()
                  + " (entry at "
                  + entry.toPlainString()
                  + "): at most "
                  + band.maxShares()
                  + " shares per entry"
                  + whose));
    }
    if (band != null && band.maxNotional() != null) {
      caps.add(
          new Cap(
              prefix + "priceTiers.maxNotional",
              band.maxNotional().toPlainString(),
              sharesWorth(band.maxNotional(), entry),
              band.label()
                  + " (entry at "
                  + entry.toPlainString()
                  + "): an entry worth at most "
                  + band.maxNotional().toPlainString()
                  + whose));
    }
    if (limits.maxOrderQuantity() != null) {
      caps.add(
          new Cap(
              prefix + "maxOrderQuantity",
              limits.maxOrderQuantity().toString(),
              limits.maxOrderQuantity(),
              "at most "
                  + limits.maxOrderQuantity()
                  + " shares per order (maximum order quantity)"
                  + whose));
    }
    if (limits.maxOrderNotional() != null) {
      caps.add(
          new Cap(
              prefix + "maxOrderNotional",
              limits.maxOrderNotional().toPlainString(),
              sharesWorth(limits.maxOrderNotional(), entry),
              "an entry worth at most "
                  + limits.maxOrderNotional().toPlainString()
                  + " (maximum order notional)"
                  + whose));
    }
  }

  /** The most whole shares at {@code price} worth at most {@code value}. */
  public static long sharesWorth(BigDecimal value, BigDecimal price) {
    if (value.signum() <= 0) {
      return 0;
    }
    return value
        .divide(price, 0, RoundingMode.DOWN)
        .min(BigDecimal.valueOf(SHARES_MAX))
        .longValueExact();
  }

  private static BigDecimal commissionOf(
      CommissionModel model, BigDecimal shares, BigDecimal price) {
    return model.orderCommission(shares, price.multiply(shares, Decimals.MATH));
  }

  private static void requirePositive(BigDecimal value, String name) {
    if (value == null || value.signum() <= 0) {
      throw new IllegalArgumentException(name + " must be > 0: " + value);
    }
  }
}
