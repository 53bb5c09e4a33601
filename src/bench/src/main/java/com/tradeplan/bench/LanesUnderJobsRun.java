package com.tradeplan.bench;

import com.tradeplan.bench.peers.TrialRecord;
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
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.simulator.JobJvmCommand;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Issue 19: do analysis jobs slow a trading lane? A load run (a {@code main}, not JMH: one sample
 * is one tick through a lane while other threads compete for the cores). The production lanes
 * ({@link LaneEngine}, 2 lanes as {@code TRADEPLAN_LANES}, the shipped rules) hold a background
 * population of quiet plans and one probe plan per sample; the sample is the time from just before
 * a tick is handed to the lanes to the entry order it triggers reaching the broker port (on the
 * lane thread): tick to decision. Quiet ticks of the background symbols run between probes.
 *
 * <p>Rounds of two phases of the same number of probes: no job, then a batch of simulation jobs in
 * a pool shaped as the server's analysis pool ({@code SimulationJobs}: {@code workers} threads
 * named {@code analysis-worker-N} at {@link Thread#MIN_PRIORITY}, a bounded queue, each job a whole
 * {@link Simulator} run of the seeded workload, 100 plans and 200,000 ticks, as a job's body is),
 * then no job again (so drift of the machine shows as a difference between the first and the last
 * phase). Prints a markdown table: p50, p90, p99, p99.9 and max per phase, the jobs done and their
 * CPU time, the machine's load average before and after; when the system property {@code
 * tradeplan.bench.results} names a run's folder ({@code ./tradeplan bench lanes}), records each
 * phase in its {@code trials.jsonl} (workload {@code lanes}).
 *
 * <p>{@code --isolation process} runs the jobs in JVMs of their own instead, started with the
 * server's job command ({@link JobJvmCommand}: {@code nice}, {@code -Xmx}, serial collector), one
 * per worker running {@link SimulationJobBody}'s jobs back to back; each busy phase starts once
 * they have started and compiled the rules (the thread mode's rules are compiled before as well;
 * that setup's CPU is printed on stderr), and the CPU time counted is the job JVMs' whole (their
 * collector and compiler included) during the busy phases, as the OS counts it. With {@code
 * --measure-start} the busy phase starts with the job JVM instead: its start, class loading, JIT
 * and rule compile are measured, what every job costs at its start.
 *
 * <p>Usage: {@code LanesUnderJobsRun [--workers N] [--probes N] [--background N] [--rounds N]
 * [--isolation thread|process [--measure-start]] [--job-heap-mb N] [--job-nice N] [--out FILE]}.
 *
 * <p>Why one class: one load run (its population, its probes, both job modes and its records) whose
 * steps share the run's state; split, each part would take that state as parameters.
 */
public final class LanesUnderJobsRun {
  private static final int LANES = 2;
  private static final int JOB_PLANS = 100;
  private static final int JOB_TICKS = 200_000;
  private static final int QUEUE = 16;
  private static final int QUIET_PER_PROBE = 10;
  private static final long PROBE_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long DECISION_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Map<String, Long> decided = new ConcurrentHashMap<>();

  /** Process mode: each job a JVM of its own, started as the server starts one; null: threads. */
  private JobJvmCommand jobJvm;

  /** Process mode: the busy phase starts with the job JVM (its start and compile measured too). */
  private boolean measureStart;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private LanesUnderJobsRun() {}

  /** The lanes' broker port: stamps the time each plan's first order reached it, fills nothing. */
  private final class StampingBroker implements Broker {
    @Override
    public SubmitResult submit(OrderRequest request) {
      decided.putIfAbsent(request.ref().planId(), System.nanoTime());
      return SubmitResult.ACCEPTED;
    }

    @Override
    public SubmitResult cancel(OrderRef ref) {
      return SubmitResult.ACCEPTED;
    }

    @Override
    public void setListener(BrokerListener listener) {
      // fills never come: a probe's decision is its order, nothing after it is measured
    }
  }

  public static void main(String[] args) throws Exception {
    int workers = RunArgs.intArg(args, "--workers", 1);
    int probes = RunArgs.intArg(args, "--probes", 500);
    int background = RunArgs.intArg(args, "--background", 1_000);
    int rounds = RunArgs.intArg(args, "--rounds", 4);
    String out = RunArgs.textArg(args, "--out", null);
    boolean process = "process".equals(RunArgs.textArg(args, "--isolation", "thread"));
    int heapMb = RunArgs.intArg(args, "--job-heap-mb", 512);
    int nice = RunArgs.intArg(args, "--job-nice", 10);
    LanesUnderJobsRun run = new LanesUnderJobsRun();
    run.jobJvm = process ? JobJvmCommand.of(heapMb, nice, SimulationJobBody.class.getName()) : null;
    run.measureStart = Arrays.asList(args).contains("--measure-start");
    String report = run.run(workers, probes, background, rounds);
    System.out.println(report);
    if (out != null) {
      Files.writeString(Path.of(out), report);
    }
  }

  private String run(int workers, int probes, int background, int rounds) throws Exception {
    String loadBefore = loadAverage();
    RuleSet rules = RuleSet.fromClasspath();
    int warmUp = Math.max(50, probes / 4);
    int total = warmUp + 2 * rounds * probes;
    SimulationWorkload w = new SimulationWorkload(JOB_PLANS, 20_261_205L);
    List<PlanDraft> drafts = w.drafts();
    List<IndexedTick> tape = new ArrayList<>();
    w.ticks(JOB_TICKS).forEachRemaining(tape::add);
    EngineListener quietListener = (owner, step) -> {};
    try (LaneEngine lanes =
        new LaneEngine(
            rules, new StampingBroker(), quietListener, LANES, 10_000, Clock.systemUTC())) {
      List<CompletableFuture<Void>> added = new ArrayList<>();
      for (int i = 0; i < background; i++) {
        added.add(lanes.addPlan(plan("bg" + i, "bg-user" + i / 5, "BG" + i % 10, "500.00")));
      }
      for (int i = 0; i < total; i++) {
        added.add(lanes.addPlan(plan("probe" + i, "probe-user" + i / 5, "PROBE", probeEntry(i))));
      }
      CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      lanes.onTick(Tick.of("PROBE", Instant.now(), new BigDecimal("199.00")));

      int next = probe(lanes, 0, warmUp, null);
      Histogram idle = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      Histogram busy = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      int jobs = 0;
      long jobCpuMillis = 0;
      long jobWallMillis = 0;
      // idle and busy phases alternate, so the machine's drift falls on both alike
      for (int r = 0; r < rounds; r++) {
        phase("no job", r);
        next = probe(lanes, next, probes, idle);
        Jobs pool = new Jobs(workers, rules, drafts, tape);
        pool.awaitRunning();
        phase("jobs running", r);
        next = probe(lanes, next, probes, busy);
        Jobs.Done done = pool.stop();
        phase("end", r);
        jobs += done.jobs();
        jobCpuMillis += done.cpuMillis();
        jobWallMillis += done.wallMillis();
      }
      String isolation =
          jobJvm == null ? "thread" : measureStart ? "process, from the JVM's start" : "process";
      record(isolation, "no job", idle, workers, probes, rounds, background, null, loadBefore);
      record(
          isolation,
          "jobs running",
          busy,
          workers,
          probes,
          rounds,
          background,
          new Jobs.Done(jobs, jobCpuMillis, jobWallMillis),
          loadBefore);
      return table(
          jobJvm == null
              ? "worker(s) at MIN_PRIORITY, jobs on their threads (isolation thread)"
              : "worker(s), jobs in a JVM of their own"
                  + (measureStart ? " measured from its start" : " measured from its first job")
                  + " (isolation process: "
                  + String.join(" ", jobJvm.command().subList(0, jobJvm.command().indexOf("-cp")))
                  + ")",
          workers,
          probes,
          background,
          rounds,
          idle,
          busy,
          new Jobs.Done(jobs, jobCpuMillis, jobWallMillis),
          loadBefore);
    }
  }

  /** One phase's figures as a line of the run's {@code trials.jsonl} (nothing without a folder). */
  private static void record(
      String isolation,
      String phase,
      Histogram h,
      int workers,
      int probes,
      int rounds,
      int background,
      Jobs.Done jobs,
      String loadBefore) {
    TrialRecord r =
        new TrialRecord("lanes", background)
            .put("isolation", isolation)
            .put("phase", phase)
            .put("workers", workers)
            .put("probes", probes)
            .put("rounds", rounds)
            .put("priorityPolicy", priorityPolicy())
            .put("samples", h.getTotalCount())
            .put("p50Nanos", h.getValueAtPercentile(50))
            .put("p90Nanos", h.getValueAtPercentile(90))
            .put("p99Nanos", h.getValueAtPercentile(99))
            .put("p999Nanos", h.getValueAtPercentile(99.9))
            .put("maxNanos", h.getMaxValue())
            .put("loadBefore", loadBefore)
            .put("loadAfter", loadAverage());
    if (jobs != null) {
      r.put("jobs", jobs.jobs())
          .put("jobCpuMillis", jobs.cpuMillis())
          .put("jobWallMillis", jobs.wallMillis());
    }
    r.write();
  }

  /** Probes {@code count} plans from {@code first}; each waits for its decision, then a pause. */
  private int probe(LaneEngine lanes, int first, int count, Histogram into) {
    BigDecimal quiet = new BigDecimal("100.00");
    for (int i = first; i < first + count; i++) {
      for (int q = 0; q < QUIET_PER_PROBE; q++) {
        lanes.onTick(Tick.of("BG" + q, Instant.now(), quiet.add(BigDecimal.valueOf(q, 2))));
      }
      Tick tick = Tick.of("PROBE", Instant.now(), new BigDecimal(probeEntry(i)).add(FIVE_CENTS));
      String id = "probe" + i;
      long start = System.nanoTime();
      lanes.onTick(tick);
      Long at;
      while ((at = decided.get(id)) == null) {
        if (System.nanoTime() - start > DECISION_TIMEOUT_NANOS) {
          throw new IllegalStateException("probe " + id + " made no decision within 10 s");
        }
        LockSupport.parkNanos(20_000);
      }
      if (into != null) {
        into.recordValue(Math.min(at - start, into.getHighestTrackableValue()));
      }
      LockSupport.parkNanos(PROBE_GAP_NANOS);
    }
    return first + count;
  }

  private static final BigDecimal FIVE_CENTS = new BigDecimal("0.05");

  /** Probe i enters above 200.00 + i x 0.10: its tick (5 cents over) crosses no other probe. */
  private static String probeEntry(int i) {
    return new BigDecimal("200.00").add(BigDecimal.valueOf(i, 1)).toPlainString();
  }

  private static PlanSnapshot plan(String id, String owner, String symbol, String entry) {
    BigDecimal e = new BigDecimal(entry);
    Plan p =
        new Plan(
            id,
            owner,
            Instrument.stock(symbol),
            Side.LONG,
            10,
            new Entry(EntryCondition.ABOVE, e, null),
            List.of(new Stop(e.subtract(new BigDecimal("5.00")), null)),
            List.of(new Target(e.add(new BigDecimal("5.00")), null)),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE);
  }

  /**
   * Simulation jobs in a pool of the server's shape, kept busy: every job that ends is replaced, so
   * the workers never idle while the phase runs.
   */
  private final class Jobs {
    record Done(int jobs, long cpuMillis, long wallMillis) {}

    private final ThreadPoolExecutor pool;
    private final RuleSet rules;
    private final List<PlanDraft> drafts;
    private final List<IndexedTick> tape;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final java.util.Set<Process> jvms = ConcurrentHashMap.newKeySet();
    private final List<AtomicLong> setupCpu = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong cpuNanos = new AtomicLong();
    private long startNanos = System.nanoTime();
    private volatile boolean stopping;

    Jobs(int workers, RuleSet rules, List<PlanDraft> drafts, List<IndexedTick> tape) {
      this.rules = rules;
      this.drafts = drafts;
      this.tape = tape;
      AtomicInteger n = new AtomicInteger();
      pool =
          new ThreadPoolExecutor(
              workers,
              workers,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(QUEUE),
              r -> {
                Thread t = new Thread(r, "analysis-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
              });
      if (jobJvm != null) {
        startJobJvms(workers);
        return;
      }
      // one job per worker; each that ends queues the next, so the queue never holds more
      for (int i = 0; i < workers; i++) {
        pool.execute(this::job);
      }
    }

    private void job() {
      if (stopping) {
        return;
      }
      running.incrementAndGet();
      long cpu = threads.getCurrentThreadCpuTime();
      new Simulator(rules, SimulationOptions.DEFAULT).run(drafts, tape.iterator());
      cpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
      done.incrementAndGet();
      if (!stopping) {
        pool.execute(this::job);
      }
    }

    /**
     * Process mode: one job JVM per worker, running jobs back to back; its start and rule compile
     * are done before the phase is measured (as the thread mode's rules are compiled before), so
     * both modes measure jobs' bodies. Counts the jobs each JVM reports and its CPU time.
     */
    private void startJobJvms(int workers) {
      for (int i = 0; i < workers; i++) {
        try {
          Process p =
              new ProcessBuilder(
                      jobJvm.with(
                          Integer.toString(JOB_PLANS), Integer.toString(JOB_TICKS), "20261205"))
                  .redirectError(ProcessBuilder.Redirect.DISCARD)
                  .start();
          jvms.add(p);
          if (measureStart) {
            running.incrementAndGet();
          }
          AtomicLong setupCpuMillis = new AtomicLong(-1);
          Thread reader =
              new Thread(
                  () -> {
                    try (java.io.BufferedReader r =
                        new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                p.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = r.readLine()) != null) {
                        String[] f = line.split(" ");
                        long cpu = Long.parseLong(f[1]);
                        if (f[0].equals("ready")) {
                          setupCpuMillis.set(cpu);
                          if (!measureStart) {
                            running.incrementAndGet();
                          }
                        } else {
                          done.incrementAndGet();
                        }
                      }
                    } catch (IOException e) {
                      // the JVM was stopped at the phase's end
                    }
                  },
                  "job-jvm-reader-" + i);
          reader.setDaemon(true);
          reader.start();
          setupCpu.add(setupCpuMillis);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start a job JVM", e);
        }
      }
    }

    void awaitRunning() {
      while (running.get() == 0) {
        LockSupport.parkNanos(1_000_000);
      }
      startNanos = System.nanoTime(); // busy from here: a job JVM's start is not a job's body
      jvms.forEach(p -> cpuNanos.addAndGet(-jvmCpuNanos(p)));
    }

    /** A job JVM's CPU time so far (user and system, from the OS). */
    private static long jvmCpuNanos(Process p) {
      return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    Done stop() throws InterruptedException {
      stopping = true;
      for (Process p : jvms) {
        cpuNanos.addAndGet(jvmCpuNanos(p)); // the CPU it used in the busy phase, whole or not
        p.destroyForcibly();
        p.waitFor();
      }
      if (!setupCpu.isEmpty()) {
        System.err.println(
            "job JVM start, workload and rule compile before the phase, CPU ms: "
                + setupCpu.stream().map(AtomicLong::get).toList());
      }
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.MINUTES);
      return new Done(
          done.get(),
          TimeUnit.NANOSECONDS.toMillis(cpuNanos.get()),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }
  }

  private static String table(
      String mode,
      int workers,
      int probes,
      int background,
      int rounds,
      Histogram idle,
      Histogram busy,
      Jobs.Done done,
      String loadBefore) {
    StringBuilder b = new StringBuilder();
    b.append("Run: ")
        .append(Instant.now())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, JDK ")
        .append(System.getProperty("java.version"))
        .append(", -XX:ThreadPriorityPolicy=")
        .append(priorityPolicy())
        .append("; load average ")
        .append(loadBefore)
        .append(" before, ")
        .append(loadAverage())
        .append(" after. ")
        .append(LANES)
        .append(" lanes, ")
        .append(background)
        .append(" background plans, ")
        .append(rounds)
        .append(" rounds of ")
        .append(probes)
        .append(" probes without and ")
        .append(probes)
        .append(" with jobs; pool of ")
        .append(workers)
        .append(" ")
        .append(mode)
        .append(": ")
        .append(done.jobs())
        .append(" jobs done in ")
        .append(done.wallMillis())
        .append(" ms of busy phases, ")
        .append(done.cpuMillis())
        .append(" ms CPU of the workers (")
        .append(done.wallMillis() == 0 ? 0 : 100 * done.cpuMillis() / done.wallMillis())
        .append("% of one core).\n\n");
    b.append("| phase | samples | p50 | p90 | p99 | p99.9 | max |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|\n");
    PhaseTable.row(b, "no job", idle);
    PhaseTable.row(b, "jobs running", busy);
    return b.toString();
  }

  /** When each phase starts, in JVM uptime (the GC log's clock), on stderr. */
  private static void phase(String name, int round) {
    System.err.printf(
        "[%.3fs] round %d: %s%n",
        ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, round + 1, name);
  }

  /** 0 (the default): Linux ignores Java thread priorities; 1: they become nice values. */
  private static String priorityPolicy() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
        .getVMOption("ThreadPriorityPolicy")
        .getValue();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
