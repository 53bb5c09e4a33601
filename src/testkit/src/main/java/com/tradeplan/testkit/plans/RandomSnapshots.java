package com.tradeplan.testkit.plans;

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
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random snapshots that exercise every field of a {@link PlanSnapshot}, nulls, non-default
 * instruments and the whole Decimal128 range included: for round-trip tests of every form a
 * snapshot is kept or sent in (the store's documents, the cluster's replicated entries). The same
 * seed gives the same snapshots. The snapshots are valid values, not reachable lifecycle states:
 * any status with any orders.
 */
public final class RandomSnapshots {
  private RandomSnapshots() {}

  /** A random valid snapshot exercising every field, nulls included. */
  public static PlanSnapshot randomSnapshot(Random r, int n) {
    String id = "r" + n;
    List<Stop> stops = new ArrayList<>();
    for (int i = 0, k = 1 + r.nextInt(3); i < k; i++) {
      stops.add(new Stop(randomPrice(r), r.nextBoolean() ? null : randomPrice(r)));
    }
    List<Target> targets = new ArrayList<>();
    for (int i = 0, k = r.nextInt(4); i < k; i++) {
      targets.add(new Target(randomPrice(r), r.nextBoolean() ? null : 1L + r.nextInt(1000)));
    }
    // The slippage protection follows from the id's hash, so the random stream stays as it was.
    int idHash = Math.floorMod(id.hashCode(), 7);
    Integer slippageTicks = idHash == 0 ? null : idHash * 3 - 3;
    Plan plan =
        new Plan(
            id,
            "owner" + r.nextInt(5),
            new Instrument(
                "SYM" + r.nextInt(10),
                r.nextBoolean() ? null : "FUT",
                r.nextBoolean() ? null : "CME",
                r.nextBoolean() ? null : "EUR",
                r.nextBoolean() ? null : new BigDecimal("0.0025")),
            r.nextBoolean() ? Side.LONG : Side.SHORT,
            1 + r.nextInt(10_000),
            new Entry(
                r.nextBoolean() ? EntryCondition.ABOVE : EntryCondition.BELOW,
                randomPrice(r),
                r.nextBoolean() ? null : randomInstant(r),
                slippageTicks),
            stops,
            targets,
            r.nextBoolean() ? null : new TrailingStop(randomPrice(r)));
    List<StopSnapshot> stopStates = new ArrayList<>();
    for (int i = 0, k = r.nextInt(4); i < k; i++) {
      stopStates.add(
          new StopSnapshot(
              i - 1,
              StopKind.values()[r.nextInt(StopKind.values().length)],
              r.nextBoolean() ? null : randomPrice(r),
              r.nextBoolean() ? null : randomPrice(r),
              r.nextBoolean()));
    }
    List<Boolean> fired = new ArrayList<>();
    targets.forEach(t -> fired.add(r.nextBoolean()));
    List<OrderSnapshot> orders = new ArrayList<>();
    for (int i = 0, k = r.nextInt(4); i < k; i++) {
      long q = 1 + r.nextInt(1000);
      orders.add(
          new OrderSnapshot(
              new OrderRef(id, OrderRole.values()[r.nextInt(4)], r.nextInt(5), 1 + r.nextInt(3)),
              r.nextBoolean() ? OrderAction.BUY : OrderAction.SELL,
              q,
              r.nextInt((int) q + 1),
              OrderStatus.values()[r.nextInt(OrderStatus.values().length)],
              r.nextBoolean() ? null : "rule " + r.nextInt(20)));
    }
    List<String> execIds = new ArrayList<>();
    for (int i = 0, k = r.nextInt(4); i < k; i++) {
      execIds.add("0000e0d5." + Long.toHexString(r.nextLong()) + ".01.01");
    }
    Map<String, BigDecimal> commissions = new LinkedHashMap<>();
    for (String execId : execIds) {
      if (r.nextInt(3) > 0) {
        commissions.put(execId, r.nextInt(4) == 0 ? null : randomDecimal(r).abs());
      }
    }
    long filled = r.nextInt(10_000);
    return new PlanSnapshot(
        plan,
        PlanStatus.values()[r.nextInt(PlanStatus.values().length)],
        filled == 0 ? 0 : r.nextInt((int) filled + 1),
        filled,
        randomDecimal(r),
        randomDecimal(r).negate(),
        randomDecimal(r).abs(),
        stopStates,
        fired,
        r.nextBoolean() ? null : randomPrice(r),
        r.nextBoolean() ? null : randomPrice(r),
        r.nextBoolean(),
        r.nextBoolean(),
        r.nextBoolean() ? null : randomInstant(r),
        orders,
        execIds,
        commissions,
        r.nextBoolean() ? null : "reason " + r.nextInt(9),
        r.nextInt(1_000_000),
        null,
        r.nextBoolean() ? null : "DU" + (1_000_000 + r.nextInt(9)));
  }

  /** A positive price with 0 to 6 decimals (trailing zeros kept: scale must survive). */
  public static BigDecimal randomPrice(Random r) {
    return BigDecimal.valueOf(1 + r.nextInt(1_000_000), r.nextInt(7));
  }

  /** Any decimal of up to 34 significant digits and scale -5..30: the whole Decimal128 range. */
  public static BigDecimal randomDecimal(Random r) {
    int digits = 1 + r.nextInt(34);
    StringBuilder sb = new StringBuilder();
    sb.append(1 + r.nextInt(9));
    for (int i = 1; i < digits; i++) {
      sb.append(r.nextInt(10));
    }
    BigDecimal v = new BigDecimal(new BigInteger(sb.toString()), r.nextInt(36) - 5);
    return r.nextBoolean() ? v.negate() : v;
  }

  public static Instant randomInstant(Random r) {
    return Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(1_000_000_000));
  }
}
