package com.tradeplan.bench.peers;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Retained heap per monitored plan, for one implementation over sizes of the {@link Population}:
 * the heap in use after full collections once the population is added, less the heap in use before
 * (with the implementation's fixed costs, such as the compiled rules or Esper's compiled EPL,
 * already loaded by a first, discarded instance), divided by the plans. The plans themselves count:
 * every implementation keeps them.
 *
 * <p>Run in its own JVM with {@code -XX:+UseSerialGC -XX:-UseCompressedOops}: a serial full
 * collection leaves exactly the live objects (ZGC's figure moves in 2 MB pages, meaningless at a
 * thousand plans), and without compressed oops objects have the layout they have under the
 * benchmarks' ZGC, which has no compressed oops on JDK 17. When the heap runs out it records how
 * many plans fitted and skips the larger sizes. One JSON line per size to {@code heap.jsonl}.
 *
 * <p>Usage: {@code HeapPerPlan RESULTS_DIR IMPL SIZE...}
 */
public final class HeapPerPlan {
  public static final String FILE = "heap.jsonl";

  private HeapPerPlan() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: HeapPerPlan RESULTS_DIR IMPL SIZE...");
      System.exit(2);
    }
    Path out = Path.of(args[0]).resolve(FILE);
    Implementation impl = Implementation.valueOf(args[1]);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    impl.create(new NextTickMarket(OrderLog.counting())).close();
    String ranOut = null;
    for (int plans : sizes) {
      TrialRecord r = new TrialRecord("heap", impl, plans);
      if (ranOut != null) {
        r.put("skipped", ranOut).appendTo(out);
        continue;
      }
      Population population = new Population(plans);
      long before = usedHeapAfterGc();
      PlanMonitor monitor = impl.create(new NextTickMarket(OrderLog.counting()));
      try {
        population.addTo(monitor);
        long after = usedHeapAfterGc();
        r.put("heapBytesPerPlan", (after - before) / (double) plans)
            .put("heapUsedBeforeBytes", before)
            .put("heapUsedAfterBytes", after)
            .put("monitoredPlans", monitor.monitoredPlans());
      } catch (OutOfMemoryError e) {
        monitor = null;
        long fitted = population.added();
        ranOut = "the heap ran out at " + fitted + " plans of a smaller size";
        r.put("outOfMemoryAfterPlans", fitted);
      } finally {
        if (monitor != null) {
          monitor.close();
        }
      }
      r.put("heapMaxBytes", Runtime.getRuntime().maxMemory()).appendTo(out);
      System.out.println(impl + " " + plans + " plans: done");
    }
  }

  /** Heap in use after full collections: at least three, until two in a row agree within 1%. */
  private static long usedHeapAfterGc() {
    long previous = -1;
    for (int i = 0; i < 6; i++) {
      System.gc();
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (i >= 2 && Math.abs(now - previous) <= previous / 100) {
        return Math.min(now, previous);
      }
      previous = now;
    }
    return previous;
  }
}
