package com.tradeplan.bench;

import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.Simulator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Analysis jobs' bodies in a JVM of their own, for {@link LanesUnderJobsRun}'s process mode: the
 * rules compiled and the seeded workload (the plans and ticks given) generated once, then {@code
 * ready CPU_MS} on stdout (the CPU time of that setup), then the workload run through the {@link
 * Simulator} again and again (each run a job's body, as the thread mode's pool runs them) until the
 * JVM is stopped, printing {@code job CPU_MS} after each (this JVM's whole CPU time so far).
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
    RuleSet rules = RuleSet.fromClasspath();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("ready " + os.getProcessCpuTime() / 1_000_000);
    while (true) {
      new Simulator(rules, SimulationOptions.DEFAULT).run(w.drafts(), tape.iterator());
      System.out.println("job " + os.getProcessCpuTime() / 1_000_000);
    }
  }
}
