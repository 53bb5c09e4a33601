package com.tradeplan.domain.plan;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;

/**
 * A price as a trader types it, checked by the one rule both {@link PlanValidator} (a plan's
 * levels) and {@link ExitChangeValidator} (a live trade's changed levels) apply: a plain decimal,
 * above zero, on the tick grid (the increment at the price, for a grid of price bands). Pure;
 * nothing here throws.
 */
final class PriceText {
  private PriceText() {}

  /** The price, or the reason the text is not one (exactly one of them is null). */
  record Parsed(BigDecimal price, String problem) {}

  /** {@code text} (not blank) as a price on {@code tickSize}'s grid, or why it is not one. */
  static Parsed parse(String text, BigDecimal tickSize) {
    return parse(text, TickBands.uniform(tickSize));
  }

  /**
   * {@code text} (not blank) as a price on {@code grid}: a multiple of the increment at that price
   * (a market rule's band), or why it is not one.
   */
  static Parsed parse(String text, TickBands grid) {
    BigDecimal v;
    try {
      v = Decimals.parse(text);
    } catch (NumberFormatException e) {
      return new Parsed(null, "must be a plain decimal number such as \"101.25\"");
    }
    if (v.signum() <= 0) {
      return new Parsed(null, "must be greater than 0");
    }
    if (!grid.isOnGrid(v)) {
      return new Parsed(null, grid.offGrid(v));
    }
    return new Parsed(v, null);
  }
}
