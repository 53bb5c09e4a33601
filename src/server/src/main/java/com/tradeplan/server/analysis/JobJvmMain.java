package com.tradeplan.server.analysis;

import com.tradeplan.engine.RuleSet;
import com.tradeplan.runtime.RuleVersions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The main class of a job's own JVM ({@code JobJvmMain JOB_FOLDER}), started by {@link
 * ChildJvmJobRunner} with the server's java and class path: reads the {@link JobFolder}, runs the
 * job with the very code a job runs in the server's JVM ({@link SimulationJob#run}: the same
 * Simulator, reports and bounds, or for an incident replay the same {@link ReplayRun} over the
 * recorded window in the folder, so the texts it writes are the in-JVM job's byte for byte), prints
 * its progress five times a second on stdout, and writes what the run left into the folder.
 *
 * <p>Exit 0: the outcome is written (DONE, or FAILED for an expected reason such as bad input or
 * the events bound, with the message). Anything else is a crash the server reports with its exit
 * code and the last lines of stderr; an {@link OutOfMemoryError} exits at once (the server starts
 * it with {@code -XX:+ExitOnOutOfMemoryError}) and is reported as over its heap bound. Everything
 * but the protocol goes to stderr: {@code System.out} is pointed there before the job starts, so a
 * library's print cannot be taken for progress.
 *
 * <p>It never touches the platform: no store, no broker, no cluster; only its folder.
 */
public final class JobJvmMain {
  /** How often progress is printed (a line only when it moved). */
  static final long PROGRESS_EVERY_MILLIS = 200;

  private static final String LOGGING_PROPERTY = "logback.configurationFile";

  private JobJvmMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: JobJvmMain JOB_FOLDER");
      System.exit(2);
    }
    if (System.getProperty(LOGGING_PROPERTY) == null) {
      // before the first logger: the command line's quiet configuration (warnings to stderr), not
      // logback's default of everything at DEBUG
      System.setProperty(LOGGING_PROPERTY, "logback-cli.xml");
    }
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    run(Path.of(args[0]), protocol);
    System.exit(0);
  }

  /** Runs the job of {@code dir}, printing progress lines on {@code protocol}. */
  static void run(Path dir, PrintStream protocol) throws InterruptedException {
    JobFolder.Input in = JobFolder.readInput(dir);
    SimulationJob job =
        new SimulationJob(dir.getFileName().toString(), "job", null, Instant.EPOCH, in.request());
    RuleSource rules =
        new RuleSource() {
          @Override
          public int deployed() {
            return in.ruleVersion();
          }

          @Override
          public RuleSet compile(int version) {
            // version 1 is the shipped kjar on the class path, as the server loads it
            return version == 1
                ? RuleSet.fromClasspath()
                : RuleVersions.compileSources(version, in.filesOf(version));
          }

          @Override
          public java.util.Map<String, String> sourcesOf(int version) {
            return in.filesOf(version);
          }
        };
    // a replay reads the window the server read for it (never the server's recording folder)
    RecordingSource recorded = in.recording() == null ? null : (owner, from, to) -> in.recording();
    CountDownLatch ended = new CountDownLatch(1);
    Thread reporter =
        new Thread(
            () -> {
              long last = -1;
              try {
                while (!ended.await(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
                  long done = job.ticksDone();
                  if (done != last) {
                    protocol.println(JobFolder.progressLine(done, job.ticksTotal()));
                    last = done;
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "job-progress");
    reporter.setDaemon(true);
    reporter.start();
    SimulationJob.Outcome outcome = job.run(rules, in.eventsBound(), recorded);
    ended.countDown();
    reporter.join();
    protocol.println(JobFolder.progressLine(job.ticksDone(), job.ticksTotal()));
    JobFolder.writeOutcome(dir, outcome);
  }
}
