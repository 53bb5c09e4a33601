package com.tradeplan.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.SimulatorCli;
import com.tradeplan.store.AnalysisJobRepository;
import com.tradeplan.store.MongoConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job pool on its own (no web server): a job's reports are the CLI's to the byte, a cancel
 * stops a running job within a tick, a job over its memory bound fails naming the bound, and a full
 * pool refuses a submit with a message saying why.
 */
class SimulationJobsTest {
  static final Path EXAMPLE = Path.of("../simulator/src/test/resources/worked-example");
  static final RuleSet SHIPPED = RuleSet.fromClasspath();

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
        public java.util.Map<String, String> sourcesOf(int version) {
          return java.util.Map.of(); // version 1 only: the shipped kjar
        }
      };

  static SimulationJobs jobs(int workers, int queued, long eventsPerJob) {
    return new SimulationJobs(
        new AnalysisSettings(workers, queued, eventsPerJob, 50, 4, 64 << 20, 1 << 20, 2),
        RULES,
        new AnalysisJobRepository(mongo),
        Clock.systemUTC());
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
   * Plans that never enter (entry above 1000) over many ticks without the level gate: every tick
   * wakes every plan, so the run takes long enough to be watched and cancelled.
   */
  static JobRequest slow(int plans, int ticks) {
    StringBuilder p = new StringBuilder("[");
    for (int i = 0; i < plans; i++) {
      p.append(i == 0 ? "" : ",")
          .append("{\"id\":\"s")
          .append(i)
          .append("\",\"owner\":\"ana\",\"symbol\":\"AAPL\",\"side\":\"LONG\",\"quantity\":10,")
          .append("\"entry\":{\"condition\":\"ABOVE\",\"price\":\"1000.00\"},")
          .append("\"stops\":[{\"price\":\"90.00\"}],\"targets\":[{\"price\":\"1100.00\"}]}");
    }
    StringBuilder t = new StringBuilder("time,symbol,last\n");
    java.time.Instant start = java.time.Instant.parse("2026-03-02T14:30:00Z");
    for (int i = 0; i < ticks; i++) {
      t.append(start.plusMillis(i)).append(",AAPL,").append(100 + (i % 50)).append(".00\n");
    }
    return new JobRequest(
        "slow-plans.json",
        p.append("]").toString(),
        "slow-ticks.csv",
        t.toString(),
        null,
        new SimulationOptions(null, CommissionModel.NONE, false),
        null);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    com.tradeplan.testkit.Await.until(Duration.ofSeconds(60), what, condition);
  }

  static String status(SimulationJobs jobs, String id) {
    return jobs.find(id).orElseThrow().status();
  }

  @Test
  void aJobsReportsAreTheClisOnTheSameInputs() throws Exception {
    Path out = dir.resolve("result.json");
    Path html = dir.resolve("report.html");
    Path json = dir.resolve("report.json");
    int exit =
        SimulatorCli.run(
            new String[] {
              "--plans", EXAMPLE.resolve("plans.json").toString(),
              "--ticks", EXAMPLE.resolve("ticks.csv").toString(),
              "--out", out.toString(),
              "--commission", "ib-fixed",
              "--max-fill-per-tick", "30",
              "--report", html.toString(),
              "--report-json", json.toString()
            },
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()));
    assertThat(exit).isZero();
    try (SimulationJobs jobs = jobs(1, 2, 10_000)) {
      String id =
          jobs.submit(
                  "ana", workedExample(new SimulationOptions(30L, CommissionModel.IB_FIXED, true)))
              .jobs()
              .get(0)
              .id();
      await("the job is done", () -> status(jobs, id).equals("DONE"));
      SimulationJobs.JobView v = jobs.find(id).orElseThrow();
      assertThat(v.ticksDone()).isEqualTo(13);
      assertThat(v.ticksTotal()).isEqualTo(13);
      assertThat(jobs.text(id, SimulationJobs.Text.REPORT_JSON)).contains(Files.readString(json));
      assertThat(jobs.text(id, SimulationJobs.Text.REPORT_HTML)).contains(Files.readString(html));
      assertThat(jobs.text(id, SimulationJobs.Text.RESULT_JSON)).contains(Files.readString(out));
      assertThat(v.statistics().get("commission")).as("listed with its statistics").isNotNull();
    }
  }

  @Test
  void aCancelStopsARunningJobWithinATick() throws Exception {
    try (SimulationJobs jobs = jobs(1, 2, 1_000_000)) {
      String id = jobs.submit("ana", slow(300, 100_000)).jobs().get(0).id();
      await("the job has run some ticks", () -> jobs.find(id).orElseThrow().ticksDone() > 10);
      SimulationJobs.JobView running = jobs.find(id).orElseThrow();
      assertThat(running.status()).isEqualTo("RUNNING");
      assertThat(running.estimatedMillisLeft()).as("an estimate while it runs").isNotNull();
      long asked = System.nanoTime();
      assertThat(jobs.cancel(id)).isTrue();
      await("the job is cancelled", () -> status(jobs, id).equals("CANCELLED"));
      long tookMillis = (System.nanoTime() - asked) / 1_000_000;
      SimulationJobs.JobView v = jobs.find(id).orElseThrow();
      assertThat(v.ticksDone()).as("stopped long before the end").isLessThan(100_000);
      assertThat(v.message()).startsWith("cancelled at tick ").endsWith(" of 100000");
      assertThat(jobs.text(id, SimulationJobs.Text.REPORT_JSON)).as("no report").isEmpty();
      System.out.println("cancel took " + tookMillis + " ms after " + v.ticksDone() + " ticks");
      assertThat(jobs.cancel(id)).as("an ended job cannot be cancelled").isFalse();
    }
  }

  @Test
  void aJobOverItsMemoryBoundFailsNamingTheBound() throws Exception {
    try (SimulationJobs jobs = jobs(1, 2, 5)) {
      String id = jobs.submit("ana", workedExample(SimulationOptions.DEFAULT)).jobs().get(0).id();
      await("the job failed", () -> status(jobs, id).equals("FAILED"));
      String message = jobs.find(id).orElseThrow().message();
      assertThat(message)
          .contains("more than 5 plan events")
          .contains("tradeplan.analysis.events-per-job")
          .startsWith("stopped at tick ");
      assertThat(jobs.text(id, SimulationJobs.Text.REPORT_HTML)).isEmpty();
    }
  }

  @Test
  void aFullPoolRefusesASubmitAndAQueuedJobCancelsAtOnce() throws Exception {
    try (SimulationJobs jobs = jobs(1, 1, 1_000_000)) {
      String running = jobs.submit("ana", slow(300, 100_000)).jobs().get(0).id();
      await("the first runs", () -> status(jobs, running).equals("RUNNING"));
      SimulationJobs.Submitted queued = jobs.submit("ana", slow(1, 10));
      assertThat(queued.accepted()).isTrue();
      String waiting = queued.jobs().get(0).id();
      SimulationJobs.Submitted refused = jobs.submit("ana", slow(1, 10));
      assertThat(refused.accepted()).isFalse();
      assertThat(refused.refusal())
          .contains("2 jobs queued or running, at most 2")
          .contains("tradeplan.analysis.queued");
      assertThat(jobs.submitAll("ana", "sw", List.of(slow(1, 10), slow(1, 10))).accepted())
          .as("all or none")
          .isFalse();
      assertThat(jobs.cancel(waiting)).isTrue();
      assertThat(status(jobs, waiting)).as("off the queue at once").isEqualTo("CANCELLED");
      assertThat(jobs.find(waiting).orElseThrow().message())
          .isEqualTo("cancelled before it started");
      jobs.cancel(running);
      await("the first is cancelled", () -> status(jobs, running).equals("CANCELLED"));
    }
  }
}
