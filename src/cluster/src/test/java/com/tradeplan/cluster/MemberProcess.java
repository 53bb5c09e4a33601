package com.tradeplan.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link ClusterMemberMain} in its own JVM on loopback, started with the test classpath and the
 * test JVM's --add-opens flags. Its stdout lines are collected as {@link Line}s; stderr
 * (Hazelcast's log) goes to a file under target/cluster-processes.
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
  private final Process process;
  private final Writer stdin;
  private final List<Line> lines = new ArrayList<>();

  private final File stdoutCopy;

  private MemberProcess(String name, int port, Process process, File stdoutCopy) {
    this.stdoutCopy = stdoutCopy;
    this.name = name;
    this.port = port;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  static MemberProcess start(
      String name, String clusterName, int port, List<Integer> ports, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(ClusterMemberMain.class.getName());
    cmd.addAll(List.of(args));
    List<String> members = new ArrayList<>();
    ports.forEach(p -> members.add("127.0.0.1:" + p));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("TRADEPLAN_CLUSTER_NAME", clusterName);
    env.put("TRADEPLAN_CLUSTER_PORT", Integer.toString(port));
    env.put("TRADEPLAN_CLUSTER_MEMBERS", String.join(",", members));
    File logs = new File("target/cluster-processes");
    logs.mkdirs();
    pb.redirectError(new File(logs, clusterName + "-" + name + ".err"));
    try {
      return new MemberProcess(
          name, port, pb.start(), new File(logs, clusterName + "-" + name + ".out"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String s;
      while ((s = r.readLine()) != null) {
        String[] parts = s.split(" ");
        if (parts.length < 2 || !parts[0].matches("\\d+")) {
          continue;
        }
        Line line =
            new Line(
                name, Long.parseLong(parts[0]), parts[1], List.of(parts).subList(2, parts.length));
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the process died: its lines so far are what it said
    }
  }

  List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  List<Line> lines(String event) {
    return lines().stream().filter(l -> l.event().equals(event)).toList();
  }

  Line await(Duration deadline, String what, Predicate<Line> p) {
    Line[] found = new Line[1];
    Await.until(
        deadline,
        () -> {
          for (Line l : lines()) {
            if (p.test(l)) {
              found[0] = l;
              return true;
            }
          }
          return false;
        },
        () -> name + " never printed " + what + (process.isAlive() ? "" : " (process exited)"));
    return found[0];
  }

  void command(String c) {
    try {
      stdin.write(c + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** kill -9: no shutdown, no goodbye to the cluster. */
  void kill9() {
    process.destroyForcibly();
  }

  void signal(String sig) {
    try {
      new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    List<String> text = new ArrayList<>();
    for (Line l : lines()) {
      text.add(l.timeMillis() + " " + l.event() + " " + String.join(" ", l.fields()));
    }
    try {
      java.nio.file.Files.write(stdoutCopy.toPath(), text);
    } catch (IOException e) {
      // only a debugging aid
    }
    if (process.isAlive()) {
      signal("CONT");
      process.destroyForcibly();
    }
  }
}
