package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Records the machine and the run in the run folder's {@code machine.json}, which the reports print
 * next to the numbers: {@code RunInfo start DIR MODE} (date, CPU, cores, memory, OS, JVM, the
 * mode's description, the load average before) and {@code RunInfo end DIR} (the load average after,
 * and the run's duration). The load matters: this machine is shared.
 */
public final class RunInfo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunInfo() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[1]).resolve("machine.json");
    ObjectNode n =
        Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (args[0].equals("start")) {
      n.put("date", now.toString());
      n.put("startedAt", now.toString());
      n.put("cpu", cpuModel());
      n.put("cores", Runtime.getRuntime().availableProcessors());
      long mem =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getTotalMemorySize();
      n.put("memory", String.format(Locale.ROOT, "%.0f GiB", mem / (double) (1L << 30)));
      n.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
      n.put(
          "java",
          "JDK "
              + System.getProperty("java.version")
              + " ("
              + System.getProperty("java.vm.name")
              + ")");
      n.put("mode", args.length > 2 ? args[2] : "");
      n.put("loadStart", loadAverage());
    } else {
      n.put("loadEnd", loadAverage());
      Instant start = Instant.parse(n.path("startedAt").asText(now.toString()));
      n.put("durationSeconds", now.getEpochSecond() - start.getEpochSecond());
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), n);
  }

  private static String cpuModel() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.exists(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    }
    return System.getProperty("os.arch");
  }

  /** The 1, 5 and 15 minute load averages, as the kernel reports them. */
  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    if (Files.exists(loadavg)) {
      String[] f = Files.readString(loadavg).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
    }
    return String.format(
        Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
