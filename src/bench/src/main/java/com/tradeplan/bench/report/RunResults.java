package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one benchmark run's folder: {@code jmh.json} (JMH's {@code -rf json}), and when
 * present {@code trials.jsonl} and {@code heap.jsonl} (one JSON object a line) and {@code
 * machine.json} (what the launcher recorded about the machine and the run).
 */
public record RunResults(
    List<Measurement> jmh, List<JsonNode> trials, List<JsonNode> heap, JsonNode machine) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static RunResults read(Path dir) {
    try {
      List<Measurement> jmh = new ArrayList<>();
      for (JsonNode b : JSON.readTree(dir.resolve("jmh.json").toFile())) {
        jmh.add(measurement(b));
      }
      Path machine = dir.resolve("machine.json");
      return new RunResults(
          jmh,
          lines(dir.resolve("trials.jsonl")),
          lines(dir.resolve("heap.jsonl")),
          Files.exists(machine) ? JSON.readTree(machine.toFile()) : JSON.createObjectNode());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the benchmark results in " + dir, e);
    }
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  static Measurement measurement(JsonNode b) {
    String name = b.path("benchmark").asText();
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = b.path("params").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      params.put(e.getKey(), e.getValue().asText());
    }
    JsonNode m = b.path("primaryMetric");
    Map<String, Double> percentiles = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = m.path("scorePercentiles").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      percentiles.put(Double.toString(Double.parseDouble(e.getKey())), e.getValue().asDouble());
    }
    long samples = 0;
    for (JsonNode fork : m.path("rawDataHistogram")) {
      for (JsonNode iteration : fork) {
        for (JsonNode bin : iteration) {
          samples += bin.get(1).asLong();
        }
      }
    }
    return new Measurement(
        name.substring(name.lastIndexOf('.') + 1),
        b.path("mode").asText(),
        params,
        m.path("score").asDouble(),
        m.path("scoreUnit").asText(),
        percentiles,
        samples);
  }

  /** The machine line of a report: when, where, how loaded. */
  public String machineLine() {
    return String.format(
        "%s on %s (%s cores, %s), %s, %s; load average %s at the start, %s at the end.",
        text("date", "an unknown date"),
        text("cpu", "an unknown CPU"),
        text("cores", "?"),
        text("memory", "? memory"),
        text("os", "unknown OS"),
        text("java", "unknown JVM"),
        text("loadStart", "?"),
        text("loadEnd", "?"));
  }

  public String text(String field, String otherwise) {
    JsonNode n = machine.get(field);
    return n == null || n.asText().isBlank() ? otherwise : n.asText();
  }
}
