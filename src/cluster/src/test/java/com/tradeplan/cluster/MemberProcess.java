package com.tradeplan.cluster;

import com.tradeplan.testkit.Await;
import com.tradeplan.testkit.process.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link ClusterMemberMain} in its own JVM on loopback (the test kit's {@link JavaProcess}),
 * started with the test classpath and the test JVM's --add-opens flags. Its stdout lines are parsed
 * into {@link Line}s as they arrive; stderr (Hazelcast's log) and a copy of stdout go to files
 * under target/cluster-processes.
 */
final class MemberProcess implements AutoCloseable {
  /** One stdout line: {@code <epochMillis> <EVENT> <fields...>}. */
  record Line(String member, long timeMillis, String event, List<String> fields) {
    String field(int i) {
      return fields.get(i);
    }
  }

  final String name;
  final int port;
  private final List<Line> lines = new ArrayList<>();

  /**
   * The same lines by event (guarded by {@link #lines}): the tests' waits scan one kind of line
   * many times a second, and a member prints hundreds of SEND lines a second.
   */
  private final Map<String, List<Line>> byEvent = new HashMap<>();

  /** The ACQUIRE and RELEASE lines, in order (guarded by {@link #lines}). */
  private final List<Line> ownership = new ArrayList<>();

  private JavaProcess process;

  private MemberProcess(String name, int port) {
    this.name = name;
    this.port = port;
  }

  static MemberProcess start(
      String name, String clusterName, int port, List<Integer> ports, String... args) {
    List<String> members = new ArrayList<>();
    ports.forEach(p -> members.add("127.0.0.1:" + p));
    MemberProcess m = new MemberProcess(name, port);
    m.process =
        JavaProcess.builder(clusterName + "-" + name, ClusterMemberMain.class.getName())
            .addOpensOfThisJvm()
            .jvmArgs("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .jvmArgs(
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                // Joins, master answers and merges at debug (about 130 lines a member a test): a
                // stalled merge of two survivors is read from them (docs/cluster.md).
                "-Dorg.slf4j.simpleLogger.log.com.hazelcast.internal.cluster=debug")
            .args(args)
            .env("TRADEPLAN_CLUSTER_NAME", clusterName)
            .env("TRADEPLAN_CLUSTER_PORT", Integer.toString(port))
            .env("TRADEPLAN_CLUSTER_MEMBERS", String.join(",", members))
            .logDirectory(Path.of("target", "cluster-processes"))
            .onLine(l -> m.parse(l.text()))
            .start();
    return m;
  }

  private void parse(String s) {
    String[] parts = s.split(" ");
    if (parts.length < 2 || !parts[0].matches("\\d+")) {
      return;
    }
    Line line =
        new Line(name, Long.parseLong(parts[0]), parts[1], List.of(parts).subList(2, parts.length));
    synchronized (lines) {
      lines.add(line);
      byEvent.computeIfAbsent(line.event(), e -> new ArrayList<>()).add(line);
      if (line.event().equals("ACQUIRE") || line.event().equals("RELEASE")) {
        ownership.add(line);
      }
    }
  }

  List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  List<Line> lines(String event) {
    synchronized (lines) {
      return List.copyOf(byEvent.getOrDefault(event, List.of()));
    }
  }

  /** The ACQUIRE and RELEASE lines, in order. */
  List<Line> ownershipLines() {
    synchronized (lines) {
      return List.copyOf(ownership);
    }
  }

  /** The last line of {@code event}, or null. */
  Line last(String event) {
    synchronized (lines) {
      List<Line> l = byEvent.get(event);
      return l == null ? null : l.get(l.size() - 1);
    }
  }

  Line await(Duration deadline, String what, Predicate<Line> p) {
    int[] tested = {0}; // the lines are only appended: each is tested once
    return Await.value(
        deadline,
        () -> {
          synchronized (lines) {
            for (; tested[0] < lines.size(); tested[0]++) {
              if (p.test(lines.get(tested[0]))) {
                return lines.get(tested[0]);
              }
            }
            return null;
          }
        },
        () -> name + " never printed " + what + "\n" + process.describe());
  }

  void command(String c) {
    process.send(c);
  }

  long pid() {
    return process.pid();
  }

  /**
   * The Hazelcast and Tradeplan threads of this member now, from a thread dump (the whole dump is
   * kept next to its output), at most {@value #THREADS_CHARS_MAX} characters: what a stalled join
   * or merge was waiting for, in the failure message of a build log.
   */
  String clusterThreads() {
    String dump = process.threadDump();
    StringBuilder b = new StringBuilder();
    for (String block : dump.split("\n\n")) {
      if (block.startsWith("\"hz.") || block.startsWith("\"tradeplan")) {
        b.append(block).append('\n');
      }
    }
    String threads = b.length() == 0 ? dump : b.toString();
    return threads.length() <= THREADS_CHARS_MAX
        ? threads
        : threads.substring(0, THREADS_CHARS_MAX)
            + "\n(cut at "
            + THREADS_CHARS_MAX
            + " characters)";
  }

  static final int THREADS_CHARS_MAX = 30_000;

  /** Alive or its exit code, and its last output and log lines, for a failure message. */
  String describe() {
    return process.describe();
  }

  /** kill -9: no shutdown, no goodbye to the cluster. */
  void kill9() {
    process.kill9();
  }

  void signal(String sig) {
    process.signal(sig);
  }

  boolean alive() {
    return process.alive();
  }

  @Override
  public void close() {
    process.close();
  }
}
