package com.tradeplan.cluster;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.plans.TestPlans;
import java.math.BigDecimal;

/**
 * Plans for the synthetic workload of {@link ClusterMemberMain} and the cluster's tests: the test
 * kit's plain LONG plan, whose {@code bestPrice} encodes the version, so a snapshot's content
 * proves which write it is.
 */
final class SyntheticPlans {
  private SyntheticPlans() {}

  static String planId(String owner, int index) {
    return owner + "-p" + index;
  }

  static PlanSnapshot plan(String owner, int index, int symbols) {
    String symbol = "SYM" + Math.floorMod((owner + index).hashCode(), Math.max(1, symbols));
    return withVersion(TestPlans.active(planId(owner, index), owner, symbol), 1);
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
