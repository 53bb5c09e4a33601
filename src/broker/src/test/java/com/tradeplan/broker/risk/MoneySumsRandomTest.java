package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MoneySums} answers exactly what {@code add(x, DECIMAL128)} and {@code subtract(x,
 * DECIMAL128)} answer, value and scale ({@code equals}, not only {@code compareTo}), over seeded
 * random amounts: ordinary prices and sums, zeros of every scale, and long amounts whose exact sum
 * has 33 to 36 digits (where the rounding starts).
 */
class MoneySumsRandomTest {
  private static final MathContext MONEY = MathContext.DECIMAL128;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20261205})
  void sameValueAndScaleAsTheRoundingCall(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      BigDecimal a = amount(random);
      BigDecimal b = amount(random);
      assertThat(MoneySums.add(a, b)).as("%s + %s", a, b).isEqualTo(a.add(b, MONEY));
      assertThat(MoneySums.subtract(a, b)).as("%s - %s", a, b).isEqualTo(a.subtract(b, MONEY));
    }
  }

  @Test
  void roundsWhereTheExactSumHasMoreThan34Digits() {
    BigDecimal big = new BigDecimal("1" + "0".repeat(33)); // 34 digits
    BigDecimal small = new BigDecimal("0.5");
    assertThat(MoneySums.add(big, small)).isEqualTo(big.add(small, MONEY));
    assertThat(MoneySums.add(big, small).precision()).isEqualTo(34);
    assertThat(MoneySums.subtract(big, small)).isEqualTo(big.subtract(small, MONEY));
    BigDecimal zeroScaled = new BigDecimal("0.000");
    assertThat(MoneySums.add(zeroScaled, new BigDecimal("1.5"))).isEqualTo(new BigDecimal("1.500"));
  }

  /** An amount of one of the shapes the aggregates meet, with a random sign and scale. */
  private static BigDecimal amount(Random random) {
    int scale = random.nextInt(12) - 2; // -2..9
    BigInteger unscaled =
        switch (random.nextInt(5)) {
          case 0 -> BigInteger.ZERO;
          case 1 -> BigInteger.valueOf(random.nextInt(1_000_000)); // a price or a small sum
          case 2 -> BigInteger.valueOf(random.nextLong() >>> random.nextInt(64)); // up to 19 digits
          default -> new BigInteger(100 + random.nextInt(20), random); // 31 to 36 digits
        };
    BigDecimal amount = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale);
    return random.nextInt(4) == 0 ? amount.round(MONEY) : amount;
  }
}
