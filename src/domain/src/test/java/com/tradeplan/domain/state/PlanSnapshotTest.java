package com.tradeplan.domain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.plan.TrailingStop;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanSnapshotTest {
  private static final Plan PLAN =
      new Plan(
          "p1",
          "alice",
          Instrument.stock("AAPL"),
          Side.LONG,
          100,
          new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
          List.of(
              new Stop(new BigDecimal("99.00"), null),
              new Stop(new BigDecimal("100.50"), new BigDecimal("102.00"))),
          List.of(
              new Target(new BigDecimal("103.00"), 50L),
              new Target(new BigDecimal("105.00"), null)),
          new TrailingStop(new BigDecimal("1.50")));

  /** Every field away from its initial value, so a wither that drops one is seen. */
  private static final PlanSnapshot BUSY =
      new PlanSnapshot(
          PLAN,
          PlanStatus.CONTINGENT_SUBMITTED,
          60,
          100,
          new BigDecimal("10110.00"),
          new BigDecimal("80.00"),
          new BigDecimal("1.25"),
          List.of(new StopSnapshot(0, StopKind.FIXED, new BigDecimal("99.00"), null, true)),
          List.of(true, false),
          new BigDecimal("99.00"),
          new BigDecimal("103.40"),
          true,
          true,
          java.time.Instant.parse("2026-03-02T14:30:05.250Z"),
          List.of(
              new OrderSnapshot(
                  new OrderRef("p1", OrderRole.ENTRY, 0, 1),
                  OrderAction.BUY,
                  100,
                  100,
                  OrderStatus.FILLED,
                  "entry rule")),
          List.of("e1", "e2"),
          Map.of("e1", new BigDecimal("1.25")),
          "a reason",
          7);

  @Test
  void theInitialSnapshotHasEveryStopOfThePlanNotYetEligibleAndNothingFilled() {
    PlanSnapshot s = PlanSnapshot.initial(PLAN, PlanStatus.ACTIVE);

    assertThat(s.status()).isEqualTo(PlanStatus.ACTIVE);
    assertThat(s.stops())
        .containsExactly(
            new StopSnapshot(0, StopKind.FIXED, new BigDecimal("99.00"), null, false),
            new StopSnapshot(
                1, StopKind.ACTIVATED, new BigDecimal("100.50"), new BigDecimal("102.00"), false),
            new StopSnapshot(-1, StopKind.TRAILING, null, null, false));
    assertThat(s.targetFired()).containsExactly(false, false);
    assertThat(s.position()).isZero();
    assertThat(s.filledEntryQuantity()).isZero();
    assertThat(s.entryCost()).isEqualTo(BigDecimal.ZERO);
    assertThat(s.realizedPnl()).isEqualTo(BigDecimal.ZERO);
    assertThat(s.orders()).isEmpty();
    assertThat(s.executionIds()).isEmpty();
    assertThat(s.commissions()).isEmpty();
    assertThat(s.activeStop()).isNull();
    assertThat(s.bestPrice()).isNull();
    assertThat(s.flattenSentAt()).isNull();
    assertThat(s.endReason()).isNull();
    assertThat(s.version()).isZero();
  }

  @Test
  void eachWitherChangesOnlyItsOwnFields() {
    assertThat(BUSY.withVersion(8)).isEqualTo(copy(BUSY, 8, BUSY.status(), BUSY.endReason()));
    assertThat(BUSY.withStatus(PlanStatus.INACTIVE))
        .isEqualTo(copy(BUSY, 7, PlanStatus.INACTIVE, BUSY.endReason()));
    assertThat(BUSY.withEndReason(null)).isEqualTo(copy(BUSY, 7, BUSY.status(), null));

    PlanSnapshot fills =
        BUSY.withFills(
            0, 100, new BigDecimal("10110.00"), new BigDecimal("95.00"), BigDecimal.ONE, List.of());
    assertThat(fills.position()).isZero();
    assertThat(fills.grossPnl()).isEqualTo(new BigDecimal("95.00"));
    assertThat(fills.commission()).isEqualTo(BigDecimal.ONE);
    assertThat(fills.executionIds()).isEmpty();
    assertThat(fills.commissions()).as("kept by withFills").isEqualTo(BUSY.commissions());
    assertThat(
            fills.withFills(
                60, 100, BUSY.entryCost(), BUSY.grossPnl(), BUSY.commission(), BUSY.executionIds()))
        .isEqualTo(BUSY);

    Map<String, BigDecimal> charged = new LinkedHashMap<>();
    charged.put("e2", new BigDecimal("0.75"));
    charged.put("e1", null);
    PlanSnapshot commissions = BUSY.withCommissions(charged);
    assertThat(commissions.commissions())
        .containsExactly(entry("e2", new BigDecimal("0.75")), entry("e1", null));
    assertThat(commissions.commission())
        .as("the total is not touched")
        .isEqualTo(BUSY.commission());
    assertThat(commissions.withCommissions(BUSY.commissions())).isEqualTo(BUSY);

    assertThat(BUSY.withActiveStop(new BigDecimal("100.50")).activeStop())
        .isEqualTo(new BigDecimal("100.50"));
    assertThat(BUSY.withActiveStop(new BigDecimal("100.50")).withActiveStop(BUSY.activeStop()))
        .isEqualTo(BUSY);
    assertThat(BUSY.withBestPrice(null).bestPrice()).isNull();
    assertThat(BUSY.withBestPrice(null).withBestPrice(BUSY.bestPrice())).isEqualTo(BUSY);
  }

  @Test
  void aCommissionNeedsItsExecutionIdAndTheCopyIsTheSnapshots() {
    Map<String, BigDecimal> charged = new HashMap<>();
    charged.put(null, BigDecimal.ONE);
    assertThatThrownBy(() -> BUSY.withCommissions(charged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("execution id");

    Map<String, BigDecimal> mutable = new LinkedHashMap<>(Map.of("e1", BigDecimal.ONE));
    PlanSnapshot s = BUSY.withCommissions(mutable);
    mutable.put("e2", BigDecimal.TEN);
    assertThat(s.commissions()).as("a copy, not a view").containsOnlyKeys("e1");
    assertThatThrownBy(() -> s.commissions().put("e3", BigDecimal.ONE))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static PlanSnapshot copy(PlanSnapshot s, long version, PlanStatus status, String reason) {
    return new PlanSnapshot(
        s.plan(),
        status,
        s.position(),
        s.filledEntryQuantity(),
        s.entryCost(),
        s.grossPnl(),
        s.commission(),
        s.stops(),
        s.targetFired(),
        s.activeStop(),
        s.bestPrice(),
        s.stopTriggered(),
        s.flattenRequested(),
        s.flattenSentAt(),
        s.orders(),
        s.executionIds(),
        s.commissions(),
        reason,
        version);
  }
}
