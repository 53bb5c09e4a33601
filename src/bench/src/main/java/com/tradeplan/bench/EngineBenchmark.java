package com.tradeplan.bench;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.RuleSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The engine with 10,000 ACTIVE plans over 2,000 users and 100 symbols (issue 3's sizing), driven
 * on one thread as one lane would be. Results and the command are recorded in docs/benchmarks.md.
 */
public class EngineBenchmark {
  static final int USERS = 2_000;
  static final int PLANS = 10_000;
  static final int SYMBOLS = 100;
  static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  /** Accepts every order and keeps only a count: the broker is not what is measured. */
  static final class CountingBroker implements Broker {
    long submitted;

    @Override
    public SubmitResult submit(OrderRequest request) {
      submitted++;
      return SubmitResult.ACCEPTED;
    }

    @Override
    public SubmitResult cancel(OrderRef ref) {
      return SubmitResult.ACCEPTED;
    }

    @Override
    public void setListener(BrokerListener listener) {}
  }

  /** The engine under test, shared by every benchmark method and the trigger state of a thread. */
  @State(Scope.Thread)
  public static class Engine {
    EngineCore core;
    CountingBroker broker;
    Tick[] quietTicks;
    Tick[] walk;
    int next;
    int triggerSeq;

    static Plan plan(String id, String owner, String symbol, String entry) {
      BigDecimal e = new BigDecimal(entry);
      return new Plan(
          id,
          owner,
          Instrument.stock(symbol),
          Side.LONG,
          100,
          new Entry(EntryCondition.ABOVE, e, null),
          List.of(new Stop(e.subtract(new BigDecimal("2.00")), null)),
          List.of(new Target(e.add(new BigDecimal("3.00")), null)),
          null);
    }

    @Setup(Level.Trial)
    public void setUp() {
      RuleSet rules = RuleSet.fromClasspath();
      broker = new CountingBroker();
      core = new EngineCore(rules, broker, EngineListener.NONE, true);
      broker.setListener(core);
      Random r = new Random(42);
      for (int i = 0; i < PLANS; i++) {
        String symbol = "S" + (i % SYMBOLS);
        // entries spread 5.00 to 25.00 above the market of 100.00: quiet until the market gets
        // there
        String entry = BigDecimal.valueOf(10_500 + r.nextInt(2_000), 2).toPlainString();
        core.addPlan(
            PlanSnapshot.initial(
                plan("p" + i, "u" + (i % USERS), symbol, entry), PlanStatus.ACTIVE));
      }
      quietTicks = new Tick[SYMBOLS];
      for (int s = 0; s < SYMBOLS; s++) {
        quietTicks[s] = Tick.of("S" + s, T0, new BigDecimal("100.00"));
      }
      walk = new Tick[65_536];
      long[] px = new long[SYMBOLS];
      java.util.Arrays.fill(px, 10_000);
      for (int i = 0; i < walk.length; i++) {
        int s = r.nextInt(SYMBOLS);
        px[s] = Math.max(9_000, Math.min(10_400, px[s] + r.nextInt(21) - 10));
        walk[i] = Tick.of("S" + s, T0, BigDecimal.valueOf(px[s], 2));
      }
    }

    /**
     * Adds the ACTIVE plan {@code id} of {@code owner}, entering above 100.00 on {@code symbol};
     * answers the tick that crosses its entry (100.01).
     */
    Tick addPlanAndItsTrigger(String id, String owner, String symbol) {
      core.addPlan(PlanSnapshot.initial(plan(id, owner, symbol, "100.00"), PlanStatus.ACTIVE));
      return Tick.of(symbol, T0, new BigDecimal("100.01"));
    }

    /** Publishes {@code tick}; answers how many orders it sent (a trigger's: its entry, 1). */
    long ordersSentBy(Tick tick) {
      long before = broker.submitted;
      core.onTick(tick, -1);
      return broker.submitted - before;
    }

    /** Fails the run if the triggering ticks did not all produce their entry order. */
    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void checkEveryTriggerSentItsEntry() {
      if (triggerSeq > 0 && broker.submitted != triggerSeq) {
        throw new IllegalStateException(
            triggerSeq + " triggering ticks but " + broker.submitted + " entries sent");
      }
    }
  }

  /** A tick that crosses no level of any plan of its symbol (100 plans on it, all idle). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void tickThatCrossesNoLevel(Engine e) {
    e.core.onTick(e.quietTicks[e.next++ & 63], -1);
  }

  /** Ticks of a random walk that stays below every entry: sustained ticks per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void randomWalkTicks(Engine e) {
    e.core.onTick(e.walk[e.next++ & 65_535], -1);
  }

  /** The engine plus, per invocation, a fresh plan whose entry the next tick crosses. */
  @State(Scope.Thread)
  public static class Trigger extends Engine {
    Tick tick;

    @Setup(Level.Invocation)
    public void arm() {
      tick = nextTrigger();
    }

    /** A plan on one of 50 symbols, its owner one of 20,000: answers the tick that triggers it. */
    Tick nextTrigger() {
      String symbol = "T" + (triggerSeq % 50);
      String id = "t" + triggerSeq++;
      return addPlanAndItsTrigger(id, "trader" + (triggerSeq % 20_000), symbol);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long tickToOrderIntent(Trigger t) {
    return t.ordersSentBy(t.tick);
  }

  /**
   * As {@link Trigger}, but the market is at 90.00, 10% under the new plan's entry, when the plan
   * is added, so its new user rests (no KieSession) until a tick comes near; the measured tick gaps
   * from there across the entry and pays for preparing the user as well (docs/benchmarks.md, "Heap
   * per monitored plan: users at rest"). A new user each time: a user seen before would be prepared
   * already.
   */
  @State(Scope.Thread)
  public static class GapTrigger extends Trigger {
    @Override
    Tick nextTrigger() {
      String symbol = "G" + (triggerSeq % 50);
      String id = "g" + triggerSeq++;
      core.onTick(Tick.of(symbol, T0, new BigDecimal("90.00")), -1);
      return addPlanAndItsTrigger(id, "gapper" + triggerSeq, symbol);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long tickToOrderIntentAfterGap(GapTrigger t) {
    return t.ordersSentBy(t.tick);
  }
}
