package com.tradeplan.server.analysis;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.runtime.recording.UserRecording;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.store.AnalysisJobRepository;
import com.tradeplan.store.MongoConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the job pool's tests share ({@link SimulationJobsTest} on worker threads, {@link
 * ChildJvmJobsTest} in job JVMs): an embedded store per test class, the shipped rules as the only
 * version, pools with small bounds, the worked example and a slow job as requests, an incident
 * recording built from plans and ticks, and waiting for a job's state with a timeout.
 */
abstract class JobPoolTestSupport {
  static final Path EXAMPLE = Path.of("../simulator/src/test/resources/worked-example");
  static final RuleSet SHIPPED = RuleSet.fromClasspath();

  /** Version 1 only: the shipped kjar, deployed. */
  static final RuleSource RULES =
      new RuleSource() {
        @Override
        public int deployed() {
          return 1;
        }

        @Override
        public RuleSet compile(int version) {
          return SHIPPED;
        }

        @Override
        public Map<String, String> sourcesOf(int version) {
          return Map.of(); // version 1 only: the shipped kjar
        }
      };

  @TempDir static Path dir;
  static MongoConfig.MongoConnection mongo;

  @BeforeAll
  static void store() {
    mongo =
        new MongoConfig(null, "test", MongoConfig.Durability.W1, dir, Duration.ofSeconds(5))
            .connect();
  }

  @AfterAll
  static void closeStore() {
    mongo.close();
  }

  /**
   * A pool of {@code workers} with {@code queued} places, {@code eventsPerJob} events a job, 50
   * jobs kept, 4 runs in memory, 2 sweep cells; replays read {@code recording} (null: off).
   */
  static SimulationJobs jobs(
      int workers,
      int queued,
      long eventsPerJob,
      RuleSource rules,
      RecordingSource recording,
      JobIsolation isolation) {
    return new SimulationJobs(
        new AnalysisSettings(workers, queued, eventsPerJob, 50, 4, 64 << 20, 1 << 20, 2),
        rules,
        new AnalysisJobRepository(mongo),
        Clock.systemUTC(),
        recording,
        isolation);
  }

  static JobRequest workedExample(SimulationOptions options) throws Exception {
    return new JobRequest(
        "plans.json",
        Files.readString(EXAMPLE.resolve("plans.json")),
        "ticks.csv",
        Files.readString(EXAMPLE.resolve("ticks.csv")),
        null,
        options,
        null);
  }

  /**
   * Plans that never enter (entry above 1000), as a plans file: every tick wakes every plan when
   * the level gate is off.
   */
  static String slowPlans(int plans) {
    StringBuilder p = new StringBuilder("[");
    for (int i = 0; i < plans; i++) {
      p.append(i == 0 ? "" : ",")
          .append("{\"id\":\"s")
          .append(i)
          .append("\",\"owner\":\"ana\",\"symbol\":\"AAPL\",\"side\":\"LONG\",\"quantity\":10,")
          .append("\"entry\":{\"condition\":\"ABOVE\",\"price\":\"1000.00\"},")
          .append("\"stops\":[{\"price\":\"90.00\"}],\"targets\":[{\"price\":\"1100.00\"}]}");
    }
    return p.append("]").toString();
  }

  /**
   * {@link #slowPlans} over many ticks without the level gate: the run takes long enough to be
   * watched and cancelled.
   */
  static JobRequest slow(int plans, int ticks) {
    StringBuilder t = new StringBuilder("time,symbol,last\n");
    Instant start = Instant.parse("2026-03-02T14:30:00Z");
    for (int i = 0; i < ticks; i++) {
      t.append(start.plusMillis(i)).append(",AAPL,").append(100 + (i % 50)).append(".00\n");
    }
    return new JobRequest(
        "slow-plans.json",
        slowPlans(plans),
        "slow-ticks.csv",
        t.toString(),
        null,
        new SimulationOptions(null, CommissionModel.NONE, false),
        null);
  }

  /**
   * A recording of {@code owner}'s lane as a live day would leave it: the lane started, the plans
   * of {@code plansJson} added (ACTIVE; plan i pinned to {@code pinOf.apply(i)}, null: unpinned),
   * then {@code prices} as AAPL ticks a second apart. Nothing the live engine did is in it (no
   * order, report or event), so a replay of it says where it parts from an empty live run.
   */
  static UserRecording recording(
      String owner, String plansJson, IntFunction<Integer> pinOf, List<BigDecimal> prices) {
    Instant t0 = Instant.parse("2026-03-02T14:30:00Z");
    List<PlanSnapshot> plans = new ArrayList<>();
    List<PlanDraft> drafts = PlansJson.parse("plans.json", plansJson);
    for (int i = 0; i < drafts.size(); i++) {
      ValidationResult v = PlanValidator.validate(drafts.get(i), t0, Instrument.DEFAULT_TICK_SIZE);
      if (!(v instanceof ValidationResult.Valid valid)) {
        throw new IllegalArgumentException("plan " + i + " is invalid: " + v.errors());
      }
      plans.add(
          PlanSnapshot.initial(valid.plan(), PlanStatus.ACTIVE).withRuleSetVersion(pinOf.apply(i)));
    }
    List<LaneInput> entries = new ArrayList<>();
    entries.add(new LaneInput.Started(t0, 1));
    entries.add(new LaneInput.PlansAdded(plans, false, t0));
    for (int i = 0; i < prices.size(); i++) {
      entries.add(new LaneInput.TickSeen(Tick.of("AAPL", t0.plusSeconds(1 + i), prices.get(i))));
    }
    return new UserRecording(owner, null, null, entries, List.of());
  }

  /**
   * Waits up to 3 minutes: a job JVM that loads the rules took over a minute on a loaded machine (2
   * cores under several builds); a wait that holds returns at once.
   */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    com.tradeplan.testkit.Await.until(Duration.ofMinutes(3), what, condition);
  }

  static String status(SimulationJobs jobs, String id) {
    return jobs.find(id).orElseThrow().status();
  }
}
