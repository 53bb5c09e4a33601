package com.tradeplan.gateway;

import com.tradeplan.testkit.process.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PaperGatewayMain} in its own JVM (the test classpath, through the test kit's {@link
 * JavaProcess}), so that a test can freeze it ({@code kill -STOP}) as a vanished host would be, and
 * resume it. It prints every order it receives ({@code --print-orders}), which this reads back; its
 * log goes to target/gateway-processes.
 */
final class GatewayProcess implements AutoCloseable {
  private static final String LISTENING = "paper gateway listening on ";

  private final JavaProcess process;
  private final int port;

  private GatewayProcess(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** A gateway that prints every order it receives, in a 128 MiB JVM. */
  static GatewayProcess start(String name, String... args) {
    List<String> all = new ArrayList<>(List.of("--print-orders"));
    all.addAll(List.of(args));
    return start(
        name,
        List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        all.toArray(String[]::new));
  }

  /** A gateway on an ephemeral port, with these JVM options and program arguments. */
  static GatewayProcess start(String name, List<String> jvmArgs, String... args) {
    JavaProcess p =
        JavaProcess.builder(name, PaperGatewayMain.class.getName())
            .jvmArgs(jvmArgs.toArray(String[]::new))
            .args("--port", "0")
            .args(args)
            .logDirectory(Path.of("target", "gateway-processes"))
            .start();
    try {
      String line = p.awaitLineStartingWith(Duration.ofSeconds(30), LISTENING).text();
      return new GatewayProcess(
          p, Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim()));
    } catch (RuntimeException | Error e) {
      p.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  boolean alive() {
    return process.alive();
  }

  /** How it ended: its exit code, or "-" while it runs. */
  String exit() {
    return process.alive() ? "-" : Integer.toString(process.exitValue());
  }

  /** New orders received per orderRef, from its ORDER lines (whatIf and modifications aside). */
  Map<String, Integer> ordersByRef() {
    Map<String, Integer> byRef = new TreeMap<>();
    for (String l : process.texts()) {
      String[] f = l.split(" ");
      if (f[0].equals("ORDER") && f.length == 4) {
        byRef.merge(f[3], 1, Integer::sum);
      }
    }
    return byRef;
  }

  /** Sends a signal ({@code STOP}, {@code CONT}) with the system's kill command. */
  void signal(String signal) {
    process.signal(signal);
  }

  @Override
  public void close() {
    process.close();
  }
}
