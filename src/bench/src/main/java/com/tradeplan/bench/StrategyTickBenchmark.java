package com.tradeplan.bench;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.strategy.StrategyChoice;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.RuleSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a tick costs when the plans on its symbol run a strategy, against the same plans without one
 * (issue 15, point 5; docs/benchmarks.md, "Strategies: tick cost"). 1,000 ACTIVE plans of 200 users
 * on 10 symbols, entries 5.00 to 25.00 above a market of 100.00, each with the shipped strategy
 * {@code strategy} and its default parameters (or none). A plan with a strategy is woken on every
 * tick of its symbol ({@code Band.ALWAYS}, docs/rules.md "Strategies and the level gate"), so the
 * tick runs the rules of 100 plans where a plan without one is skipped by the level gate: that
 * difference is what this measures. The ticks move a few cents around 100.00 through one hour of
 * the exchange morning (10:00-11:00 New York), so the ATR window fills and no entry, exit time or
 * 1R is ever reached: the strategies' conditions are evaluated, none fires.
 */
public class StrategyTickBenchmark {
  static final int PLANS = 1_000;
  static final int USERS = 200;
  static final int SYMBOLS = 10;

  /** 10:00 New York on a winter Monday: far from the default exit time of 15:55. */
  static final Instant MORNING = Instant.parse("2026-03-02T15:00:00Z");

  /** Distinct tick times, one second apart: one hour, then round again (earlier ticks count). */
  static final int TICK_TIMES = 3_600;

  /** The engine with its plans in place and the ticks to send. */
  @State(Scope.Thread)
  public static class Engine {
    @Param({"none", "break-even-after-target", "exit-at-time", "trail-atr-after-1r"})
    public String strategy;

    EngineCore core;
    Tick[] ticks;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      RuleSet rules = RuleSet.fromClasspath();
      EngineBenchmark.CountingBroker broker = new EngineBenchmark.CountingBroker();
      core = new EngineCore(rules, broker, EngineListener.NONE, true);
      broker.setListener(core);
      StrategyChoice choice = choice(strategy);
      Random r = new Random(42);
      for (int i = 0; i < PLANS; i++) {
        String entry = BigDecimal.valueOf(10_500 + r.nextInt(2_000), 2).toPlainString();
        Plan plan =
            EngineBenchmark.Engine.plan("p" + i, "u" + (i % USERS), "S" + (i % SYMBOLS), entry);
        core.addPlan(PlanSnapshot.initial(plan.withStrategy(choice), PlanStatus.ACTIVE));
      }
      ticks = new Tick[TICK_TIMES];
      for (int i = 0; i < TICK_TIMES; i++) {
        // 99.90 to 100.10: ranges for the ATR, never an entry (105.00 and up)
        BigDecimal last = BigDecimal.valueOf(9_990 + r.nextInt(21), 2);
        ticks[i] = Tick.of("S" + (i % SYMBOLS), MORNING.plusSeconds(i), last);
      }
    }

    /** The shipped strategy with its schema's default parameters, typed; null for "none". */
    static StrategyChoice choice(String name) {
      return switch (name) {
        case "none" -> null;
        case "break-even-after-target" -> new StrategyChoice(name, Map.of("afterTarget", 1L));
        case "exit-at-time" -> new StrategyChoice(name, Map.of("exitAt", LocalTime.of(15, 55)));
        case "trail-atr-after-1r" ->
            new StrategyChoice(name, Map.of("atrMultiple", new BigDecimal("2"), "atrBarsMin", 5L));
        default -> throw new IllegalArgumentException("no shipped strategy " + name);
      };
    }
  }

  /** One tick of a symbol with 100 plans on it, none of which it moves to act. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void tick(Engine e) {
    e.core.onTick(e.ticks[e.next++ % TICK_TIMES], -1);
  }
}
