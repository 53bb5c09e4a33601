package com.tradeplan.broker.risk;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Sums and differences of money rounded to {@link MathContext#DECIMAL128} (34 significant digits),
 * as the risk check's aggregates keep them, without the cost of {@code BigDecimal.add(x, mc)}: that
 * method always widens both operands to {@code BigInteger} and rounds from there (about 200 bytes
 * per call), where the exact {@code add(x)} of two ordinary amounts makes one small {@code
 * BigDecimal}. The answer is the same in value and scale: when the exact result has at most 34
 * digits, rounding to 34 digits leaves it as it is (the scale is the larger of the two, as the
 * exact sum's is); when it has more, this falls back to the rounding call itself.
 * MoneySumsRandomTest compares both ways over seeded random amounts, at the 34-digit boundary too.
 *
 * <p>Pure and stateless; money stays {@code BigDecimal} (never {@code double}).
 */
final class MoneySums {
  static final MathContext MONEY = MathContext.DECIMAL128;

  private MoneySums() {}

  /** {@code a.add(b, MONEY)}, computed exactly when that is the same. */
  static BigDecimal add(BigDecimal a, BigDecimal b) {
    BigDecimal exact = a.add(b);
    return exact.precision() <= MONEY.getPrecision() ? exact : a.add(b, MONEY);
  }

  /** {@code a.subtract(b, MONEY)}, computed exactly when that is the same. */
  static BigDecimal subtract(BigDecimal a, BigDecimal b) {
    BigDecimal exact = a.subtract(b);
    return exact.precision() <= MONEY.getPrecision() ? exact : a.subtract(b, MONEY);
  }
}
