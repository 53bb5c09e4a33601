package com.tradeplan.domain.plan;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;

/**
 * A price as a trader types it, checked by the one rule both {@link PlanValidator} (a plan's
 * levels) and {@link ExitChangeValidator} (a live trade's changed levels) apply: a plain decimal,
 * above zero, on the tick grid. Pure; nothing here throws.
 */
final class PriceText {
  private PriceText() {}

  /** The price, or the reason the text is not one (exactly one of them is null). */
  record Parsed(BigDecimal price, String problem) {}

  /** {@code text} (not blank) as a price on {@code tickSize}'s grid, or why it is not one. */
  static Parsed parse(String text, BigDecimal tickSize) {
    BigDecimal v;
    try {
      v = Decimals.parse(text);
    } catch (NumberFormatException e) {
      return new Parsed(null, "must be a plain decimal number such as \"101.25\"");
    }
    if (v.signum() <= 0) {
      return new Parsed(null, "must be greater than 0");
    }
    if (!Decimals.isMultipleOf(v, tickSize)) {
      return new Parsed(null, offGrid(tickSize));
    }
    return new Parsed(v, null);
  }

  /** Why a price is not on the grid of {@code tickSize}. */
  static String offGrid(BigDecimal tickSize) {
    return "must be a multiple of the tick size " + tickSize.toPlainString();
  }
}
