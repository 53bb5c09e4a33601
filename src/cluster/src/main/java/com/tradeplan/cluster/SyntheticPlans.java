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
    return PlanSnapshot.initial(plan, PlanStatus.ACTIVE)
        .withBestPrice(bestPriceOf(1))
        .withVersion(1);
  }

  /** {@code s} at the next version, its content marked with that version. */
  static PlanSnapshot next(PlanSnapshot s) {
    return withVersion(s, s.version() + 1);
  }

  static PlanSnapshot withVersion(PlanSnapshot s, long version) {
    return s.withBestPrice(bestPriceOf(version)).withVersion(version);
  }

  /** The mark a version leaves in the content: 100.00 + version/100, scale 2 kept. */
  static BigDecimal bestPriceOf(long version) {
    return new BigDecimal("100.00").add(BigDecimal.valueOf(version, 2));
  }
}
