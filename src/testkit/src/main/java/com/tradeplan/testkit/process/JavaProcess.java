package com.tradeplan.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A Java program in its own JVM, for the tests that need a real process: one that can be killed
 * with kill -9 (a platform, a cluster member, the server), frozen with SIGSTOP as a vanished host
 * would be, and whose stdout lines say what it did. Built with {@link #builder}; started with the
 * test's own classpath unless told otherwise.
 *
 * <p>Every stdout line is kept, with the time it arrived, by a reader thread of this object (it
 * also hands each line to {@link Builder#onLine}, on that thread: a throw there ends the reading).
 * Stderr goes to {@code <logDirectory>/<name>.err} (or into the stdout lines with {@link
 * Builder#mergeStderr}); {@link #close} writes the stdout lines next to it as {@code .out}. A wait
 * that fails says which process, whether it exited, and the last lines of both, so that a failure
 * on a build machine can be read without the files.
 *
 * <p>Always close it (try-with-resources or a {@code finally}): {@link #close} resumes a frozen
 * process and kills it with SIGKILL if it still runs, so no test leaves a JVM behind.
 */
public final class JavaProcess implements AutoCloseable {
  /** One stdout line and when it arrived ({@link System#nanoTime}). */
  public record Line(long arrivedNanos, String text) {}

  /** How many of the last lines a failure message shows, of stdout and of stderr each. */
  static final int TAIL_LINES = 40;

  /** At most this many stdout lines are kept; beyond, the oldest are dropped (and counted). */
  static final int MAX_LINES = 1_000_000;

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final Path stdoutFile;
  private final Path stderrFile;
  private final Consumer<Line> onLine;
  private final List<Line> lines = new ArrayList<>();
  private long droppedLines;
  private volatile boolean stdoutEnded;

  private JavaProcess(
      String name, Process process, Path stdoutFile, Path stderrFile, Consumer<Line> onLine) {
    this.name = name;
    this.process = process;
    this.stdoutFile = stdoutFile;
    this.stderrFile = stderrFile;
    this.onLine = onLine;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * A process named {@code name} (its thread, log files and failure messages) that runs {@code
   * mainClass}.
   */
  public static Builder builder(String name, String mainClass) {
    return new Builder(name, mainClass);
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String s; (s = r.readLine()) != null; ) {
        Line line = new Line(System.nanoTime(), s);
        synchronized (lines) {
          if (lines.size() == MAX_LINES) {
            int drop = MAX_LINES / 10;
            lines.subList(0, drop).clear();
            droppedLines += drop;
          }
          lines.add(line);
          lines.notifyAll();
        }
        onLine.accept(line);
      }
    } catch (IOException e) {
      // the process ended: its lines so far are what it said
    }
    synchronized (lines) {
      stdoutEnded = true;
      lines.notifyAll(); // a waiter learns that no more lines will come
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The exit code; fails if the process still runs. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Every stdout line so far, in order. */
  public List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The text of every stdout line so far, in order. */
  public List<String> texts() {
    return lines().stream().map(Line::text).toList();
  }

  /**
   * Waits until some stdout line (since the start) satisfies {@code match}, and returns the first
   * that does. Fails as soon as the process has ended without printing it, or at the deadline.
   */
  public Line awaitLine(Duration deadline, String what, Predicate<String> match) {
    long end = System.nanoTime() + deadline.toNanos();
    long seen = 0; // lines already tested, counted from the first line ever printed
    synchronized (lines) {
      while (true) {
        for (int i = (int) Math.max(0, seen - droppedLines); i < lines.size(); i++) {
          if (match.test(lines.get(i).text())) {
            return lines.get(i);
          }
        }
        seen = droppedLines + lines.size();
        long left = end - System.nanoTime();
        if (left <= 0 || stdoutEnded) {
          if (stdoutEnded) {
            awaitQuietly(Duration.ofSeconds(2)); // its exit code is part of the message
          }
          throw new AssertionError(
              name
                  + " never printed "
                  + what
                  + (left <= 0 ? " within " + deadline : " before its stdout ended")
                  + "\n"
                  + describe());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, 50_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
      }
    }
  }

  /** Waits for a line that starts with {@code prefix}. */
  public Line awaitLineStartingWith(Duration deadline, String prefix) {
    return awaitLine(deadline, "a line starting with '" + prefix + "'", l -> l.startsWith(prefix));
  }

  /**
   * Waits until something accepts TCP connections on {@code 127.0.0.1:port}. Fails as soon as the
   * process has ended, or at the deadline.
   */
  public void awaitPort(int port, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() - end > 0) {
          throw new AssertionError(
              name
                  + " never listened on port "
                  + port
                  + (process.isAlive() ? " within " + deadline : " before it exited")
                  + "\n"
                  + describe());
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
    }
  }

  /** Writes {@code line} and a newline to the process's stdin. */
  public void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + name + "'s stdin", e);
    }
  }

  /**
   * kill -9: no shutdown hook, no goodbye to anyone. Returns at once, so that the caller can take
   * the moment of death as now (a failover's clock starts here); {@link #awaitExit} waits for it.
   */
  public void kill9() {
    process.destroyForcibly();
  }

  /** SIGSTOP: the process freezes as a vanished host would (its sockets stay open). */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: a frozen process runs again. */
  public void resume() {
    signal("CONT");
  }

  /**
   * SIGTERM, then waits up to {@code deadline} for the process to exit (its shutdown hooks run).
   * Returns whether it exited; if not, it is killed with SIGKILL, and the caller decides whether
   * that fails the test.
   */
  public boolean stop(Duration deadline) {
    process.destroy();
    try {
      if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return false;
  }

  /**
   * This process's threads now ({@code jcmd <pid> Thread.print} of the running JDK), also written
   * next to its {@code .out} file as {@code <name>-threads-<millis>.txt}; or why they could not be
   * read. For a wait that failed on a live process: what each of its threads was doing. Bounded: a
   * frozen process, which cannot answer, is given up after 20 s.
   */
  public String threadDump() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path file = stdoutFile.resolveSibling(name + "-threads-" + System.currentTimeMillis() + ".txt");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(file.toFile())
              .start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "(no thread dump of " + name + ": jcmd did not answer within 20 s)";
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no thread dump of " + name + ": " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump of " + name + ": interrupted)";
    }
  }

  /** Sends {@code kill -<signal>} to the process (STOP, CONT, TERM, ...). */
  public void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed (" + name + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  private void awaitQuietly(Duration deadline) {
    try {
      process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the process has exited and returns its exit code; fails at the deadline. */
  public int awaitExit(Duration deadline) {
    try {
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit within " + deadline + "\n" + describe());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
    }
  }

  /**
   * What a failure message says about this process: alive or its exit code, the last stdout lines
   * and the last stderr lines (from its log file).
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("--- ")
        .append(name)
        .append(" (pid ")
        .append(pid())
        .append(process.isAlive() ? ", running" : ", exited " + process.exitValue())
        .append(")\n--- last stdout lines:\n");
    List<Line> all = lines();
    all.subList(Math.max(0, all.size() - TAIL_LINES), all.size())
        .forEach(l -> b.append(l.text()).append('\n'));
    if (stderrFile != null) {
      b.append("--- last stderr lines (").append(stderrFile.toAbsolutePath()).append("):\n");
      try {
        List<String> err = Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
        err.subList(Math.max(0, err.size() - TAIL_LINES), err.size())
            .forEach(l -> b.append(l).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        b.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return b.toString();
  }

  /**
   * Resumes the process if it was frozen, kills it with SIGKILL if it still runs, and writes its
   * stdout lines to {@code <name>.out} in the log directory. Never throws for a process that is
   * already gone.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        signal("CONT");
      } catch (RuntimeException e) {
        // it may have exited meanwhile; the kill below is what matters
      }
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> text = new ArrayList<>();
    synchronized (lines) {
      if (droppedLines > 0) {
        text.add("(" + droppedLines + " earlier lines dropped)");
      }
    }
    lines().forEach(l -> text.add(l.text()));
    try {
      Files.write(stdoutFile, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // only a debugging aid: the test's result does not depend on it
    }
  }

  /** How to start a {@link JavaProcess}. */
  public static final class Builder {
    private final String name;
    private final String mainClass;
    private String classpath = System.getProperty("java.class.path");
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    private final List<String> envRemoved = new ArrayList<>();
    private Path directory;
    private Path logDirectory = Path.of("target", "processes");
    private boolean mergeStderr;
    private Consumer<Line> onLine = l -> {};

    private Builder(String name, String mainClass) {
      this.name = name;
      this.mainClass = mainClass;
    }

    /** The classpath (default: this JVM's, so the test's classes and dependencies). */
    public Builder classpath(String cp) {
      this.classpath = cp;
      return this;
    }

    /** JVM options such as {@code -Xmx256m} or {@code -Dkey=value}, in order. */
    public Builder jvmArgs(String... a) {
      jvmArgs.addAll(List.of(a));
      return this;
    }

    /**
     * The {@code --add-opens}/{@code --add-exports}/{@code --add-modules} options this JVM runs
     * with (Hazelcast asks for them; surefire's argLine gives them to the test JVM).
     */
    public Builder addOpensOfThisJvm() {
      for (String a :
          java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (a.startsWith("--add-")) {
          jvmArgs.add(a);
        }
      }
      return this;
    }

    /** Program arguments after the main class, in order. */
    public Builder args(String... a) {
      args.addAll(List.of(a));
      return this;
    }

    /** Sets an environment variable (the rest of the test JVM's environment is inherited). */
    public Builder env(String key, String value) {
      env.put(key, value);
      envRemoved.remove(key);
      return this;
    }

    /** Sets every variable of {@code vars}. */
    public Builder env(java.util.Map<String, String> vars) {
      vars.forEach(this::env);
      return this;
    }

    /** Removes an inherited environment variable. */
    public Builder withoutEnv(String key) {
      env.remove(key);
      envRemoved.add(key);
      return this;
    }

    /** The working directory (default: the test JVM's). */
    public Builder directory(Path dir) {
      this.directory = dir;
      return this;
    }

    /** Where {@code <name>.err} and {@code <name>.out} go (default {@code target/processes}). */
    public Builder logDirectory(Path dir) {
      this.logDirectory = dir;
      return this;
    }

    /** Stderr joins the stdout lines (a process whose log is part of what the test reads). */
    public Builder mergeStderr() {
      this.mergeStderr = true;
      return this;
    }

    /** Called with each stdout line as it arrives, on the reader thread. */
    public Builder onLine(Consumer<Line> listener) {
      this.onLine = listener;
      return this;
    }

    public JavaProcess start() {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmArgs);
      cmd.addAll(List.of("-cp", classpath, mainClass));
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      envRemoved.forEach(pb.environment()::remove);
      pb.environment().putAll(env);
      if (directory != null) {
        pb.directory(directory.toFile());
      }
      try {
        Files.createDirectories(logDirectory);
        Path err = mergeStderr ? null : logDirectory.resolve(name + ".err");
        if (err == null) {
          pb.redirectErrorStream(true);
        } else {
          pb.redirectError(err.toFile());
        }
        return new JavaProcess(name, pb.start(), logDirectory.resolve(name + ".out"), err, onLine);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name + ": " + cmd, e);
      }
    }
  }
}
