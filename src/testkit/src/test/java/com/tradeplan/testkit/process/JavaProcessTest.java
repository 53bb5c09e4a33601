package com.tradeplan.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness against a real child JVM ({@link EchoMain}). */
class JavaProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path logs;

  private JavaProcess start(String name) {
    return JavaProcess.builder(name, EchoMain.class.getName())
        .jvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1")
        .logDirectory(logs)
        .start();
  }

  private static int port(JavaProcess p) {
    String ready = p.awaitLineStartingWith(WAIT, "READY ").text();
    return Integer.parseInt(ready.substring("READY ".length()));
  }

  @Test
  void itsLinesArriveInOrderAndItListensOnItsPort() {
    try (JavaProcess p = start("echo")) {
      p.awaitPort(port(p), WAIT);
      p.send("one");
      p.send("two");
      p.awaitLine(WAIT, "the second echo", l -> l.equals("ECHO two"));

      assertThat(p.texts()).containsSubsequence("ECHO one", "ECHO two");
      assertThat(p.lines().get(1).arrivedNanos()).isGreaterThan(0);
    }
  }

  @Test
  void killMinus9EndsItAtOnce() {
    try (JavaProcess p = start("killed")) {
      port(p);
      p.kill9();

      assertThat(p.awaitExit(WAIT)).as("128 + SIGKILL").isEqualTo(137);
      assertThat(p.alive()).isFalse();
    }
  }

  @Test
  void aPausedProcessIsStoppedUntilResumed() throws Exception {
    try (JavaProcess p = start("paused")) {
      port(p);
      p.pause();
      Await.until(WAIT, "state T (stopped)", () -> state(p.pid()) == 'T');

      p.resume();
      Await.until(WAIT, "no longer stopped", () -> state(p.pid()) != 'T');
      p.send("after");
      p.awaitLine(WAIT, "an echo after the resume", l -> l.equals("ECHO after"));
    }
  }

  @Test
  void aThreadDumpShowsWhatItsThreadsDoAndIsKeptNextToItsOutput() throws Exception {
    try (JavaProcess p = start("dumped")) {
      port(p);

      String dump = p.threadDump();

      // The main thread reads stdin in EchoMain.main: the dump is this child's, taken now.
      assertThat(dump).contains("\"main\"").contains("EchoMain.main");
      try (var files = Files.list(logs)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .anyMatch(n -> n.startsWith("dumped-threads-") && n.endsWith(".txt"));
      }
    }
  }

  @Test
  void closeKillsAFrozenProcessAndKeepsItsOutput() throws Exception {
    JavaProcess p = start("frozen");
    port(p);
    p.pause();

    p.close();

    assertThat(p.alive()).isFalse();
    assertThat(Files.readAllLines(logs.resolve("frozen.out"))).anyMatch(l -> l.startsWith("READY"));
    assertThat(Files.readString(logs.resolve("frozen.err"))).contains("a line on stderr");
  }

  @Test
  void aWaitThatFailsShowsTheProcessAndTheTailOfItsLogs() {
    try (JavaProcess p = start("quitter")) {
      port(p);
      p.send("exit 3");

      assertThatThrownBy(() -> p.awaitLine(WAIT, "a line it never prints", l -> l.equals("never")))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("quitter never printed a line it never prints before")
          .hasMessageContaining("exited 3")
          .hasMessageContaining("READY ")
          .hasMessageContaining("a line on stderr");
      assertThatThrownBy(() -> p.awaitPort(1, WAIT))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("never listened on port 1 before it exited");
    }
  }

  @Test
  void stopEndsItWithSigterm() {
    try (JavaProcess p = start("stopped")) {
      port(p);

      assertThat(p.stop(WAIT)).isTrue();
      assertThat(p.exitValue()).as("128 + SIGTERM").isEqualTo(143);
    }
  }

  @Test
  void theEnvironmentAndArgumentsReachTheChild() {
    try (JavaProcess p =
        JavaProcess.builder("env", PrintEnvMain.class.getName())
            .env("TESTKIT_VALUE", "42")
            .withoutEnv("HOME")
            .args("a", "b")
            .mergeStderr()
            .logDirectory(logs)
            .start()) {
      p.awaitLine(WAIT, "its report", l -> l.startsWith("ENV "));

      assertThat(p.texts()).contains("ENV 42 null", "ARGS a b", "ERR on stderr");
    }
  }

  /** The process state letter of /proc/PID/stat: R, S, T (stopped), ... */
  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (java.io.IOException e) {
      return '?';
    }
  }
}
