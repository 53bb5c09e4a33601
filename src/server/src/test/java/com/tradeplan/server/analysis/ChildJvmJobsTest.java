package com.tradeplan.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.runtime.RuleVersions;
import com.tradeplan.runtime.recording.UserRecording;
import com.tradeplan.server.rules.RuleDirectory;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.testkit.Await;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Jobs in JVMs of their own ({@code tradeplan.analysis.isolation=process}), real processes: the
 * texts a job JVM writes are the in-JVM job's byte for byte and its run compares equal to the
 * in-JVM run; progress moves while it runs; cancel, the time limit, the heap bound and a crash each
 * end the job with a message saying which. The same for incident replays: the replay's texts are
 * the in-JVM replay's byte for byte (recorded versions, one pinned to a draft whose files go to the
 * job JVM, and a chosen version over a seeded random walk), its progress counts recorded entries,
 * cancel and a killed JVM end it with a message saying which. The reader of a job JVM's output
 * survives anything printed to it (seeded random lines).
 *
 * <p>A job stopped while it runs (cancel, time limit) has its JVM frozen first ({@code kill
 * -STOP}): it provably cannot end on its own, whatever the machine's speed, so its input can be
 * small. Each job JVM costs seconds (a JVM and the rules loaded): a kill does not wait for the
 * rules, and the two equal runs start their JVMs together.
 */
class ChildJvmJobsTest extends JobPoolTestSupport {
  static final JobIsolation PROCESS = JobIsolation.PROCESS;

  static SimulationJobs jobs(JobIsolation isolation, long eventsPerJob) {
    return jobs(1, 2, eventsPerJob, RULES, null, isolation);
  }

  /** A stored version's number for the shipped rules' sources, compiled as a draft would be. */
  static final int DRAFT = 9_019;

  /** Version 1 (the shipped kjar) and {@link #DRAFT} (the shipped sources, compiled by number). */
  static final RuleSource WITH_DRAFT =
      new RuleSource() {
        private RuleSet draft;

        @Override
        public int deployed() {
          return 1;
        }

        @Override
        public synchronized RuleSet compile(int version) {
          if (version == 1) {
            return RULES.compile(1);
          }
          if (draft == null) {
            draft = RuleVersions.compileSources(version, sourcesOf(version));
          }
          return draft;
        }

        @Override
        public Map<String, String> sourcesOf(int version) {
          try {
            return version == 1 ? Map.of() : RuleDirectory.read(Path.of("../../rules")).files();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  static SimulationJobs jobs(JobIsolation isolation, RuleSource rules) {
    return jobs(1, 2, 10_000, rules, null, isolation);
  }

  @Test
  void aJobInItsOwnJvmWritesTheInJvmJobsTextsToTheByteAndComparesEqual() throws Exception {
    SimulationOptions options = new SimulationOptions(30L, CommissionModel.IB_FIXED, true);
    JobRequest shipped = workedExample(options);
    JobRequest draft =
        new JobRequest(
            shipped.plansName(),
            shipped.plansText(),
            shipped.ticksName(),
            shipped.ticksText(),
            DRAFT,
            options,
            null);
    // both job JVMs start at once (two workers): each spends seconds starting and loading rules
    try (SimulationJobs jobs = jobs(JobIsolation.THREAD, WITH_DRAFT);
        SimulationJobs processJobs = jobs(2, 2, 10_000, WITH_DRAFT, null, PROCESS)) {
      Map<JobRequest, String> ownJvms = new java.util.LinkedHashMap<>();
      for (JobRequest request : List.of(shipped, draft)) {
        ownJvms.put(request, processJobs.submit("ana", request).jobs().get(0).id());
      }
      for (JobRequest request : List.of(shipped, draft)) {
        String inJvm = jobs.submit("ana", request).jobs().get(0).id();
        await("the in-JVM job is done", () -> status(jobs, inJvm).equals("DONE"));
        String ownJvm = ownJvms.get(request);
        await(
            "the job in its own JVM is done",
            () -> !status(processJobs, ownJvm).matches("QUEUED|RUNNING"));
        SimulationJobs.JobView v = processJobs.find(ownJvm).orElseThrow();
        String which = "version " + request.ruleVersion();
        assertThat(v.status()).as(which + " ended with: " + v.message()).isEqualTo("DONE");
        assertThat(v.ticksDone()).as("its progress reached the end").isEqualTo(13);
        assertThat(v.ticksTotal()).isEqualTo(13);
        SimulationJobs.JobView t = jobs.find(inJvm).orElseThrow();
        assertThat(v.statistics()).isEqualTo(t.statistics());
        for (SimulationJobs.Text text : SimulationJobs.Text.values()) {
          assertThat(processJobs.text(ownJvm, text).orElseThrow())
              .as(text + " of both modes, " + which)
              .isEqualTo(jobs.text(inJvm, text).orElseThrow());
        }
        SimulationJobs.Comparison c = processJobs.compare(ownJvm, ownJvm);
        assertThat(c.problem()).as("the run came back whole: " + c.detail()).isNull();
        assertThat(c.comparison().firstDivergence()).isNull();
      }
    }
  }

  /** Two plans of ana's, one short, the second pinned (by the recording) or not. */
  static final String REPLAY_PLANS =
      "[{\"id\":\"r1\",\"owner\":\"ana\",\"symbol\":\"AAPL\",\"side\":\"LONG\","
          + "\"quantity\":10,\"entry\":{\"condition\":\"ABOVE\",\"price\":\"101.00\"},"
          + "\"stops\":[{\"price\":\"99.00\"}],\"targets\":[{\"price\":\"104.00\"}]},"
          + "{\"id\":\"r2\",\"owner\":\"ana\",\"symbol\":\"AAPL\",\"side\":\"SHORT\","
          + "\"quantity\":5,\"entry\":{\"condition\":\"BELOW\",\"price\":\"99.50\"},"
          + "\"stops\":[{\"price\":\"101.50\"}],\"targets\":[{\"price\":\"97.00\"}]}]";

  @Test
  void anIncidentReplayInItsOwnJvmWritesTheInJvmReplaysTextsToTheByte() throws Exception {
    List<BigDecimal> scripted = new ArrayList<>();
    for (String p :
        "100.00 100.50 101.20 102.00 103.00 104.50 103.00 101.00 99.40 98.00 96.50 97.50"
            .split(" ")) {
      scripted.add(new BigDecimal(p));
    }
    Random random = new Random(19);
    List<BigDecimal> walk = new ArrayList<>();
    BigDecimal price = new BigDecimal("100.00");
    for (int i = 0; i < 400; i++) {
      price = price.add(BigDecimal.valueOf(random.nextInt(41) - 20, 2)).max(BigDecimal.ONE);
      walk.add(price);
    }
    // the recorded versions (r2 pinned to the draft, so its files go to the job JVM), then a
    // chosen version (the shipped one: a second draft compile would only cost time) over a seeded
    // random walk
    UserRecording pinned = recording("ana", REPLAY_PLANS, i -> i == 1 ? DRAFT : null, scripted);
    UserRecording random19 = recording("ana", REPLAY_PLANS, i -> null, walk);
    Map<ReplayRequest, UserRecording> cases = new java.util.LinkedHashMap<>();
    cases.put(new ReplayRequest("ana", null, null, null), pinned);
    cases.put(new ReplayRequest("ana", null, null, 1), random19);
    for (Map.Entry<ReplayRequest, UserRecording> c : cases.entrySet()) {
      RecordingSource source = (owner, from, to) -> c.getValue();
      String which = "replay under " + c.getKey().ruleVersion();
      try (SimulationJobs jobs = jobs(1, 2, 10_000, WITH_DRAFT, source, JobIsolation.THREAD);
          SimulationJobs processJobs = jobs(1, 2, 10_000, WITH_DRAFT, source, PROCESS)) {
        JobRequest request = JobRequest.replay(c.getKey());
        String inJvm = jobs.submit("oscar", request).jobs().get(0).id();
        await("the in-JVM replay is done", () -> status(jobs, inJvm).equals("DONE"));
        String ownJvm = processJobs.submit("oscar", request).jobs().get(0).id();
        await(
            "the replay in its own JVM ended",
            () -> !status(processJobs, ownJvm).matches("QUEUED|RUNNING"));
        SimulationJobs.JobView v = processJobs.find(ownJvm).orElseThrow();
        SimulationJobs.JobView t = jobs.find(inJvm).orElseThrow();
        assertThat(v.status()).as(which + " ended with: " + v.message()).isEqualTo("DONE");
        assertThat(v.message()).as(which + ": the verdict").isEqualTo(t.message());
        long entries = c.getValue().entries().size();
        assertThat(v.ticksDone()).as("its progress reached the end").isEqualTo(entries);
        assertThat(v.ticksTotal()).isEqualTo(entries);
        assertThat(t.ticksDone()).isEqualTo(entries);
        String json = processJobs.text(ownJvm, SimulationJobs.Text.REPORT_JSON).orElseThrow();
        assertThat(json).as(which + ": the replay ran the plans").contains("\"r1\"", "\"r2\"");
        for (SimulationJobs.Text text : SimulationJobs.Text.values()) {
          assertThat(processJobs.text(ownJvm, text).orElseThrow())
              .as(text + " of both modes, " + which)
              .isEqualTo(jobs.text(inJvm, text).orElseThrow());
        }
      }
    }
  }

  @Test
  void aReplayInItsOwnJvmReportsProgressAndStopsOnCancelOrWhenItsJvmIsKilled() throws Exception {
    List<BigDecimal> prices = new ArrayList<>();
    for (int i = 0; i < SLOW_INPUT; i++) {
      prices.add(BigDecimal.valueOf(10_000 + (i % 50) * 100L, 2));
    }
    UserRecording rec = recording("ana", slowPlans(SLOW_PLANS), i -> null, prices);
    long entries = rec.entries().size();
    try (SimulationJobs jobs = jobs(1, 2, 1_000_000, RULES, (o, f, t) -> rec, PROCESS)) {
      JobRequest request = JobRequest.replay(new ReplayRequest("ana", null, null, null));
      String id = jobs.submit("oscar", request).jobs().get(0).id();
      cancelWhileFrozen(jobs, id, "entry", entries);
      String killed = jobs.submit("oscar", request).jobs().get(0).id();
      killOnceStarted(jobs, killed, "entry");
    }
  }

  @Test
  void aReplayWithTheRecordingOffFailsSayingSoWithoutAJvm() throws Exception {
    try (SimulationJobs jobs = jobs(1, 2, 10_000, RULES, null, PROCESS)) {
      String id =
          jobs.submit("oscar", JobRequest.replay(new ReplayRequest("ana", null, null, null)))
              .jobs()
              .get(0)
              .id();
      await("the replay failed", () -> status(jobs, id).equals("FAILED"));
      assertThat(jobs.find(id).orElseThrow().message())
          .isEqualTo(ReplayRun.recordingOff().message())
          .contains("TRADEPLAN_RECORDING=off");
    }
  }

  @Test
  void theRunReportComesBackEqualFromItsExactJson() throws Exception {
    SimulationJob job =
        new SimulationJob(
            "x",
            "ana",
            null,
            java.time.Instant.EPOCH,
            workedExample(new SimulationOptions(30L, CommissionModel.IB_FIXED, true)));
    SimulationJob.Outcome o = job.run(RULES, 10_000);
    assertThat(o.report()).isNotNull();
    assertThat(JobFolder.exact(JobFolder.exact(o.report())))
        .as("every decimal with its scale, every event")
        .isEqualTo(o.report());
  }

  @Test
  void progressMovesWhileItRunsAndACancelStopsTheJvm() throws Exception {
    try (SimulationJobs jobs = jobs(PROCESS, 1_000_000)) {
      String id = jobs.submit("ana", slow(SLOW_PLANS, SLOW_INPUT)).jobs().get(0).id();
      SimulationJobs.JobView running = cancelWhileFrozen(jobs, id, "tick", SLOW_INPUT);
      assertThat(running.estimatedMillisLeft()).as("an estimate while it runs").isNotNull();
      assertThat(jobs.text(id, SimulationJobs.Text.REPORT_JSON)).as("no report").isEmpty();
    }
  }

  @Test
  void aJobOverItsTimeLimitIsStoppedAndFailsNamingTheLimit() throws Exception {
    try (SimulationJobs jobs = jobs(PROCESS.withBounds(64, Duration.ofSeconds(1)), 1_000_000)) {
      String id = jobs.submit("ana", slow(SLOW_PLANS, SLOW_INPUT)).jobs().get(0).id();
      // frozen as it starts, it cannot end before its limit: the runner's stop is the only way out
      ProcessHandle jvm = startedJvm();
      signal("STOP", jvm);
      await("the time limit asked the JVM to stop", () -> termPending(jvm));
      signal("CONT", jvm);
      await("the job failed", () -> status(jobs, id).equals("FAILED"));
      assertThat(jobs.find(id).orElseThrow().message())
          .startsWith("stopped at tick ")
          .contains("longer than its time limit of 1 s (tradeplan.analysis.job-time-limit)");
      await("no job JVM is left", () -> jobJvms().isEmpty());
    }
  }

  @Test
  void aJobOverItsHeapBoundFailsNamingTheBound() throws Exception {
    try (SimulationJobs jobs = jobs(PROCESS.withBounds(16, Duration.ofMinutes(5)), 1_000_000)) {
      String id = jobs.submit("ana", slow(300, 100_000)).jobs().get(0).id();
      await("the job failed", () -> status(jobs, id).equals("FAILED"));
      assertThat(jobs.find(id).orElseThrow().message())
          .contains("ran out of its memory bound, a heap of 16 MiB")
          .contains("tradeplan.analysis.job-heap-mb")
          .contains("OutOfMemoryError");
    }
  }

  @Test
  void aJobJvmThatDiesIsAFailedJobWithItsExitCode() throws Exception {
    try (SimulationJobs jobs = jobs(PROCESS, 1_000_000)) {
      String id = jobs.submit("ana", slow(SLOW_PLANS, SLOW_INPUT)).jobs().get(0).id();
      killOnceStarted(jobs, id, "tick");
    }
  }

  @Test
  void theReaderSkipsWhatIsNotProgressAndCutsLongLines() throws Exception {
    Random random = new Random(19);
    for (int round = 0; round < 200; round++) {
      StringBuilder text = new StringBuilder();
      List<Long> expected = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        switch (random.nextInt(5)) {
          case 0 -> {
            long done = random.nextInt(1_000);
            expected.add(done);
            text.append(JobFolder.progressLine(done, 1_000)).append('\n');
          }
          case 1 -> text.append(JobFolder.PROGRESS).append("x y z\n");
          case 2 -> text.append("x".repeat(random.nextInt(10_000))).append('\n');
          case 3 -> text.append(JobFolder.PROGRESS).append(random.nextLong()).append(" -1\n");
          default -> {
            for (int c = random.nextInt(200); c > 0; c--) {
              text.append((char) random.nextInt(0x3000));
            }
            text.append('\n');
          }
        }
      }
      List<Long> seen = new ArrayList<>();
      boolean throwing = round % 50 == 0; // a few rounds: each throw is logged
      ChildJvmJobRunner.readLines(
          new StringReader(text.toString()),
          line -> {
            assertThat(line.length()).isLessThanOrEqualTo(ChildJvmJobRunner.LINE_CHARS_MAX);
            JobFolder.Progress p = JobFolder.parseProgress(line);
            if (p != null) {
              seen.add(p.done());
            }
            if (throwing && line.startsWith("x")) {
              throw new IllegalStateException("a sink that throws loses that line only");
            }
          });
      assertThat(seen).as("round " + round).isEqualTo(expected);
    }
  }

  /**
   * The plans and ticks (or recorded entries) of the jobs a test stops while they run: small, so
   * they are cheap to write and read, and still running when they report their first progress
   * (every plan wakes on every tick); the test then freezes the job's JVM ({@link #signal}), so it
   * provably cannot end on its own before the cancel, the limit or the kill. The one race left is
   * between the first progress report (after 200 ms of running) and the freeze: 100,000 ticks keep
   * the job running for seconds on a quiet machine (20,000 did on a loaded one, with no margin
   * proven for a fast one).
   */
  static final int SLOW_PLANS = 50;

  static final int SLOW_INPUT = 100_000;

  private static final Duration WAIT = Duration.ofMinutes(3);

  /**
   * Job {@code id} reports progress from its JVM, which is then frozen mid-run: the job is RUNNING
   * with its total; a cancel asks the JVM to stop (thawed once asked, it stops as asked rather than
   * being killed after the grace), and the job ends CANCELLED at its {@code unit} of {@code total}
   * with its JVM gone. Returns the job as it was while frozen.
   */
  static SimulationJobs.JobView cancelWhileFrozen(
      SimulationJobs jobs, String id, String unit, long total) throws Exception {
    ProcessHandle jvm = freezeOnceItReports(jobs, id, unit);
    SimulationJobs.JobView running = jobs.find(id).orElseThrow();
    assertThat(running.status()).isEqualTo("RUNNING");
    assertThat(running.ticksTotal()).as("its " + unit + "s to go through").isEqualTo(total);
    assertThat(jobs.cancel(id)).isTrue();
    await("the cancel asked the job's JVM to stop", () -> termPending(jvm));
    signal("CONT", jvm);
    await("the job is cancelled", () -> status(jobs, id).equals("CANCELLED"));
    assertThat(jobs.find(id).orElseThrow().message())
        .startsWith("cancelled at " + unit + " ")
        .endsWith(" of " + total);
    assertThat(jvm.isAlive()).as("the job's JVM is gone").isFalse();
    return running;
  }

  /**
   * Job {@code id}'s JVM killed as soon as it started, as the kernel's OOM killer would: the job
   * FAILED naming the exit code and its {@code unit}. (Its progress is the cancel tests': a kill
   * needs none, so the JVM is not left to load the rules first.)
   */
  static void killOnceStarted(SimulationJobs jobs, String id, String unit) throws Exception {
    ProcessHandle jvm = startedJvm();
    assertThat(status(jobs, id)).isEqualTo("RUNNING");
    jvm.destroyForcibly();
    await("the job failed", () -> status(jobs, id).equals("FAILED"));
    assertThat(jobs.find(id).orElseThrow().message())
        .startsWith("the job's JVM ended with exit code 137 at " + unit + " ");
  }

  /** The one job JVM once it started. */
  static ProcessHandle startedJvm() {
    return Await.value(WAIT, () -> only(jobJvms()), () -> "the job's JVM started");
  }

  /** Waits for job {@code id}'s JVM to report progress, then freezes it; returns that JVM. */
  private static ProcessHandle freezeOnceItReports(SimulationJobs jobs, String id, String unit)
      throws Exception {
    await(
        "the job's JVM reports " + unit + "s", () -> jobs.find(id).orElseThrow().ticksDone() > 10);
    List<ProcessHandle> running = jobJvms();
    assertThat(running).as("the job's JVM is a child of this one").hasSize(1);
    signal("STOP", running.get(0));
    return running.get(0);
  }

  /** The one element of {@code list}, or null while it has none or several. */
  private static <T> T only(List<T> list) {
    return list.size() == 1 ? list.get(0) : null;
  }

  /**
   * Sends {@code name} (STOP, CONT) to {@code jvm}: a JVM stopped so stays exactly where it is
   * until continued or killed (a SIGTERM waits pending, {@link #termPending}). A JVM already gone
   * (killed after the stop's grace) is no error.
   */
  static void signal(String name, ProcessHandle jvm) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(jvm.pid())).start();
    int exit = kill.waitFor();
    if (exit != 0 && jvm.isAlive()) {
      throw new AssertionError("kill -" + name + " " + jvm.pid() + " exited with " + exit);
    }
  }

  /** Whether a SIGTERM waits for {@code jvm} (its pending signals in /proc), or it has ended. */
  static boolean termPending(ProcessHandle jvm) {
    Path status = Path.of("/proc", Long.toString(jvm.pid()), "status");
    try {
      for (String line : java.nio.file.Files.readAllLines(status)) {
        if (line.startsWith("ShdPnd:") || line.startsWith("SigPnd:")) {
          long pending = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          if ((pending & (1L << (15 - 1))) != 0) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException | UncheckedIOException e) {
      return !jvm.isAlive(); // it ended (a stop that went straight to a kill)
    }
  }

  /**
   * This JVM's children running a job's main class (their command line from /proc where the JDK's
   * {@code ProcessHandle.Info} leaves it out).
   */
  static List<ProcessHandle> jobJvms() {
    return ProcessHandle.current()
        .children()
        .filter(p -> commandLine(p).contains(JobJvmMain.class.getName()))
        .toList();
  }

  private static String commandLine(ProcessHandle p) {
    Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    try {
      if (java.nio.file.Files.exists(proc)) {
        return java.nio.file.Files.readString(proc, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    } catch (java.io.IOException e) {
      // the process ended while it was read: no longer a job JVM
      return "";
    }
    return p.info().commandLine().orElse("");
  }
}
