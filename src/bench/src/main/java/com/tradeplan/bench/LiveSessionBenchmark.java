package com.tradeplan.bench;

import com.tradeplan.bench.peers.TrialRecord;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.plan.TrailingStop;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.Step;
import com.tradeplan.engine.UserSession;
import com.tradeplan.engine.facts.PlanState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The rules themselves on a quiet tick: one user's session with 1,000 live trades on one symbol,
 * each with a fixed stop, a stop waiting for its activation level and a target (every third also a
 * trailing stop), and ticks that cross none of their levels. The level gate would keep such a tick
 * away from the session; this drives {@link UserSession#tick} directly, as the gate does for a tick
 * it cannot rule out, so it measures what every rule's conditions cost per woken tick. The trial
 * fails if a tick was not quiet or a trade was not live: a benchmark of an empty session proves
 * nothing.
 *
 * <p>Each measured iteration also records the benchmark thread's CPU time per tick ({@code
 * ThreadMXBean}) in the run's {@code trials.jsonl} (workload {@code liveSession}): on a shared
 * machine the wall-clock percentiles measure the load, the thread's CPU time the rules.
 */
public class LiveSessionBenchmark {
  static final int TRADES = 1_000;

  @State(Scope.Thread)
  public static class Session {
    UserSession session;
    Tick[] quietTicks;
    int next;
    long notQuiet;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long iterationCpuStart;
    private int iterationTicksStart;

    static Plan plan(int i) {
      return new Plan(
          "p" + i,
          "trader",
          Instrument.stock("LIVE"),
          Side.LONG,
          100,
          new Entry(EntryCondition.ABOVE, new BigDecimal("100.00"), null),
          List.of(
              new Stop(new BigDecimal("95.00"), null),
              new Stop(new BigDecimal("101.00"), new BigDecimal("103.00"))),
          List.of(new Target(new BigDecimal("110.00"), null)),
          i % 3 == 0 ? new TrailingStop(new BigDecimal("2.00")) : null);
    }

    @Setup(Level.Trial)
    public void setUp() {
      session = new UserSession("trader", RuleSet.fromClasspath());
      for (int i = 0; i < TRADES; i++) {
        session.addPlan(PlanSnapshot.initial(plan(i), PlanStatus.ACTIVE));
      }
      Step entries = session.tick(Tick.of("LIVE", EngineBenchmark.T0, new BigDecimal("100.00")), 0);
      List<Fill> fills = new ArrayList<>();
      for (int i = 0; i < TRADES; i++) {
        fills.add(
            new Fill(
                "e" + i,
                new OrderRef("p" + i, OrderRole.ENTRY, 0, 1),
                OrderAction.BUY,
                100,
                new BigDecimal("100.00"),
                BigDecimal.ZERO,
                EngineBenchmark.T0));
      }
      session.reports(fills, 1, EngineBenchmark.T0);
      for (PlanState p : session.plans()) {
        if (p.getStatus() != PlanStatus.CONTINGENT_ACTIVE || p.getPosition() != 100) {
          throw new IllegalStateException(
              entries.intents().size() + " entries sent, but " + p + " is not a live trade");
        }
      }
      // Above the trailing levels (98.00) and the stops, below the activation level (103.00), the
      // best price (100.00) and the target.
      quietTicks = new Tick[64];
      for (int i = 0; i < quietTicks.length; i++) {
        BigDecimal last = BigDecimal.valueOf(9_850 + (i * 37) % 140, 2);
        quietTicks[i] = Tick.of("LIVE", EngineBenchmark.T0, last);
      }
    }

    /** Iteration helpers run on the benchmark's own thread: its CPU time is the ticks'. */
    @Setup(Level.Iteration)
    public void startIteration() {
      iterationTicksStart = next;
      iterationCpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void recordIteration(IterationParams iteration) {
      long cpu = THREADS.getCurrentThreadCpuTime() - iterationCpuStart;
      int ticks = next - iterationTicksStart;
      if (iteration.getType() == IterationType.MEASUREMENT && ticks > 0) {
        new TrialRecord("liveSession", TRADES)
            .put("ticks", ticks)
            .put("cpuNanos", cpu)
            .put("cpuNanosPerTick", cpu / (double) ticks)
            .write();
      }
    }

    @TearDown(Level.Trial)
    public void checkEveryTickWasQuiet() {
      if (notQuiet > 0) {
        throw new IllegalStateException(notQuiet + " ticks changed a trade: not a quiet tick");
      }
      session.close();
    }
  }

  /**
   * One quiet tick through a session of 1,000 live trades (insert, match, fire nothing, delete).
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Step quietTickOfOneThousandLiveTrades(Session s) {
    Step step = s.session.tick(s.quietTicks[s.next++ & 63], -1);
    if (!step.isEmpty()) {
      s.notQuiet++;
    }
    return step;
  }
}
