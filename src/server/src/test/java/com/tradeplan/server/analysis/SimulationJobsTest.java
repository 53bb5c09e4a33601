package com.tradeplan.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.SimulatorCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job pool on its own (no web server): a job's reports are the CLI's to the byte, a cancel
 * stops a running job within a tick, a job over its memory bound fails naming the bound, and a full
 * pool refuses a submit with a message saying why.
 */
class SimulationJobsTest extends JobPoolTestSupport {
  static SimulationJobs jobs(int workers, int queued, long eventsPerJob) {
    return jobs(workers, queued, eventsPerJob, RULES, null, JobIsolation.THREAD);
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
