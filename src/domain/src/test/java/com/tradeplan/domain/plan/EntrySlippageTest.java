package com.tradeplan.domain.plan;

import static com.tradeplan.domain.plan.DraftBuilder.longPlan;
import static com.tradeplan.domain.plan.DraftBuilder.shortPlan;
import static com.tradeplan.domain.plan.DraftBuilder.stopAt;
import static com.tradeplan.domain.plan.DraftBuilder.targetAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The entry's slippage protection ({@code entry.maxSlippageTicks}: its validation and its limit
 * price) and the check of a saved plan against the exchange's tick grid at activation.
 */
class EntrySlippageTest {
  private static final Instant NOW = Instant.parse("2026-03-02T14:30:00Z");
  private static final String SLIPPAGE_ERROR =
      "must be a whole number of ticks from 0 to 1000 (absent: a market entry)";

  private static ValidationResult validate(DraftBuilder b, String tick) {
    return PlanValidator.validate(b.build(), NOW, new BigDecimal(tick));
  }

  @Test
  void aMaxSlippageFrom0To1000TicksIsKeptAndAbsentIsAMarketEntry() {
    Plan none = ((ValidationResult.Valid) validate(longPlan(), "0.01")).plan();
    assertThat(none.entry().maxSlippageTicks()).isNull();
    assertThat(none.entry().limitPrice(Side.LONG, new BigDecimal("0.01"))).isNull();
    for (String ticks : List.of("0", "3", "1000")) {
      Plan p =
          ((ValidationResult.Valid) validate(longPlan().maxSlippageTicks(ticks), "0.01")).plan();
      assertThat(p.entry().maxSlippageTicks()).isEqualTo(Integer.parseInt(ticks));
    }
  }

  @Test
  void anythingElseIsAFieldNamedError() {
    for (String bad : List.of("-1", "1001", "2.5", "x", "", " 3", "99999")) {
      assertThat(validate(longPlan().maxSlippageTicks(bad), "0.01").errors())
          .as("'%s'", bad)
          .containsExactly(new FieldError("entry.maxSlippageTicks", SLIPPAGE_ERROR));
    }
  }

  @Test
  void theLimitIsTheTriggerMovedNTicksAgainstTheTraderOnTheGrid() {
    Entry buy = new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null, 3);
    assertThat(buy.limitPrice(Side.LONG, new BigDecimal("0.01"))).isEqualByComparingTo("101.03");
    assertThat(buy.limitPrice(Side.LONG, new BigDecimal("0.05"))).isEqualByComparingTo("101.15");
    Entry sell = new Entry(EntryCondition.BELOW, new BigDecimal("0.5000"), null, 7);
    assertThat(sell.limitPrice(Side.SHORT, new BigDecimal("0.0001")))
        .isEqualByComparingTo("0.4993");
    Entry zero = new Entry(EntryCondition.BELOW, new BigDecimal("99.00"), null, 0);
    assertThat(zero.limitPrice(Side.SHORT, new BigDecimal("0.01"))).isEqualByComparingTo("99.00");
  }

  @Test
  void seededRandomLimitsStayOnTheGridAndWithinTheirTicks() {
    BigDecimal[] grids = {
      new BigDecimal("0.01"),
      new BigDecimal("0.05"),
      new BigDecimal("0.0001"),
      new BigDecimal("0.25")
    };
    Random r = new Random(14);
    for (int i = 0; i < 5_000; i++) {
      BigDecimal tick = grids[r.nextInt(grids.length)];
      BigDecimal trigger = tick.multiply(BigDecimal.valueOf(1 + r.nextInt(100_000)));
      int n = r.nextInt(Entry.MAX_SLIPPAGE_TICKS_MAX + 1);
      Side side = r.nextBoolean() ? Side.LONG : Side.SHORT;
      BigDecimal limit = new Entry(EntryCondition.ABOVE, trigger, null, n).limitPrice(side, tick);
      assertThat(Decimals.isMultipleOf(limit, tick)).as("%s on %s", limit, tick).isTrue();
      BigDecimal movedTicks = limit.subtract(trigger).divide(tick).abs();
      assertThat(movedTicks).isEqualByComparingTo(BigDecimal.valueOf(n));
      assertThat(limit.compareTo(trigger)).isEqualTo(n == 0 ? 0 : side == Side.LONG ? 1 : -1);
    }
  }

  @Test
  void theSlippageOfAFillIsAgainstTheTraderInTicksPerShareAndInAll() {
    Plan buy = ((ValidationResult.Valid) validate(longPlan().maxSlippageTicks("5"), "0.05")).plan();
    EntrySlippage worse = EntrySlippage.of(buy, new BigDecimal("101.10"), 100);
    assertThat(worse.ticks()).isEqualByComparingTo("2");
    assertThat(worse.perShare()).isEqualByComparingTo("0.10");
    assertThat(worse.money()).isEqualByComparingTo("10.00");
    assertThat(worse.describe(buy, 100))
        .isEqualTo(
            "2 ticks worse than the trigger 101.00 (0.10 a share, 10.00 for 100 shares; limit"
                + " 101.25)");
    Plan sell =
        ((ValidationResult.Valid) validate(shortPlan().maxSlippageTicks("1"), "0.01")).plan();
    EntrySlippage better = EntrySlippage.of(sell, new BigDecimal("99.01"), 30);
    assertThat(better.ticks()).isEqualByComparingTo("-1");
    assertThat(better.money()).isEqualByComparingTo("-0.30");
    assertThat(better.describe(sell, 30))
        .isEqualTo(
            "1 tick better than the trigger 99.00 (-0.01 a share, -0.30 for 30 shares; limit"
                + " 98.99)");
  }

  @Test
  void aPlanSavedOnCentsIsCheckedAgainstTheExchangesGridFieldByField() {
    Plan p =
        ((ValidationResult.Valid)
                validate(
                    shortPlan()
                        .entryPrice("99.00")
                        .stops(stopAt("101.05"), stopAt("100.50", "98.03"))
                        .targets(targetAt("97.01"))
                        .trailing("1.10"),
                    "0.01"))
            .plan();
    assertThat(PlanValidator.offTickGrid(p, new BigDecimal("0.05")))
        .containsExactly(
            new FieldError("stops[1].activateAt", "must be a multiple of the tick size 0.05"),
            new FieldError("targets[0].price", "must be a multiple of the tick size 0.05"));
    assertThat(PlanValidator.offTickGrid(p, new BigDecimal("0.01"))).isEmpty();
  }
}
