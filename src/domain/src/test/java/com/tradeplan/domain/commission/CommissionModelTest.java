package com.tradeplan.domain.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * IB's published examples, computed by hand, and the invariants of every model on random orders.
 */
class CommissionModelTest {
  private static final CommissionModel FIXED = CommissionModel.IB_FIXED;
  private static final CommissionModel TIERED = CommissionModel.IB_TIERED;

  private static BigDecimal order(CommissionModel m, long shares, String price) {
    return m.orderCommission(
        BigDecimal.valueOf(shares), new BigDecimal(price).multiply(BigDecimal.valueOf(shares)));
  }

  private static BigDecimal fill(
      CommissionModel m, long before, BigDecimal valueBefore, long shares, BigDecimal price) {
    return m.fillCommission(
        BigDecimal.valueOf(before), valueBefore, BigDecimal.valueOf(shares), price);
  }

  @Test
  void fixedChargesTheMinimumOnASmallOrder() {
    // 100 x $0.005 = $0.50 < $1.00 minimum; 1% of $2,500 = $25 does not bind
    assertThat(order(FIXED, 100, "25.00")).isEqualByComparingTo("1.00");
  }

  @Test
  void fixedChargesPerShareAboveTheMinimum() {
    // 1,000 x $0.005 = $5.00; 1% of $25,000 = $250
    assertThat(order(FIXED, 1_000, "25.00")).isEqualByComparingTo("5.00");
  }

  @Test
  void fixedIsCappedAtOnePercentOfTradeValue() {
    // 1,000 x $0.005 = $5.00 > 1% of $250 = $2.50
    assertThat(order(FIXED, 1_000, "0.25")).isEqualByComparingTo("2.50");
  }

  @Test
  void theCapWinsOverTheMinimumOnATinyOrder() {
    // 10 x $0.005 = $0.05, minimum $1.00, but 1% of 10 x $3.00 = $0.30
    assertThat(order(FIXED, 10, "3.00")).isEqualByComparingTo("0.30");
  }

  @Test
  void tieredFirstTierWithItsMinimum() {
    // 100 x $0.0035 = $0.35 = the minimum; 1,000 x $0.0035 = $3.50
    assertThat(order(TIERED, 100, "25.00")).isEqualByComparingTo("0.35");
    assertThat(order(TIERED, 50, "25.00"))
        .as("50 x 0.0035 = 0.175 < 0.35")
        .isEqualByComparingTo("0.35");
    assertThat(order(TIERED, 1_000, "25.00")).isEqualByComparingTo("3.50");
  }

  @Test
  void tieredRateFollowsTheMonthsVolume() {
    // 1,000,000 shares this month: second tier, $0.0020; 10,000 x 0.002 = $20.00
    CommissionModel m = CommissionModel.IbTiered.standard(1_000_000, BigDecimal.ZERO);
    assertThat(order(m, 10_000, "25.00")).isEqualByComparingTo("20.00");
    // 150,000,000 shares: last tier, $0.0005: 10,000 x 0.0005 = $5.00
    CommissionModel top = CommissionModel.IbTiered.standard(150_000_000, BigDecimal.ZERO);
    assertThat(order(top, 10_000, "25.00")).isEqualByComparingTo("5.00");
    // the boundary belongs to the lower tier
    CommissionModel edge = CommissionModel.IbTiered.standard(300_000, BigDecimal.ZERO);
    assertThat(order(edge, 1_000, "25.00")).isEqualByComparingTo("3.50");
  }

  @Test
  void tieredAddsFeesPerShareOnTopOfTheClampedCommission() {
    // 1,000 x 0.0035 = 3.50, plus 1,000 x 0.0003 fees = 0.30
    CommissionModel m = CommissionModel.parse("ib-tiered:fees=0.0003");
    assertThat(order(m, 1_000, "25.00")).isEqualByComparingTo("3.80");
    // 100 shares: the minimum 0.35, plus 0.03 fees (fees are not part of the minimum)
    assertThat(order(m, 100, "25.00")).isEqualByComparingTo("0.38");
  }

  @Test
  void anOrderFilledInPiecesPaysItsMinimumOnce() {
    // 100 shares at $50 in fills of 40, 40, 20: $1.00 on the first, nothing after
    BigDecimal price = new BigDecimal("50.00");
    BigDecimal first = fill(FIXED, 0, BigDecimal.ZERO, 40, price);
    BigDecimal second = fill(FIXED, 40, new BigDecimal("2000.00"), 40, price);
    BigDecimal third = fill(FIXED, 80, new BigDecimal("4000.00"), 20, price);
    assertThat(first).isEqualByComparingTo("1.00");
    assertThat(second).isEqualByComparingTo("0");
    assertThat(third).isEqualByComparingTo("0");
    // 1,000 shares in fills of 400, 400, 200: 2.00, 2.00, 1.00 (the minimum is behind after 200)
    assertThat(fill(FIXED, 0, BigDecimal.ZERO, 400, price)).isEqualByComparingTo("2.00");
    assertThat(fill(FIXED, 400, new BigDecimal("20000"), 400, price)).isEqualByComparingTo("2.00");
    assertThat(fill(FIXED, 800, new BigDecimal("40000"), 200, price)).isEqualByComparingTo("1.00");
  }

  @Test
  void perShareIsTheSimulatorsHistoricalUnroundedRate() {
    CommissionModel m = CommissionModel.parse("per-share:0.00035");
    assertThat(order(m, 3, "10.00")).isEqualByComparingTo("0.00105");
    assertThat(order(CommissionModel.NONE, 1_000, "10.00")).isEqualByComparingTo("0");
  }

  @Test
  void specsReadBackToTheSameModel() {
    for (CommissionModel m :
        new CommissionModel[] {
          CommissionModel.NONE,
          FIXED,
          TIERED,
          CommissionModel.parse("ib-fixed:rate=0.004,min=0.50,cap=0.005"),
          CommissionModel.parse("ib-tiered:volume=5000000,fees=0.0002")
        }) {
      assertThat(CommissionModel.parse(m.spec())).as(m.spec()).isEqualTo(m);
    }
    assertThat(CommissionModel.parse("ib-fixed")).isEqualTo(FIXED);
  }

  @Test
  void badSpecsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> CommissionModel.parse("ib-flat"))
        .hasMessageContaining("unknown commission model 'ib-flat'");
    assertThatThrownBy(() -> CommissionModel.parse("ib-fixed:rat=1"))
        .hasMessageContaining("key=value: rat=1");
    assertThatThrownBy(() -> CommissionModel.parse("per-share:-0.1"))
        .hasMessageContaining("must be");
    assertThatThrownBy(() -> CommissionModel.parse("ib-tiered:volume=1.5"))
        .hasMessageContaining("whole number");
  }

  /**
   * Seeded random orders of every model: never negative, within minimum and cap (the cap winning
   * over the minimum), non-decreasing in shares at a price, and fills adding up to the order.
   */
  @Test
  void randomOrdersKeepTheInvariants() {
    Random random = new Random(19);
    CommissionModel[] models = {
      FIXED,
      TIERED,
      CommissionModel.IbTiered.standard(40_000_000, new BigDecimal("0.0002")),
      CommissionModel.parse("ib-fixed:rate=0.0047,min=0.7,cap=0.02")
    };
    for (int trial = 0; trial < 20_000; trial++) {
      CommissionModel m = models[random.nextInt(models.length)];
      long shares = 1 + random.nextInt(50_000);
      BigDecimal price = BigDecimal.valueOf(1 + random.nextInt(100_000), 2); // 0.01 .. 1000.00
      BigDecimal value = price.multiply(BigDecimal.valueOf(shares));
      BigDecimal c = m.orderCommission(BigDecimal.valueOf(shares), value);
      Bounds b = Bounds.of(m, shares, value);
      String what = m.spec() + " " + shares + " @ " + price;
      assertThat(c).as(what + " >= lowest").isGreaterThanOrEqualTo(b.lowest());
      assertThat(c).as(what + " <= cap").isLessThanOrEqualTo(b.highest());
      long more = shares + 1 + random.nextInt(1_000);
      BigDecimal larger = order(m, more, price.toPlainString());
      assertThat(larger).as(what + " monotone in shares").isGreaterThanOrEqualTo(c);
      long split = random.nextInt((int) shares + 1);
      BigDecimal pieces =
          fill(m, 0, BigDecimal.ZERO, split, price)
              .add(
                  fill(m, split, price.multiply(BigDecimal.valueOf(split)), shares - split, price));
      assertThat(pieces).as(what + " fills add up, split at " + split).isEqualByComparingTo(c);
    }
  }

  /** What a model may charge an order: min(minimum, cap) .. cap, plus any fees per share. */
  private record Bounds(BigDecimal lowest, BigDecimal highest) {
    static Bounds of(CommissionModel m, long shares, BigDecimal value) {
      BigDecimal minimum;
      BigDecimal capFraction;
      BigDecimal fees = BigDecimal.ZERO;
      if (m instanceof CommissionModel.IbFixed f) {
        minimum = f.minimumPerOrder();
        capFraction = f.capFractionOfValue();
      } else if (m instanceof CommissionModel.IbTiered t) {
        minimum = t.minimumPerOrder();
        capFraction = t.capFractionOfValue();
        fees = t.feesPerShare().multiply(BigDecimal.valueOf(shares));
      } else {
        throw new IllegalArgumentException(m.spec());
      }
      BigDecimal cap = capFraction.multiply(value);
      // half a unit of the 4th decimal either way for the rounding of each part
      BigDecimal slack = new BigDecimal("0.0001");
      return new Bounds(minimum.min(cap).add(fees).subtract(slack), cap.add(fees).add(slack));
    }
  }
}
