package com.tradeplan.cluster;

import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import java.math.BigDecimal;
import java.util.List;

/**
 * Plans for the synthetic workload of {@link ClusterMemberMain} and the tests: valid LONG plans
 * whose {@code bestPrice} encodes the version, so a snapshot's content proves which write it is.
 */
final class SyntheticPlans {
  private SyntheticPlans() {}

  static String planId(String owner, int index) {
    return owner + "-p" + index;
  }

  static PlanSnapshot plan(String owner, int index, int symbols) {
    String symbol = "SYM" + Math.floorMod((owner + index).hashCode(), Math.max(1, symbols));
    Plan plan =
        new Plan(
            planId(owner, index),
            owner,
            Instrument.stock(symbol),
            Side.LONG,
            100,
            new Entry(EntryCondition.ABOVE, new BigDecimal("101.25"), null),
            List.of(new Stop(new BigDecimal("99.50"), null)),
            List.of(
                new Target(new BigDecimal("105.00"), 50L),
                new Target(new BigDecimal("110.00"), null)),
            null);
    return new PlanSnapshot(
        plan,
        PlanStatus.ACTIVE,
        0,
        0,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        List.of(new StopSnapshot(0, StopKind.FIXED, new BigDecimal("99.50"), null, false)),
        List.of(false, false),
        null,
        bestPriceOf(1),
        false,
        false,
        List.of(),
        List.of(),
        null,
        1);
  }

  /** {@code s} at the next version, its content marked with that version. */
  static PlanSnapshot next(PlanSnapshot s) {
    return withVersion(s, s.version() + 1);
  }

  static PlanSnapshot withVersion(PlanSnapshot s, long version) {
    return new PlanSnapshot(
        s.plan(),
        s.status(),
        s.position(),
        s.filledEntryQuantity(),
        s.entryCost(),
        s.grossPnl(),
        s.commission(),
        s.stops(),
        s.targetFired(),
        s.activeStop(),
        bestPriceOf(version),
        s.stopTriggered(),
        s.flattenRequested(),
        s.orders(),
        s.executionIds(),
        s.endReason(),
        version);
  }

  /** The mark a version leaves in the content: 100.00 + version/100, scale 2 kept. */
  static BigDecimal bestPriceOf(long version) {
    return new BigDecimal("100.00").add(BigDecimal.valueOf(version, 2));
  }
}
