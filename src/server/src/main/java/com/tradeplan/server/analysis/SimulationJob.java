package com.tradeplan.server.analysis;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.formats.ResultJson;
import com.tradeplan.formats.TicksCsv;
import com.tradeplan.simulator.SimulationRun;
import com.tradeplan.simulator.Simulator;
import com.tradeplan.simulator.report.HtmlReport;
import com.tradeplan.simulator.report.ReportJson;
import com.tradeplan.simulator.report.RunReport;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;

/**
 * One simulation job: its request, and while it runs its progress (ticks done of the file's ticks,
 * an estimate of the time left) and whether it was asked to stop. The run itself is the CLI's (the
 * same Simulator, RunReport, ReportJson and HtmlReport over the same file formats), so a job and
 * {@code ./tradeplan simulate} give the same report on the same inputs.
 *
 * <p>Thread-safety: {@link #run} runs on one analysis worker; the progress fields are read by
 * request threads (volatile, each written by that worker only).
 */
public final class SimulationJob {
  /** Where a job is. QUEUED and RUNNING are live; the others are final. */
  public enum Status {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED
  }

  /** What a finished run left: its report as data and as text, or why there is none. */
  public record Outcome(
      Status status,
      String message,
      int ruleVersion,
      RunReport report,
      String reportJson,
      String reportHtml,
      String resultJson) {}

  private final String id;
  private final String owner;
  private final String sweepId;
  private final Instant createdAt;
  private volatile long ticksTotal;
  private final Map<String, Object> described;
  private volatile JobRequest request;
  private volatile Status status = Status.QUEUED;
  private volatile long ticksDone;
  private volatile long startedNanos;
  private volatile long lastTickNanos;
  private volatile boolean cancelRequested;
  private final boolean replay;

  SimulationJob(String id, String owner, String sweepId, Instant createdAt, JobRequest request) {
    this.id = id;
    this.owner = owner;
    this.sweepId = sweepId;
    this.createdAt = createdAt;
    this.request = request;
    this.described = request.describe();
    this.ticksTotal = countTicks(request.ticksText());
    this.replay = request.replay() != null;
  }

  /** Data rows of a tick file: its non-blank lines after the header. */
  static long countTicks(String ticks) {
    long lines = ticks.lines().filter(l -> !l.isBlank()).count();
    return Math.max(0, lines - 1);
  }

  public String id() {
    return id;
  }

  public String owner() {
    return owner;
  }

  public String sweepId() {
    return sweepId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Status status() {
    return status;
  }

  public long ticksDone() {
    return ticksDone;
  }

  public long ticksTotal() {
    return ticksTotal;
  }

  /** The request as stored (without the file texts, which are dropped once the job ran). */
  public Map<String, Object> describe() {
    return described;
  }

  /**
   * Milliseconds left at the pace so far (ticks done over the time they took), null before the
   * first tick or once the job ended.
   */
  public Long estimatedMillisLeft() {
    long done = ticksDone;
    if (status != Status.RUNNING || done == 0) {
      return null;
    }
    long spentNanos = lastTickNanos - startedNanos;
    return Math.max(0, spentNanos / done * (ticksTotal - done) / 1_000_000);
  }

  /** A replay's progress: recorded entries replayed of the window's entries. */
  void progress(long done, long total) {
    ticksTotal = total;
    ticksDone = done;
    lastTickNanos = System.nanoTime();
  }

  /** Asks the job to stop: a queued job never starts, a running one stops after its tick. */
  void cancel() {
    cancelRequested = true;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  /** Drops the files of a job that never ran. */
  void cancelledBeforeStart() {
    request = null;
  }

  /** The job's final status, set once its outcome is stored and listed. */
  void ended(Status s) {
    status = s;
  }

  /**
   * Runs the job to its end on the calling worker. Expected outcomes (bad input, a version that
   * does not compile, cancelled, over the memory bound) are outcomes, never throws.
   */
  Outcome run(RuleSource rules, long eventsBound) {
    return run(rules, eventsBound, null);
  }

  /** As above; a replay job reads {@code recording} (null: recording off on this server). */
  Outcome run(RuleSource rules, long eventsBound, RecordingSource recording) {
    try {
      if (cancelRequested) {
        return end(Status.CANCELLED, "cancelled before it started", 0, null);
      }
      JobRequest r = begin();
      if (r.replay() != null) {
        return ReplayRun.run(this, r.replay(), rules, recording);
      }
      int version = r.ruleVersion() == null ? rules.deployed() : r.ruleVersion();
      RuleSet ruleSet;
      try {
        ruleSet = rules.compile(version);
      } catch (RuleCompilationException e) {
        return end(
            Status.FAILED,
            "rule-set version " + version + " does not compile: " + e.getMessage(),
            version,
            null);
      }
      Watch watch = new Watch(eventsBound);
      SimulationRun run;
      try (TicksCsv ticks = TicksCsv.open(r.ticksName(), new StringReader(r.ticksText()))) {
        run =
            new Simulator(ruleSet, r.options())
                .run(PlansJson.parse(r.plansName(), r.plansText()), ticks, watch);
      } catch (FormatException e) {
        return end(Status.FAILED, e.getMessage(), version, null);
      }
      if (watch.overBound) {
        return end(
            Status.FAILED,
            "stopped at tick "
                + ticksDone
                + " of "
                + ticksTotal
                + ": the run kept more than "
                + eventsBound
                + " plan events, this server's memory bound per job"
                + " (tradeplan.analysis.events-per-job); run fewer plans or a shorter tick file",
            version,
            null);
      }
      if (cancelRequested) {
        return end(
            Status.CANCELLED,
            "cancelled at tick " + ticksDone + " of " + ticksTotal,
            version,
            null);
      }
      RunReport report = RunReport.of(run);
      return end(
          Status.DONE,
          null,
          version,
          new Outcome(
              Status.DONE,
              null,
              version,
              report,
              ReportJson.write(report),
              HtmlReport.render(report),
              ResultJson.write(run.result())));
    } finally {
      request = null;
    }
  }

  /**
   * The job starts on the calling worker (in this JVM or in a job JVM it starts): RUNNING from now,
   * its pace measured from now, and its files handed over (this object no longer holds them).
   */
  JobRequest begin() {
    JobRequest r = request;
    request = null;
    status = Status.RUNNING;
    startedNanos = System.nanoTime();
    lastTickNanos = startedNanos;
    return r;
  }

  /** Whether this is an incident replay (it reads the server's recording, not uploaded files). */
  boolean replay() {
    return replay;
  }

  /** The outcome; the job's own status moves only when the pool has stored it ({@link #ended}). */
  private Outcome end(Status s, String message, int version, Outcome done) {
    return done != null ? done : new Outcome(s, message, version, null, null, null, null);
  }

  /** Counts ticks for the progress and stops the run when cancelled or over the bound. */
  private final class Watch implements Simulator.Script {
    private final long eventsBound;
    private long done;
    boolean overBound;

    Watch(long eventsBound) {
      this.eventsBound = eventsBound;
    }

    @Override
    public void afterTick(long index, Tick tick, Simulator.Control control) {
      ticksDone = ++done;
      lastTickNanos = System.nanoTime();
      if (control.eventsRecorded() > eventsBound) {
        overBound = true;
        control.stop();
      } else if (cancelRequested) {
        control.stop();
      }
    }
  }
}
