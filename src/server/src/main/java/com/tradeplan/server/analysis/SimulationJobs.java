package com.tradeplan.server.analysis;

import com.tradeplan.simulator.report.RunComparison;
import com.tradeplan.simulator.report.RunReport;
import com.tradeplan.simulator.report.Statistics;
import com.tradeplan.store.AnalysisJobRepository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyst's simulation jobs: a bounded pool of analysis workers (its own threads at the lowest
 * priority, never a trading lane's; in process isolation each worker runs its job in a JVM of its
 * own, {@link ChildJvmJobRunner}), a bounded queue in front of it, each job's progress while it
 * runs, its reports stored when it ends, and comparisons of two finished runs.
 *
 * <p>Bounds, and what happens at each: at most {@code workers + queued} jobs live (a submit past it
 * is refused, nothing queued: the API's 429); a job keeps at most {@code eventsPerJob} events (past
 * it the job fails naming the bound); {@code jobsKept} finished jobs are stored and the same many
 * are remembered here (the oldest finished one goes); {@code reportsInMemory} runs are kept for
 * comparisons (an older one answers "run it again").
 *
 * <p>Thread-safety: every method may be called from any request thread; the jobs' maps are guarded
 * by this object's monitor. A job's run throwing (a broken invariant, not an outcome) fails that
 * job with the exception's text and is logged; the worker goes on with the next.
 */
public final class SimulationJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulationJobs.class);

  private final AnalysisSettings settings;
  private final RuleSource rules;
  private final AnalysisJobRepository store;
  private final Clock clock;
  private final ThreadPoolExecutor workers;
  private final Map<String, SimulationJob> live = new LinkedHashMap<>();
  private final RecordingSource recording;
  private final ChildJvmJobRunner processRunner; // null: jobs run on the worker's thread
  private final Map<String, Runnable> tasks = new java.util.HashMap<>();
  private final LinkedHashMap<String, JobView> ended = new LinkedHashMap<>();
  private final LinkedHashMap<String, RunReport> reports = new LinkedHashMap<>();

  /** What a submit came to: the jobs queued, or why none was. */
  public record Submitted(List<SimulationJob> jobs, String refusal) {
    public boolean accepted() {
      return refusal == null;
    }
  }

  /**
   * A job as listed: its request (without the file texts), where it is, its progress and estimate,
   * the message of a job that did not finish, and once done its statistics.
   */
  public record JobView(
      String id,
      String owner,
      String sweepId,
      String status,
      Instant createdAt,
      Instant finishedAt,
      long ticksDone,
      long ticksTotal,
      Long estimatedMillisLeft,
      String message,
      Map<String, Object> request,
      Map<String, Object> statistics) {}

  /** A comparison, or why none: {@code problem} is the API's problem kind, {@code detail} why. */
  public record Comparison(RunComparison comparison, String problem, String detail) {}

  /** Jobs on the workers' threads, without replays (recording off): what the job tests use. */
  public SimulationJobs(
      AnalysisSettings settings, RuleSource rules, AnalysisJobRepository store, Clock clock) {
    this(settings, rules, store, clock, null, JobIsolation.THREAD);
  }

  /**
   * Replay jobs read {@code recording} (null: recording off, replays fail so); simulation and
   * replay jobs run where {@code isolation} says: in a JVM of their own each (a replay's window is
   * read here and handed to its JVM), or on the worker's thread.
   */
  public SimulationJobs(
      AnalysisSettings settings,
      RuleSource rules,
      AnalysisJobRepository store,
      Clock clock,
      RecordingSource recording,
      JobIsolation isolation) {
    this.processRunner =
        isolation.mode() == JobIsolation.Mode.PROCESS
            ? new ChildJvmJobRunner(isolation, rules, recording, settings.eventsPerJob())
            : null;
    this.recording = recording;
    this.settings = settings;
    this.rules = rules;
    this.store = store;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            settings.workers(),
            settings.workers(),
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.queued()),
            r -> {
              Thread t = new Thread(r, "analysis-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    long failed =
        store.failUnfinished("the server stopped before this job finished", clock.instant());
    if (failed > 0) {
      LOG.warn("{} analysis jobs were queued or running when the server stopped: failed", failed);
    }
  }

  public AnalysisSettings settings() {
    return settings;
  }

  /** Queues one job, or refuses it when the pool and its queue are full. */
  public Submitted submit(String owner, JobRequest request) {
    return submitAll(owner, null, List.of(request));
  }

  /**
   * Queues every request as one job each (a sweep's cells, with {@code sweepId}), all or none: when
   * they do not all fit, none is queued.
   */
  public synchronized Submitted submitAll(String owner, String sweepId, List<JobRequest> requests) {
    int room = settings.workers() + settings.queued() - live.size();
    if (requests.size() > room) {
      return new Submitted(
          List.of(),
          "the analysis workers are busy: "
              + live.size()
              + " jobs queued or running, at most "
              + (settings.workers() + settings.queued())
              + " (tradeplan.analysis.workers + tradeplan.analysis.queued); "
              + (requests.size() == 1 ? "this job" : "these " + requests.size() + " jobs")
              + " would not fit. Try again when one has finished, or cancel one");
    }
    List<SimulationJob> jobs = new ArrayList<>();
    for (JobRequest r : requests) {
      SimulationJob job =
          new SimulationJob(UUID.randomUUID().toString(), owner, sweepId, clock.instant(), r);
      store.put(stored(job, null, null, null, null));
      live.put(job.id(), job);
      jobs.add(job);
      Runnable task = () -> runOne(job);
      tasks.put(job.id(), task);
      try {
        workers.execute(task);
      } catch (RejectedExecutionException e) {
        throw new IllegalStateException("the pool refused a job its count had room for", e);
      }
    }
    return new Submitted(jobs, null);
  }

  private void runOne(SimulationJob job) {
    SimulationJob.Outcome outcome;
    try {
      outcome =
          processRunner != null
              ? processRunner.run(job)
              : job.run(rules, settings.eventsPerJob(), recording);
    } catch (RuntimeException e) {
      LOG.error("analysis job {} failed", job.id(), e);
      outcome =
          new SimulationJob.Outcome(
              SimulationJob.Status.FAILED, "the run failed: " + e, 0, null, null, null, null);
    }
    finish(job, outcome);
  }

  private void finish(SimulationJob job, SimulationJob.Outcome o) {
    Instant at = clock.instant();
    SimulationJob.Outcome kept = o;
    String message = o.message();
    byte[] json = null;
    byte[] html = null;
    byte[] result = null;
    if (o.status() == SimulationJob.Status.DONE) {
      json = gzip(o.reportJson());
      html = gzip(o.reportHtml());
      result = gzip(o.resultJson());
      long bytes = (long) json.length + html.length + result.length;
      if (bytes > AnalysisJobRepository.REPORTS_BYTES_MAX) {
        message =
            "the reports are "
                + bytes
                + " bytes compressed, over the store's bound of "
                + AnalysisJobRepository.REPORTS_BYTES_MAX
                + " per job; run fewer plans or a shorter tick file";
        kept =
            new SimulationJob.Outcome(
                SimulationJob.Status.FAILED, message, 0, null, null, null, null);
        json = html = result = null;
      }
    }
    JobView view = view(job, kept.status().name(), at, message, statistics(kept.report()));
    try {
      store.put(stored(job, view, json, html, result));
      store.keepNewest(settings.jobsKept());
    } catch (RuntimeException e) {
      LOG.error("analysis job {} ended {} but could not be stored", job.id(), view.status(), e);
    }
    synchronized (this) {
      job.ended(kept.status());
      live.remove(job.id());
      tasks.remove(job.id());
      ended.put(job.id(), view);
      if (ended.size() > settings.jobsKept()) {
        ended.remove(ended.keySet().iterator().next());
      }
      if (kept.report() != null) {
        reports.put(job.id(), kept.report());
        if (reports.size() > settings.reportsInMemory()) {
          reports.remove(reports.keySet().iterator().next());
        }
      }
    }
  }

  /**
   * Asks a job to stop: a queued one is taken off the queue and ends CANCELLED at once, a running
   * one stops after the tick it is on. False when there is no such live job.
   */
  public boolean cancel(String id) {
    SimulationJob job;
    Runnable task;
    synchronized (this) {
      job = live.get(id);
      task = tasks.get(id);
    }
    if (job == null) {
      return false;
    }
    job.cancel();
    if (task != null && workers.remove(task)) {
      job.cancelledBeforeStart();
      finish(
          job,
          new SimulationJob.Outcome(
              SimulationJob.Status.CANCELLED,
              "cancelled before it started",
              0,
              null,
              null,
              null,
              null));
    }
    return true;
  }

  /** A job by id: a live one's progress, else the one remembered or stored. */
  public Optional<JobView> find(String id) {
    synchronized (this) {
      SimulationJob job = live.get(id);
      if (job != null) {
        return Optional.of(view(job, job.status().name(), null, null, null));
      }
      JobView v = ended.get(id);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return store.find(id).map(SimulationJobs::view);
  }

  /** The newest jobs first, at most {@code limit}: live ones, then the stored ones. */
  public List<JobView> list(int limit) {
    List<JobView> out = new ArrayList<>();
    synchronized (this) {
      List<SimulationJob> l = new ArrayList<>(live.values());
      for (int i = l.size() - 1; i >= 0 && out.size() < limit; i--) {
        SimulationJob job = l.get(i);
        out.add(view(job, job.status().name(), null, null, null));
      }
    }
    for (AnalysisJobRepository.StoredJob s : store.list(limit)) {
      if (out.size() >= limit) {
        break;
      }
      if (out.stream().noneMatch(v -> v.id().equals(s.id()))) {
        out.add(view(s));
      }
    }
    return out;
  }

  /** The table of sweep {@code id} (each cell's job with its live progress); empty if unknown. */
  public Optional<Sweeps.Table> sweep(String id) {
    List<JobView> views = new ArrayList<>();
    for (AnalysisJobRepository.StoredJob s : store.bySweep(id, settings.sweepCells())) {
      views.add(find(s.id()).orElse(view(s)));
    }
    return views.isEmpty() ? Optional.empty() : Optional.of(Sweeps.table(id, views));
  }

  /** Which of a finished job's stored texts: its report as HTML or JSON, or its RESULT.json. */
  public enum Text {
    REPORT_HTML,
    REPORT_JSON,
    RESULT_JSON
  }

  /** A stored text of a DONE job; empty when there is no such job or it did not finish. */
  public Optional<String> text(String id, Text which) {
    return store
        .find(id)
        .map(
            s ->
                switch (which) {
                  case REPORT_HTML -> s.reportHtmlGzip();
                  case REPORT_JSON -> s.reportJsonGzip();
                  case RESULT_JSON -> s.resultJsonGzip();
                })
        .map(SimulationJobs::gunzip);
  }

  /**
   * Job {@code a} and job {@code b} side by side (B minus A). Refused when either is unknown, not
   * DONE, no longer in memory, or not a run of the same plans.
   */
  public Comparison compare(String a, String b) {
    RunReport ra;
    RunReport rb;
    synchronized (this) {
      ra = reports.get(a);
      rb = reports.get(b);
    }
    for (String id : List.of(a, b)) {
      Optional<JobView> v = find(id);
      if (v.isEmpty()) {
        return new Comparison(null, "not-found", "no job " + id);
      }
      if (!v.get().status().equals(SimulationJob.Status.DONE.name())) {
        return new Comparison(
            null, "not-done", "job " + id + " is " + v.get().status() + ", not DONE");
      }
    }
    if (ra == null || rb == null) {
      return new Comparison(
          null,
          "not-in-memory",
          "job "
              + (ra == null ? a : b)
              + " finished, but its run is no longer in memory (the "
              + settings.reportsInMemory()
              + " latest runs are, tradeplan.analysis.reports-in-memory): run it again to"
              + " compare it");
    }
    try {
      return new Comparison(RunComparison.of(label(a), ra, label(b), rb), null, null);
    } catch (IllegalArgumentException e) {
      return new Comparison(null, "not-comparable", e.getMessage());
    }
  }

  private String label(String id) {
    JobView v = find(id).orElseThrow();
    Object version = v.request().get("ruleVersion");
    return "job "
        + id.substring(0, 8)
        + ": version "
        + (version == null ? "deployed" : version)
        + ", commission "
        + v.request().get("commission")
        + ", fills "
        + (v.request().get("maxFillPerTick") == null
            ? "whole"
            : "at most " + v.request().get("maxFillPerTick") + " a tick")
        + ", latency "
        + v.request().get("latencyTicks")
        + " ticks";
  }

  /** Stops the workers: running jobs are asked to stop, queued ones never start. */
  @Override
  public void close() {
    synchronized (this) {
      live.values().forEach(SimulationJob::cancel);
    }
    workers.shutdownNow();
  }

  private static Map<String, Object> statistics(RunReport report) {
    if (report == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, BigDecimal> e : report.statistics().byName().entrySet()) {
      BigDecimal v = e.getValue();
      out.put(
          e.getKey(),
          v == null
              ? null
              : Statistics.isCount(e.getKey())
                  ? (Object) v.longValueExact()
                  : Statistics.format(e.getKey(), v));
    }
    return out;
  }

  private static JobView view(
      SimulationJob job, String status, Instant finishedAt, String message, Map<String, Object> s) {
    return new JobView(
        job.id(),
        job.owner(),
        job.sweepId(),
        status,
        job.createdAt(),
        finishedAt,
        job.ticksDone(),
        job.ticksTotal(),
        job.estimatedMillisLeft(),
        message,
        job.describe(),
        s);
  }

  private static JobView view(AnalysisJobRepository.StoredJob s) {
    return new JobView(
        s.id(),
        s.owner(),
        s.sweepId(),
        s.status(),
        s.createdAt(),
        s.finishedAt(),
        s.ticksDone(),
        s.ticksTotal(),
        null,
        s.message(),
        s.request(),
        s.summary());
  }

  private static AnalysisJobRepository.StoredJob stored(
      SimulationJob job, JobView v, byte[] json, byte[] html, byte[] result) {
    return new AnalysisJobRepository.StoredJob(
        job.id(),
        job.owner(),
        job.sweepId(),
        v == null ? SimulationJob.Status.QUEUED.name() : v.status(),
        job.createdAt(),
        v == null ? null : v.finishedAt(),
        job.ticksDone(),
        job.ticksTotal(),
        v == null ? null : v.message(),
        job.describe(),
        v == null ? null : v.statistics(),
        json,
        html,
        result);
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static String gunzip(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored report is not gzip", e);
    }
  }
}
