package com.tradeplan.bench.peers;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@link SeededWorkload} through an implementation and compares its orders with the
 * engine's, order by order: plan, role, index, attempt, side, quantity and the tick it was sent
 * during. A disagreement names the first order that differs, so that no implementation is measured
 * doing less (or more) than the engine.
 */
public final class Agreement {
  /** The workload every benchmark trial checks at its end: small enough to take a second or two. */
  public static final SeededWorkload TRIAL_CHECK = SeededWorkload.generate(20261204L, 200, 4, 2500);

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

  /**
   * Throws unless {@code impl} agrees with the engine on the trials' workload. Inside a benchmark
   * run (the {@link TrialRecord#RESULTS_PROPERTY} folder is set) the engine's orders are computed
   * by the first trial and read back by the others from {@value #ENGINE_ORDERS_FILE}: the same code
   * and rules in one run give the same orders, and a cold engine run costs every trial seconds.
   */
  public static void checkTrial(Implementation impl) {
    String diff = difference(engineOnTrialCheck(), run(impl, TRIAL_CHECK));
    if (diff != null) {
      throw new IllegalStateException("disagreement with the engine: " + diff);
    }
  }

  static final String ENGINE_ORDERS_FILE = "agreement-engine-orders.csv";

  private static Run engineOnTrialCheck() {
    String dir = System.getProperty(TrialRecord.RESULTS_PROPERTY);
    if (dir == null) {
      return run(Implementation.ENGINE, TRIAL_CHECK);
    }
    Path file = Path.of(dir).resolve(ENGINE_ORDERS_FILE);
    try {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<SentOrder> orders = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split(",");
          orders.add(
              new SentOrder(
                  f[0],
                  OrderRole.valueOf(f[1]),
                  Integer.parseInt(f[2]),
                  Integer.parseInt(f[3]),
                  OrderAction.valueOf(f[4]),
                  Long.parseLong(f[5]),
                  Long.parseLong(f[6])));
        }
        return new Run(Implementation.ENGINE, orders, Integer.parseInt(lines.get(0)));
      }
      Run engine = run(Implementation.ENGINE, TRIAL_CHECK);
      StringBuilder out = new StringBuilder().append(engine.monitoredAtEnd()).append('\n');
      for (SentOrder o : engine.orders()) {
        out.append(o.planId()).append(',').append(o.role()).append(',').append(o.index());
        out.append(',').append(o.attempt()).append(',').append(o.action()).append(',');
        out.append(o.quantity()).append(',').append(o.tick()).append('\n');
      }
      Path tmp = Files.createTempFile(Path.of(dir), "agreement", ".tmp");
      Files.writeString(tmp, out, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return engine;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the engine's agreement orders in " + dir, e);
    }
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
