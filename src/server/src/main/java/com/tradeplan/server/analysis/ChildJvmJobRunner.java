package com.tradeplan.server.analysis;

import com.tradeplan.runtime.recording.UserRecording;
import com.tradeplan.simulator.JobJvmCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an analysis job, a simulation or an incident replay, in a JVM of its own ({@code
 * tradeplan.analysis.isolation=process}): the server's java and class path, main class {@link
 * JobJvmMain}, {@code -Xmx} the job's memory bound, the serial collector on one processor (no
 * concurrent collector threads to take the lanes' cores), lowered by {@code nice} when the machine
 * has it. Why: docs/benchmarks.md "Do analysis jobs slow a trading lane?" (a job in the lanes' JVM
 * raised their p99 1.3-5.5x through shared cores and its collector, and Java thread priorities do
 * nothing on Linux).
 *
 * <p>The calling analysis worker waits for the job JVM (so the pool's worker bound still bounds the
 * JVMs). Two reader threads per job: stdout's progress lines move the job's progress (any other or
 * malformed line is counted and skipped, a line is cut at {@value #LINE_CHARS_MAX} characters:
 * nothing a job JVM prints can stop or flood the reader), stderr's last {@value #STDERR_LINES_MAX}
 * lines are kept for the message of a crash. Cancel and the time limit stop the JVM and everything
 * it started (destroy, then destroyForcibly after the grace); a JVM that ends without its outcome
 * is a FAILED job naming its exit code (or its heap bound, for an OutOfMemoryError) and its last
 * stderr lines.
 *
 * <p>What the job JVM gets, in its folder ({@link JobFolder}): a simulation's uploaded files, or
 * for a replay the user's recorded window, read here from the server's recording ({@link
 * RecordingSource}: the open segments sealed first, at most {@link
 * AnalysisConfig#REPLAY_ENTRIES_MAX} entries) and written as the recording's own lines, so the job
 * JVM never opens the server's recording folder (which retention prunes and the lanes write); and
 * the DRL files of every rule-set version the job may compile. The job JVM runs the very code of
 * the in-JVM job ({@link SimulationJob#run}, for a replay {@link ReplayRun#run}), so its texts are
 * the same to the byte.
 *
 * <p>Thread-safety: {@link #run} may be called by several workers at once; each call owns its job's
 * folder (a fresh temporary directory, deleted when the job ends) and process.
 */
final class ChildJvmJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ChildJvmJobRunner.class);

  /** The longest line kept from a job JVM; the rest of a longer line is skipped. */
  static final int LINE_CHARS_MAX = 2_000;

  /** The last stderr lines a crash's message quotes. */
  static final int STDERR_LINES_MAX = 8;

  /** How often the worker looks at cancel and the time limit while the JVM runs. */
  private static final long POLL_MILLIS = 50;

  /** How long the readers get to drain once the JVM ended. */
  private static final long DRAIN_MILLIS = 5_000;

  private final JobIsolation isolation;
  private final RuleSource rules;
  private final RecordingSource recording; // null: recording off, a replay fails so
  private final long eventsBound;
  private final JobJvmCommand prefix;

  ChildJvmJobRunner(
      JobIsolation isolation, RuleSource rules, RecordingSource recording, long eventsBound) {
    this.isolation = isolation;
    this.rules = rules;
    this.recording = recording;
    this.eventsBound = eventsBound;
    this.prefix = commandPrefix(isolation);
  }

  /** The command up to the job folder: [nice -n N] java -Xmx... -cp CLASSPATH JobJvmMain. */
  private static JobJvmCommand commandPrefix(JobIsolation isolation) {
    JobJvmCommand cmd =
        JobJvmCommand.of(isolation.heapMb(), isolation.niceness(), JobJvmMain.class.getName());
    if (isolation.niceness() > 0 && !cmd.niced()) {
      LOG.warn(
          "no 'nice' command on the PATH: analysis job JVMs run at the server's OS priority"
              + " (tradeplan.analysis.job-nice={} not applied)",
          isolation.niceness());
    }
    return cmd;
  }

  /** Runs {@code job} in its own JVM to its end, on the calling worker. Never throws for a job. */
  SimulationJob.Outcome run(SimulationJob job) {
    if (job.cancelRequested()) {
      return outcome(SimulationJob.Status.CANCELLED, "cancelled before it started");
    }
    JobRequest request = job.begin();
    int version = request.ruleVersion() == null ? rules.deployed() : request.ruleVersion();
    if (request.replay() != null && recording == null) {
      return ReplayRun.recordingOff();
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("tradeplan-job-");
      JobFolder.writeInput(dir, input(request, version));
      request = null; // the texts are in the folder now: this worker holds no copy while it waits
      return runJvm(job, dir);
    } catch (IOException | UncheckedIOException e) {
      // its folder could not be written (or, for a replay, the recording read) or java not started
      LOG.error("analysis job {} could not start its JVM", job.id(), e);
      return outcome(
          SimulationJob.Status.FAILED,
          "the job's JVM could not start"
              + (request != null && request.replay() != null
                  ? " (its recorded window could not be read or written): "
                  : ": ")
              + e);
    } finally {
      delete(dir);
    }
  }

  /**
   * What the job JVM is handed: a simulation's files and its version's DRL files; a replay's
   * recorded window and the DRL files of every version it may compile.
   */
  private JobFolder.Input input(JobRequest request, int version) {
    ReplayRequest replay = request.replay();
    if (replay == null) {
      return new JobFolder.Input(
          request, version, Map.of(version, rules.sourcesOf(version)), eventsBound, null);
    }
    UserRecording rec = recording.read(replay.owner(), replay.from(), replay.to());
    Map<Integer, Map<String, String>> files = new TreeMap<>();
    for (int n : ReplayRun.versionsNeeded(replay, version, rec)) {
      files.put(n, rules.sourcesOf(n));
    }
    return new JobFolder.Input(request, version, files, eventsBound, rec);
  }

  private SimulationJob.Outcome runJvm(SimulationJob job, Path dir) throws IOException {
    List<String> command = prefix.with(dir.toString());
    Process p = new ProcessBuilder(command).start();
    LOG.debug("analysis job {} runs in JVM {}: {}", job.id(), p.pid(), command);
    p.getOutputStream().close();
    AtomicLong malformed = new AtomicLong();
    ArrayDeque<String> stderr = new ArrayDeque<>();
    Consumer<String> keep =
        line -> {
          synchronized (stderr) {
            stderr.addLast(line);
            if (stderr.size() > STDERR_LINES_MAX) {
              stderr.removeFirst();
            }
          }
        };
    // the JVM itself prints some last words on stdout (an OutOfMemoryError's "Terminating due
    // to"): a line that is not progress is kept with stderr's
    Thread out =
        reader(
            p.getInputStream(),
            "analysis-job-out-" + p.pid(),
            line -> {
              JobFolder.Progress pr = JobFolder.parseProgress(line);
              if (pr == null) {
                malformed.incrementAndGet();
                keep.accept(line);
              } else {
                job.progress(pr.done(), pr.total());
              }
            });
    Thread err = reader(p.getErrorStream(), "analysis-job-err-" + p.pid(), keep);
    long deadline = System.nanoTime() + isolation.timeLimit().toNanos();
    String stoppedBecause = null;
    try {
      while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (job.cancelRequested()) {
          stoppedBecause = "cancel";
        } else if (System.nanoTime() - deadline > 0) {
          stoppedBecause = "time";
        }
        if (stoppedBecause != null) {
          stop(p);
          break;
        }
      }
      out.join(DRAIN_MILLIS);
      err.join(DRAIN_MILLIS);
    } catch (InterruptedException e) {
      // the pool is shutting down (the server stops): the job JVM goes with it
      Thread.currentThread().interrupt();
      stop(p);
      return outcome(SimulationJob.Status.FAILED, "the server stopped before this job finished");
    }
    if (malformed.get() > 0) {
      LOG.debug("analysis job {}: {} stdout lines were not progress", job.id(), malformed.get());
    }
    // a replay's progress counts recorded entries, a simulation's ticks (the in-JVM job's words)
    String at =
        (job.replay() ? " at entry " : " at tick ") + job.ticksDone() + " of " + job.ticksTotal();
    if ("cancel".equals(stoppedBecause)) {
      return outcome(SimulationJob.Status.CANCELLED, "cancelled" + at);
    }
    if ("time".equals(stoppedBecause)) {
      return outcome(
          SimulationJob.Status.FAILED,
          "stopped"
              + at
              + ": the job ran longer than its time limit of "
              + isolation.timeLimit().toSeconds()
              + " s (tradeplan.analysis.job-time-limit)");
    }
    int exit = p.exitValue();
    SimulationJob.Outcome written = exit == 0 ? JobFolder.readOutcome(dir) : null;
    if (written != null) {
      return written;
    }
    String tail;
    synchronized (stderr) {
      tail = String.join(" | ", stderr);
    }
    if (tail.contains("OutOfMemoryError")) {
      return outcome(
          SimulationJob.Status.FAILED,
          "stopped"
              + at
              + ": the job ran out of its memory bound, a heap of "
              + isolation.heapMb()
              + " MiB (tradeplan.analysis.job-heap-mb); "
              + (job.replay()
                  ? "choose a shorter window"
                  : "run fewer plans or a shorter tick file")
              + ", or raise the bound ("
              + tail
              + ")");
    }
    return outcome(
        SimulationJob.Status.FAILED,
        "the job's JVM ended with exit code "
            + exit
            + at
            + (tail.isEmpty() ? ", nothing on stderr" : ": " + tail));
  }

  /**
   * Stops the JVM and what it started: asked first (destroy), killed after the grace
   * (destroyForcibly).
   */
  private void stop(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(isolation.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("analysis job JVM {} did not stop within the grace: killed", p.pid());
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(isolation.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      tree.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A daemon thread handing {@code in}'s lines to {@code sink}, each cut at {@value
   * #LINE_CHARS_MAX} characters; it ends at the stream's end. A sink that throws loses that line
   * only.
   */
  static Thread reader(InputStream in, String name, Consumer<String> sink) {
    Thread t =
        new Thread(
            () -> {
              try (Reader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                readLines(r, sink);
              } catch (IOException e) {
                // the stream closed under us (the process was killed): nothing more to read
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Splits {@code r} into lines of at most {@value #LINE_CHARS_MAX} characters. */
  static void readLines(Reader r, Consumer<String> sink) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = r.read()) != -1) {
      if (c == '\n') {
        deliver(sink, line);
        line.setLength(0);
      } else if (c != '\r' && line.length() < LINE_CHARS_MAX) {
        line.append((char) c);
      }
    }
    if (line.length() > 0) {
      deliver(sink, line);
    }
  }

  private static void deliver(Consumer<String> sink, StringBuilder line) {
    try {
      sink.accept(line.toString());
    } catch (RuntimeException e) {
      LOG.warn("a job JVM's line could not be read: {}", e.toString());
    }
  }

  private static SimulationJob.Outcome outcome(SimulationJob.Status status, String message) {
    return new SimulationJob.Outcome(status, message, 0, null, null, null, null);
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete the job folder {}: {}", dir, e.toString());
    }
  }
}
