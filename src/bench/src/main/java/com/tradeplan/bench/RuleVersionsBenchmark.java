package com.tradeplan.bench;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.EngineMetrics;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.RuleSets;
import com.tradeplan.engine.RuleSources;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whether a tick costs more when more rule-set versions are loaded (issue 15, point 4;
 * docs/benchmarks.md, "Rule-set versions"). 1,000 ACTIVE plans of 200 users on 10 symbols run on
 * version 1 and are ticked; {@code versions} - 1 further versions (the shipped rules with a comment
 * added, so each is its own kjar and KieBase) are loaded, each with 100 plans of its own users on
 * other symbols, so their sessions exist but hold nothing of the ticked symbols. With {@code
 * pinnedSpread}, the ticked plans themselves are pinned round-robin over every version: each user
 * then has up to {@code versions} sessions on a ticked symbol.
 */
public class RuleVersionsBenchmark {
  static final int PLANS = 1_000;
  static final int USERS = 200;
  static final int SYMBOLS = 10;
  static final int PLANS_PER_OTHER_VERSION = 100;

  /** The engine with its versions loaded and its plans in place. */
  @State(Scope.Thread)
  public static class Engine {
    @Param({"1", "8"})
    public int versions;

    @Param({"false", "true"})
    public boolean pinnedSpread;

    EngineCore core;
    Tick[] quietTicks;
    int next;
    private final Map<Integer, RuleSet> built = new HashMap<>();

    @Setup(Level.Trial)
    public void setUp() {
      RuleSet shipped = RuleSet.fromClasspath();
      RuleSources sources = shipped.classpathSources();
      for (int n = 2; n <= versions; n++) {
        Map<String, String> files = new TreeMap<>(sources.files());
        String first = files.keySet().iterator().next();
        files.put(first, "// version " + n + "\n" + files.get(first));
        built.put(n, RuleSet.fromSources(n, RuleSources.of(files)));
      }
      RuleSets sets = RuleSets.versioned(shipped, built::get);
      EngineBenchmark.CountingBroker broker = new EngineBenchmark.CountingBroker();
      core = new EngineCore(sets, broker, EngineListener.NONE, true, EngineMetrics.NONE);
      broker.setListener(core);
      Random r = new Random(42);
      for (int i = 0; i < PLANS; i++) {
        String entry = BigDecimal.valueOf(10_500 + r.nextInt(2_000), 2).toPlainString();
        Integer pin = pinnedSpread ? 1 + i % versions : null;
        core.addPlan(
            PlanSnapshot.initial(
                    EngineBenchmark.Engine.plan(
                        "p" + i, "u" + (i % USERS), "S" + (i % SYMBOLS), entry),
                    PlanStatus.ACTIVE)
                .withRuleSetVersion(pin));
      }
      for (int n = 2; n <= versions; n++) {
        for (int i = 0; i < PLANS_PER_OTHER_VERSION; i++) {
          core.addPlan(
              PlanSnapshot.initial(
                      EngineBenchmark.Engine.plan(
                          "v" + n + "p" + i,
                          "v" + n + "u" + (i % 20),
                          "X" + (i % SYMBOLS),
                          "120.00"),
                      PlanStatus.ACTIVE)
                  .withRuleSetVersion(n));
        }
      }
      quietTicks = new Tick[SYMBOLS];
      for (int s = 0; s < SYMBOLS; s++) {
        quietTicks[s] = Tick.of("S" + s, EngineBenchmark.T0, new BigDecimal("100.00"));
      }
    }

    @TearDown(Level.Trial)
    public void release() {
      built.values().forEach(RuleSet::release);
    }
  }

  /** A tick of a ticked symbol that crosses no level (100 plans on it, all idle). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void quietTick(Engine e) {
    e.core.onTick(e.quietTicks[e.next++ % SYMBOLS], -1);
  }
}
