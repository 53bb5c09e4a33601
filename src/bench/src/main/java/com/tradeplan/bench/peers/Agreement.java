package com.tradeplan.bench.peers;

import java.util.List;

/**
 * Runs the {@link SeededWorkload} through an implementation and compares its orders with the
 * engine's, order by order: plan, role, index, attempt, side, quantity and the tick it was sent
 * during. A disagreement names the first order that differs, so that no implementation is measured
 * doing less (or more) than the engine.
 */
public final class Agreement {
  /** The workload every benchmark trial checks at its end: small enough to take a second or two. */
  public static final SeededWorkload TRIAL_CHECK = SeededWorkload.generate(20261204L, 300, 6, 4000);

  private Agreement() {}

  /** The orders {@code impl} sends on {@code workload}, with its monitored plans at the end. */
  public static Run run(Implementation impl, SeededWorkload workload) {
    OrderLog log = OrderLog.keeping();
    NextTickMarket market = new NextTickMarket(log);
    try (PlanMonitor m = impl.create(market)) {
      int next = 0;
      List<SeededWorkload.Arrival> plans = workload.plans();
      List<com.tradeplan.domain.market.Tick> ticks = workload.ticks();
      for (int i = 0; i < ticks.size(); i++) {
        while (next < plans.size() && plans.get(next).beforeTick() <= i) {
          m.addPlan(plans.get(next++).plan());
        }
        market.onTick(ticks.get(i), i);
        m.onTick(ticks.get(i), i);
      }
      return new Run(impl, log.sorted(), m.monitoredPlans());
    }
  }

  /** One implementation's orders on a workload, sorted, and the plans it still monitored. */
  public record Run(Implementation impl, List<SentOrder> orders, int monitoredAtEnd) {}

  /**
   * Null when {@code actual} sent exactly the orders of {@code expected}; otherwise what differs
   * first.
   */
  public static String difference(Run expected, Run actual) {
    List<SentOrder> e = expected.orders();
    List<SentOrder> a = actual.orders();
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      if (!e.get(i).equals(a.get(i))) {
        return actual.impl()
            + " order #"
            + i
            + " is "
            + a.get(i)
            + " where "
            + expected.impl()
            + " sent "
            + e.get(i);
      }
    }
    if (e.size() != a.size()) {
      List<SentOrder> longer = e.size() > a.size() ? e : a;
      return actual.impl()
          + " sent "
          + a.size()
          + " orders, "
          + expected.impl()
          + " "
          + e.size()
          + "; first extra: "
          + longer.get(Math.min(e.size(), a.size()));
    }
    if (expected.monitoredAtEnd() != actual.monitoredAtEnd()) {
      return actual.impl()
          + " monitors "
          + actual.monitoredAtEnd()
          + " plans at the end, "
          + expected.impl()
          + " "
          + expected.monitoredAtEnd();
    }
    return null;
  }

  /** Throws unless {@code impl} agrees with the engine on {@code workload}. */
  public static void check(Implementation impl, SeededWorkload workload) {
    Run engine = run(Implementation.ENGINE, workload);
    String diff = difference(engine, run(impl, workload));
    if (diff != null) {
      throw new IllegalStateException("disagreement with the engine: " + diff);
    }
  }
}
