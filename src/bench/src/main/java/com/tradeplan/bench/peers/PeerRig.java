package com.tradeplan.bench.peers;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What every peer benchmark trial shares: one implementation ({@code impl}) monitoring the {@link
 * Population} of {@code plans} plans, the market it trades with, and the trial's checks. At
 * tear-down it fails the trial unless the orders sent equal, one for one, the orders the workload
 * expects (counted and fingerprinted), the whole population is still monitored, and the
 * implementation agrees with the engine on the shared seeded workload ({@link
 * Agreement#TRIAL_CHECK}); then it writes the trial's {@link TrialRecord}.
 *
 * <p>Each workload's state extends it and is the one state its benchmark method takes (a second
 * state instance would measure an empty implementation, as an early version of EngineBenchmark once
 * did).
 */
@State(Scope.Thread)
public abstract class PeerRig {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Param({"HAND_CODED", "ENGINE", "DROOLS_UNGATED", "ESPER"})
  public Implementation impl;

  @Param({"1000", "10000", "100000", "1000000"})
  public int plans;

  protected Population population;
  protected PlanMonitor monitor;
  private NextTickMarket market;
  private OrderLog sent;
  private final OrderLog expected = OrderLog.counting();
  private long tickIndex = -1;
  private boolean measuring;
  private long allocatedBytes;
  private long allocationMark;
  private long cpuNanos;
  private long cpuMark;
  private long measuredOps;
  private double buildSeconds;

  /** The workload's name in reports: the benchmark method's. */
  protected abstract String workload();

  /** Completes what the last operation left in flight, so that every expected order was sent. */
  protected abstract void finish();

  @Setup(Level.Trial)
  public void build() {
    population = new Population(plans);
    long start = System.nanoTime();
    sent = OrderLog.counting();
    market = new NextTickMarket(sent);
    monitor = impl.create(market);
    population.addTo(monitor);
    buildSeconds = (System.nanoTime() - start) / 1e9;
    if (monitor.monitoredPlans() != plans) {
      throw new IllegalStateException(
          impl + " monitors " + monitor.monitoredPlans() + " of " + plans + " plans");
    }
  }

  @Setup(Level.Iteration)
  public void startIteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
  }

  /**
   * Starts counting the bytes the benchmark thread allocates and the CPU time it runs for
   * (measurement iterations only). CPU time is what a loaded, shared machine distorts least: a
   * millisecond operation is almost always descheduled at a load of 15 on 2 cores, a 100 ns one
   * almost never, so wall-clock ratios between them grow with the load.
   */
  protected final void meterFrom() {
    cpuMark = THREADS.getCurrentThreadCpuTime();
    allocationMark = THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Stops counting: what was spent since {@link #meterFrom} went to {@code ops} operations. */
  protected final void meterTo(long ops) {
    if (measuring) {
      allocatedBytes += THREADS.getCurrentThreadAllocatedBytes() - allocationMark;
      cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuMark;
      measuredOps += ops;
    }
  }

  /** Sends one tick through the market (fills first) and the implementation; returns its index. */
  protected final long tick(Tick tick) {
    long index = ++tickIndex;
    market.onTick(tick, index);
    monitor.onTick(tick, index);
    return index;
  }

  /** Records an order the workload expects to have been sent during tick {@code tick}. */
  protected final void expect(
      String planId, OrderRole role, OrderAction action, long quantity, long tick) {
    expected.record(new SentOrder(planId, role, 0, 1, action, quantity, tick));
  }

  @TearDown(Level.Trial)
  public void check() {
    try {
      finish();
      if (!sent.sameOrdersAs(expected)) {
        throw new IllegalStateException(
            impl
                + " sent "
                + sent.count()
                + " orders where the workload expects "
                + expected.count()
                + (sent.count() == expected.count() ? ", but not the same ones" : ""));
      }
      if (monitor.monitoredPlans() != plans) {
        throw new IllegalStateException(
            impl + " monitors " + monitor.monitoredPlans() + " plans, not " + plans);
      }
      if (impl != Implementation.ENGINE) {
        Agreement.checkTrial(impl);
      }
      new TrialRecord(workload(), impl, plans)
          .put("buildSeconds", buildSeconds)
          .put(
              "allocatedBytesPerOp",
              measuredOps == 0 ? null : allocatedBytes / (double) measuredOps)
          .put("cpuMicrosPerOp", measuredOps == 0 ? null : cpuNanos / 1e3 / measuredOps)
          .put("measuredOps", measuredOps)
          .put("ordersSent", sent.count())
          .put("monitoredPlans", monitor.monitoredPlans())
          .write();
    } finally {
      monitor.close();
    }
  }
}
