package com.tradeplan.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Decimal helpers shared by every module: money is never binary floating point. */
public final class Decimals {
  /** At least 34 significant digits for every intermediate value (decimal128). */
  public static final MathContext MATH = MathContext.DECIMAL128;

  private Decimals() {}

  /**
   * Parses a plain decimal string such as {@code "101.25"}. Refuses exponents, NaN, infinities,
   * signs other than a leading minus and surrounding blanks, because a price that needed any of
   * those did not come from a trader.
   */
  public static BigDecimal parse(String text) {
    if (text == null || !text.matches("-?[0-9]{1,18}(\\.[0-9]{1,12})?")) {
      throw new NumberFormatException("not a plain decimal number: " + text);
    }
    return new BigDecimal(text);
  }

  /** True when {@code value} is a whole multiple of {@code step} (a tick size). */
  public static boolean isMultipleOf(BigDecimal value, BigDecimal step) {
    return value.remainder(step, MATH).signum() == 0;
  }

  /** Plain text with at least {@code minScale} decimals, rounded half-even to {@code maxScale}. */
  public static String format(BigDecimal value, int minScale, int maxScale) {
    BigDecimal v = value.setScale(Math.max(value.scale(), minScale), RoundingMode.UNNECESSARY);
    if (v.scale() > maxScale) {
      v = v.setScale(maxScale, RoundingMode.HALF_EVEN);
    }
    if (v.signum() == 0) {
      v = v.abs();
    }
    return v.toPlainString();
  }

  /** Rounded half-even to exactly {@code scale} decimals, printed plain; zero prints unsigned. */
  public static String fixed(BigDecimal value, int scale) {
    BigDecimal v = value.setScale(scale, RoundingMode.HALF_EVEN);
    if (v.signum() == 0) {
      v = v.abs();
    }
    return v.toPlainString();
  }
}
