package com.tradeplan.bench;

import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.Simulator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * One analysis job's body in a JVM of its own, for {@link LanesUnderJobsRun}'s process mode: the
 * rules compiled and the seeded workload (100 plans, 200,000 ticks) run once through the {@link
 * Simulator}, as a job JVM of the server compiles and runs its files. Prints {@code cpu-ms N} (the
 * whole JVM's CPU time: start, compile, run) on stdout and exits 0.
 */
public final class SimulationJobBody {
  private SimulationJobBody() {}

  public static void main(String[] args) {
    int plans = Integer.parseInt(args[0]);
    int ticks = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    SimulationWorkload w = new SimulationWorkload(plans, seed);
    List<IndexedTick> tape = new ArrayList<>();
    w.ticks(ticks).forEachRemaining(tape::add);
    new Simulator(RuleSet.fromClasspath(), SimulationOptions.DEFAULT)
        .run(w.drafts(), tape.iterator());
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("cpu-ms " + os.getProcessCpuTime() / 1_000_000);
  }
}
