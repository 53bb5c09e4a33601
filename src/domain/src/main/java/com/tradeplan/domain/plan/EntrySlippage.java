package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How far an entry fill is from the plan's trigger price, against the trader: positive when a buy
 * paid more or a sell got less than the trigger price, negative when the fill was better. In ticks
 * of the plan's instrument, per share and for the fill's shares, all exact ({@code BigDecimal}).
 * Recorded on the plan's history for every fill of a slippage-protected entry (docs/risk.md).
 */
public record EntrySlippage(BigDecimal ticks, BigDecimal perShare, BigDecimal money) {

  /**
   * The slippage of {@code quantity} shares filled at {@code fillPrice} on {@code plan}'s entry.
   */
  public static EntrySlippage of(Plan plan, BigDecimal fillPrice, long quantity) {
    BigDecimal move = fillPrice.subtract(plan.entry().price());
    BigDecimal perShare = plan.side() == Side.LONG ? move : move.negate();
    // A fill off the grid (IB may price-improve in sub-ticks) is still counted exactly.
    BigDecimal ticks =
        perShare
            .divide(plan.instrument().tickSize(), 4, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    return new EntrySlippage(ticks, perShare, perShare.multiply(BigDecimal.valueOf(quantity)));
  }

  /**
   * What the plan's history says, e.g. {@code 2 ticks worse than the trigger 101.00 (0.02 a share,
   * 2.00 for 100 shares)}.
   */
  public String describe(Plan plan, long quantity) {
    String direction =
        ticks.signum() > 0 ? "worse than" : ticks.signum() < 0 ? "better than" : "at";
    return ticks.abs().toPlainString()
        + (ticks.abs().compareTo(BigDecimal.ONE) == 0 ? " tick " : " ticks ")
        + direction
        + " the trigger "
        + plan.entry().price().toPlainString()
        + " ("
        + perShare.toPlainString()
        + " a share, "
        + money.toPlainString()
        + " for "
        + quantity
        + " shares; limit "
        + plan.entry().limitPrice(plan.side(), plan.instrument().tickSize()).toPlainString()
        + ")";
  }
}
