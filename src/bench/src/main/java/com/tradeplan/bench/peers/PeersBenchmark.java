package com.tradeplan.bench.peers;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
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

/**
 * The engine and its peers on the four workloads of issue 16, over the sweep of monitored plans
 * ({@link PeerRig}: parameters {@code impl} and {@code plans}). Run by {@code ./tradeplan bench
 * peers}; the report divides every figure by the hand-coded implementation's (docs/benchmarks.md,
 * "Peers").
 *
 * <ul>
 *   <li>{@code quietTick}: a tick that crosses no level (a random walk inside the population's
 *       quiet band);
 *   <li>{@code entryTick}: a tick that triggers one plan's entry;
 *   <li>{@code fillTick}: the next tick, whose fill makes that trade live and arms its stops
 *       (fixed, activated, trailing) and targets;
 *   <li>{@code storm}: one move that triggers the entry of every plan of a symbol ({@code plans /
 *       100} plans, each of another user).
 * </ul>
 *
 * The entry and fill workloads run a cycle per operation, one plan at a time (added, entered,
 * filled, stopped out, exit filled), and time only their own tick of it: the rest runs in the
 * invocation's set-up, so the population stays the same size however many operations run.
 *
 * <p>What is timed is the steady-state decision, not a first time: the cycles' plans belong to a
 * bounded set of {@link Cycle#CYCLE_USERS} existing users, and every trial first runs untimed
 * warm-up cycles ({@link WarmUp}) that take each of them (and each storm user) through a whole
 * cycle and give the JIT ten thousand cycles. Without it a user met a cycle plan for the first time
 * in almost every measured operation (one of {@code plans / 5} users per cycle), so the engine's
 * figure was that session's first build of the rules' node memories for stops, targets and the
 * trailing stop, and code the JIT had not compiled yet (a loaded machine gave a trial 50-100
 * operations): 1.5-3.5 ms of CPU where the steady-state decision costs tens to hundreds of µs
 * (docs/benchmarks.md, "Peers", "Profile").
 */
public class PeersBenchmark {
  /** A tick crossing no level of any plan. */
  @State(Scope.Thread)
  public static class Quiet extends PeerRig {
    private static final int TICKS = 65_536;
    Tick[] ticks;
    int next;
    long ops;

    @Override
    protected String workload() {
      return "quietTick";
    }

    @Setup(Level.Trial)
    public void ticks() {
      ticks = Population.quietTicks(TICKS);
    }

    @Setup(Level.Iteration)
    public void meterIteration() {
      ops = 0;
      meterFrom();
    }

    @TearDown(Level.Iteration)
    public void meterIterationEnd() {
      meterTo(ops);
    }

    @Override
    protected void finish() {}
  }

  /**
   * One plan at a time through its whole life on a symbol of the population: added, entered,
   * filled, stopped out, exit filled. Its orders are expected when the cycle completes.
   */
  public abstract static class Cycle extends PeerRig {
    /**
     * The users whose sessions the cycles' plans join, in turn: the first ones of the population.
     */
    static final int CYCLE_USERS = 100;

    private Tick[] entryMoves;
    private Tick[] stopMoves;
    private int cycles;
    private String planId;
    private int symbol;
    private int stage;
    private long entryTick;
    private long stopTick;

    @Setup(Level.Trial)
    public void moves() {
      entryMoves = new Tick[Population.SYMBOLS];
      stopMoves = new Tick[Population.SYMBOLS];
      for (int s = 0; s < Population.SYMBOLS; s++) {
        entryMoves[s] = Tick.of(Population.symbol(s), Population.T0, Population.ENTRY_MOVE);
        stopMoves[s] = Tick.of(Population.symbol(s), Population.T0, Population.STOP_MOVE);
      }
      // after the moves, which the cycles tick with
      WarmUp.run(CYCLE_USERS, WarmUp.CYCLES, this::add);
      finish();
    }

    /** Stage 1: a new plan, on the next symbol, of an existing user. */
    protected final void add() {
      finish();
      cycles++;
      planId = "c" + cycles;
      symbol = cycles % Population.SYMBOLS;
      int user = cycles % Math.min(CYCLE_USERS, population.users());
      monitor.addPlan(
          Population.cyclePlan(planId, Population.user(user), Population.symbol(symbol)));
      stage = 1;
    }

    /** Stage 2: the tick that triggers its entry. */
    protected final void enter() {
      entryTick = tick(entryMoves[symbol]);
      stage = 2;
    }

    /** Stage 3: the tick whose fill makes the trade live. */
    protected final void fill() {
      tick(entryMoves[symbol]);
      stage = 3;
    }

    @Override
    protected final void finish() {
      if (stage == 0) {
        return;
      }
      if (stage < 2) {
        enter();
      }
      if (stage < 3) {
        fill();
      }
      stopTick = tick(stopMoves[symbol]);
      tick(stopMoves[symbol]);
      expect(planId, OrderRole.ENTRY, OrderAction.BUY, 100, entryTick);
      expect(planId, OrderRole.STOP, OrderAction.SELL, 100, stopTick);
      stage = 0;
    }

    @TearDown(Level.Invocation)
    public void meterInvocationEnd() {
      meterTo(1);
    }
  }

  /** A tick that triggers one plan's entry. */
  @State(Scope.Thread)
  public static class EntryCycle extends Cycle {
    @Override
    protected String workload() {
      return "entryTick";
    }

    @Setup(Level.Invocation)
    public void arm() {
      add();
      meterFrom();
    }
  }

  /** The tick after an entry: the fill, the trade live, its stops and targets armed. */
  @State(Scope.Thread)
  public static class FillCycle extends Cycle {
    @Override
    protected String workload() {
      return "fillTick";
    }

    @Setup(Level.Invocation)
    public void arm() {
      add();
      enter();
      meterFrom();
    }
  }

  /** Every plan of a symbol, {@code plans / 100} of them, each of another user, enters at once. */
  @State(Scope.Thread)
  public static class Storm extends PeerRig {
    private int rounds;
    private int symbol = -1;
    private long stormTick = -1;
    Tick move;

    @Override
    protected String workload() {
      return "storm";
    }

    int size() {
      return plans / Population.SYMBOLS;
    }

    /** Untimed storms until every storm user has been through one and the JIT saw enough plans. */
    @Setup(Level.Trial)
    public void warmUp() {
      WarmUp.run(1, (WarmUp.CYCLES + size() - 1) / size(), this::arm);
      finish();
    }

    @Setup(Level.Invocation)
    public void arm() {
      finish();
      rounds++;
      symbol = rounds % Population.SYMBOLS;
      String s = Population.symbol(symbol);
      for (int m = 0; m < size(); m++) {
        monitor.addPlan(Population.cyclePlan("st" + rounds + "-" + m, Population.user(m), s));
      }
      move = Tick.of(s, Population.T0, Population.ENTRY_MOVE);
      stormTick = -1;
      meterFrom();
    }

    @TearDown(Level.Invocation)
    public void meterInvocationEnd() {
      meterTo(1);
    }

    @Override
    protected void finish() {
      if (symbol < 0) {
        return;
      }
      String s = Population.symbol(symbol);
      if (stormTick < 0) {
        stormTick = tick(move);
      }
      tick(move);
      long stopTick = tick(Tick.of(s, Population.T0, Population.STOP_MOVE));
      tick(Tick.of(s, Population.T0, Population.STOP_MOVE));
      for (int m = 0; m < size(); m++) {
        String id = "st" + rounds + "-" + m;
        expect(id, OrderRole.ENTRY, OrderAction.BUY, 100, stormTick);
        expect(id, OrderRole.STOP, OrderAction.SELL, 100, stopTick);
      }
      symbol = -1;
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long quietTick(Quiet q) {
    q.ops++;
    return q.tick(q.ticks[q.next++ & (Quiet.TICKS - 1)]);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void entryTick(EntryCycle c) {
    c.enter();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void fillTick(FillCycle c) {
    c.fill();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long storm(Storm s) {
    s.stormTick = s.tick(s.move);
    return s.stormTick;
  }
}
