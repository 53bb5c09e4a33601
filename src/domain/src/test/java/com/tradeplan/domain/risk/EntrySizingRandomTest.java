package com.tradeplan.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random sizing: for any prices, amount, commission model and tier table, the quantity's
 * loss plus both commissions never exceeds the amount, one share more would (unless a cap bound
 * it), and the quantity is the smallest of the caps; the limits the trader intends for the plan
 * size exactly as a PLAN layer would (the standing limits tightened by them).
 */
class EntrySizingRandomTest {
  private static BigDecimal cents(Random r, int max) {
    return BigDecimal.valueOf(1 + r.nextInt(max), 2);
  }

  private static CommissionModel model(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> CommissionModel.NONE;
      case 1 -> new CommissionModel.PerShare(BigDecimal.valueOf(r.nextInt(100), 4));
      case 2 -> CommissionModel.IB_FIXED;
      case 3 ->
          CommissionModel.IbTiered.standard(
              r.nextInt(400_000), BigDecimal.valueOf(r.nextInt(30), 4));
      default ->
          new CommissionModel.IbFixed(
              BigDecimal.valueOf(r.nextInt(200), 4),
              BigDecimal.valueOf(r.nextInt(500), 2),
              BigDecimal.valueOf(1 + r.nextInt(50), 3));
    };
  }

  private static RiskLimits limits(Random r) {
    if (r.nextBoolean()) {
      return RiskLimits.NONE;
    }
    List<PriceBandTier> bands = new ArrayList<>();
    int from = 0;
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      int below = from + 1 + r.nextInt(5_000);
      Long shares = r.nextBoolean() ? 1L + r.nextInt(5_000) : null;
      bands.add(
          new PriceBandTier(
              BigDecimal.valueOf(from, 2),
              i == n - 1 ? null : BigDecimal.valueOf(below, 2),
              shares,
              shares == null || r.nextBoolean() ? cents(r, 5_000_000) : null));
      from = below + r.nextInt(3);
    }
    PriceTiers tiers = new PriceTiers(bands);
    assertThat(tiers.errors("priceTiers")).isEmpty();
    return RiskLimits.builder()
        .priceTiers(tiers)
        .maxOrderQuantity(r.nextBoolean() ? null : 1L + r.nextInt(10_000))
        .build();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void theQuantityFitsTheAmountWithCommissionsAndOneMoreWouldNot(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 500; i++) {
      Side side = r.nextBoolean() ? Side.LONG : Side.SHORT;
      BigDecimal entry = cents(r, 50_000);
      BigDecimal distance = cents(r, Math.max(1, entry.movePointRight(2).intValue() - 1));
      if (side == Side.LONG && distance.compareTo(entry) >= 0) {
        distance = entry.subtract(new BigDecimal("0.01"));
      }
      if (distance.signum() <= 0) {
        continue;
      }
      BigDecimal stop = side == Side.LONG ? entry.subtract(distance) : entry.add(distance);
      BigDecimal amount = cents(r, 2_000_000);
      EntrySizing.Question q = new EntrySizing.Question("X", side, entry, stop, amount);
      CommissionModel model = model(r);
      RiskLimits limits = limits(r);
      EntrySizing.Answer a = EntrySizing.size(q, model, limits, List.of());
      int n = i;
      Supplier<String> at =
          () -> "seed " + seed + " #" + n + " " + q + " " + model.spec() + " " + limits;
      assertThat(EntrySizing.totalRisk(q, model, a.quantity()))
          .as(at)
          .isLessThanOrEqualTo(amount)
          .isEqualByComparingTo(a.totalRisk());
      for (EntrySizing.Cap c : a.caps()) {
        assertThat(a.quantity())
            .as(() -> at.get() + " within " + c)
            .isLessThanOrEqualTo(c.shares());
      }
      assertThat(a.caps()).as(at).anyMatch(c -> c.shares() == a.quantity());
      if (a.binding().limit().equals(EntrySizing.AMOUNT_AT_RISK)) {
        assertThat(EntrySizing.totalRisk(q, model, a.quantity() + 1))
            .as(() -> at.get() + ": one share more")
            .isGreaterThan(amount);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void thePlansIntendedLimitsSizeAsTheStandingLimitsTightenedByAPlanLayer(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 300; i++) {
      BigDecimal entry = cents(r, 50_000).add(BigDecimal.ONE);
      BigDecimal stop = entry.subtract(cents(r, 100));
      EntrySizing.Question q =
          new EntrySizing.Question("X", Side.LONG, entry, stop, cents(r, 2_000_000));
      CommissionModel model = model(r);
      RiskLimits standing = limits(r);
      RiskLimits plan = limits(r);
      EntrySizing.Answer apart = EntrySizing.size(q, model, standing, plan, List.of());
      EntrySizing.Answer layered =
          EntrySizing.size(q, model, standing.tightenedBy(plan), List.of());
      int n = i;
      assertThat(apart.quantity())
          .as(() -> "seed " + seed + " #" + n + " " + q + " " + standing + " " + plan)
          .isEqualTo(layered.quantity());
      if (apart.binding().limit().startsWith(EntrySizing.PLAN_PREFIX)) {
        assertThat(apart.caps())
            .as("a plan's cap binds only where it is tighter than every standing one")
            .filteredOn(c -> !c.limit().startsWith(EntrySizing.PLAN_PREFIX))
            .allMatch(c -> c.shares() > apart.quantity());
      }
    }
  }
}
