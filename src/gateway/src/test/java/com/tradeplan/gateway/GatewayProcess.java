package com.tradeplan.gateway;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link PaperGatewayMain} in its own JVM (the test classpath), so that a test can freeze it
 * ({@code kill -STOP}) as a vanished host would be, and resume it. It runs a seeded random walk (a
 * tick every 250 ms) and prints every order it receives ({@code --print-orders}), which this
 * collects; its log goes to a file under target/gateway-processes.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile int port = -1;

  private GatewayProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "gateway-process-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static GatewayProcess start(String name, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(PaperGatewayMain.class.getName());
    cmd.addAll(List.of("--port", "0", "--print-orders"));
    cmd.addAll(List.of(args));
    File logs = new File("target/gateway-processes");
    logs.mkdirs();
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(new File(logs, name + ".err"));
    try {
      GatewayProcess g = new GatewayProcess(pb.start());
      await()
          .atMost(Duration.ofSeconds(30))
          .alias("the gateway process prints its port")
          .until(() -> g.port > 0 || !g.process.isAlive());
      if (g.port <= 0) {
        throw new IllegalStateException("the gateway process did not start; see " + logs);
      }
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String s; (s = r.readLine()) != null; ) {
        lines.add(s);
        if (s.startsWith("paper gateway listening on ")) {
          port = Integer.parseInt(s.substring(s.lastIndexOf(':') + 1).trim());
        }
      }
    } catch (IOException e) {
      // the process ended: its lines so far are what it said
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** New orders received per orderRef, from its ORDER lines (whatIf and modifications aside). */
  Map<String, Integer> ordersByRef() {
    Map<String, Integer> byRef = new TreeMap<>();
    for (String l : lines) {
      String[] f = l.split(" ");
      if (f[0].equals("ORDER") && f.length == 4) {
        byRef.merge(f[3], 1, Integer::sum);
      }
    }
    return byRef;
  }

  /** Sends a signal ({@code STOP}, {@code CONT}) with the system's kill command. */
  void signal(String signal) {
    try {
      int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " exited " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling the gateway", e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      signal("CONT");
      process.destroyForcibly();
    }
  }
}
