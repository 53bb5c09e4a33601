package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.plans.TestPlans;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A point per change of levels, none for a state with the same levels, and the bounds. */
class PlanLevelTrailTest {
  private static final Instant T0 = Instant.parse("2026-01-05T14:30:00Z");

  @Test
  void aPointOnlyWhenALevelChanged() {
    PlanLevelTrail trail = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    PlanSnapshot s = TestPlans.active("p1", "alice", "AAPL");
    trail.record(s);
    trail.record(s.withVersion(2));
    trail.record(s.withActiveStop(new BigDecimal("99.50")));
    trail.record(s.withActiveStop(new BigDecimal("99.50")).withVersion(3));

    List<PlanLevelTrail.Point> points = trail.trail("p1");
    assertThat(points).hasSize(2);
    PlanLevelTrail.Point first = points.get(0);
    assertThat(first.time()).isEqualTo(T0);
    assertThat(first.entry()).isEqualByComparingTo("101.25");
    assertThat(first.stops()).containsExactly(new BigDecimal("99.50"));
    assertThat(first.targets()).containsExactly(new BigDecimal("105.00"), new BigDecimal("110.00"));
    assertThat(first.activeStop()).isNull();
    assertThat(points.get(1).activeStop()).isEqualByComparingTo("99.50");
    assertThat(trail.trail("other")).isEmpty();
  }

  @Test
  void aFiredTargetIsNoneInItsPlace() {
    PlanSnapshot s = TestPlans.active("p1", "alice", "AAPL");
    PlanSnapshot fired =
        new PlanSnapshot(
            s.plan(),
            s.status(),
            s.position(),
            s.filledEntryQuantity(),
            s.entryCost(),
            s.grossPnl(),
            s.commission(),
            s.stops(),
            List.of(true, false),
            s.activeStop(),
            s.bestPrice(),
            s.stopTriggered(),
            s.flattenRequested(),
            s.flattenSentAt(),
            s.orders(),
            s.executionIds(),
            s.commissions(),
            s.endReason(),
            s.version(),
            s.ruleSetVersion(),
            s.account());
    assertThat(PlanLevelTrail.pointOf(fired, T0).targets())
        .isEqualTo(Arrays.asList(null, new BigDecimal("110.00")));
  }

  @Test
  void theOldestPointsGoPastThePointBound() {
    PlanLevelTrail trail = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    PlanSnapshot s = TestPlans.active("p1", "alice", "AAPL");
    for (int i = 0; i < PlanLevelTrail.POINTS_MAX + 5; i++) {
      trail.record(s.withActiveStop(BigDecimal.valueOf(9_000 + i, 2)));
    }
    List<PlanLevelTrail.Point> points = trail.trail("p1");
    assertThat(points).hasSize(PlanLevelTrail.POINTS_MAX);
    assertThat(points.get(0).activeStop()).isEqualByComparingTo(BigDecimal.valueOf(9_005, 2));
  }

  @Test
  void aPublishedStateCountsOnlyUntilThePlansFirstStep() {
    PlanLevelTrail trail = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    PlanSnapshot activated = TestPlans.active("p1", "alice", "AAPL");
    trail.recordPublished(activated); // the activation's update: no step yet
    PlanSnapshot stepped = activated.withActiveStop(new BigDecimal("99.50")).withVersion(3);
    trail.record(stepped);
    // The activation's update published late, after the step (another thread): not a point.
    trail.recordPublished(activated);
    trail.recordPublished(stepped.withActiveStop(new BigDecimal("99.75")));

    List<PlanLevelTrail.Point> points = trail.trail("p1");
    assertThat(points)
        .extracting(PlanLevelTrail.Point::activeStop)
        .containsExactly(null, new BigDecimal("99.50"));
  }
}
