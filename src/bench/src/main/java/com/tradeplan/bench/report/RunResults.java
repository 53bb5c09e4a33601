package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The files of one benchmark run's folder: {@code jmh.json} (JMH's {@code -rf json}, or its {@link
 * #summary}) and, when the launcher ran a second JMH invocation into the same folder ({@code bench
 * peers} in full mode: Drools without the gate to 100k plans; {@code bench peers --quiet-plans}),
 * {@code jmh-ungated.json} and {@code jmh-quiet.json}, read as if appended to it; and when present
 * {@code trials.jsonl} and {@code heap.jsonl} (one JSON object a line) and {@code machine.json}
 * (what the launcher recorded about the machine and the run).
 */
public record RunResults(
    List<Measurement> jmh, List<JsonNode> trials, List<JsonNode> heap, JsonNode machine) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static RunResults read(Path dir) {
    try {
      List<Measurement> jmh = new ArrayList<>();
      // the load runs (path, api) write their own JSON and no jmh.json
      for (JsonNode b : benchmarks(dir)) {
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

  /** The JMH result files of a run, in the order their benchmarks are reported. */
  static final List<String> JMH_FILES = List.of("jmh.json", "jmh-ungated.json", "jmh-quiet.json");

  /** Every benchmark of the run's JMH result files (none for a load run). */
  private static List<JsonNode> benchmarks(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String f : JMH_FILES) {
      if (Files.exists(dir.resolve(f))) {
        JSON.readTree(dir.resolve(f).toFile()).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * The JSON objects of a file of one a line ({@code killswitch.jsonl}, {@code cluster.jsonl});
   * none when it does not exist.
   */
  public static List<JsonNode> jsonLines(Path file) {
    try {
      return lines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the measurements in " + file, e);
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

  /**
   * JMH's result files of {@code dir} ({@link #JMH_FILES}) as one {@code jmh.json} without the raw
   * samples: per benchmark its name, mode, parameters and primary metric (score, error, unit,
   * percentiles) with the count of samples in {@code samples}. {@link #read} reads it as it reads
   * JMH's own file.
   */
  public static String summary(Path dir) {
    try {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode b : benchmarks(dir)) {
        ObjectNode kept = out.addObject();
        for (String f : new String[] {"benchmark", "mode", "params"}) {
          if (b.has(f)) {
            kept.set(f, b.get(f));
          }
        }
        JsonNode m = b.path("primaryMetric");
        ObjectNode metric = kept.putObject("primaryMetric");
        for (String f : new String[] {"score", "scoreError", "scoreUnit", "scorePercentiles"}) {
          if (m.has(f)) {
            metric.set(f, m.get(f));
          }
        }
        metric.put("samples", samples(m));
      }
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the benchmark results in " + dir, e);
    }
  }

  /** The samples of a metric: JMH's raw histogram counted, or a summary's {@code samples}. */
  private static long samples(JsonNode metric) {
    if (metric.has("samples")) {
      return metric.get("samples").asLong();
    }
    long samples = 0;
    for (JsonNode fork : metric.path("rawDataHistogram")) {
      for (JsonNode iteration : fork) {
        for (JsonNode bin : iteration) {
          samples += bin.get(1).asLong();
        }
      }
    }
    return samples;
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
    return new Measurement(
        name.substring(name.lastIndexOf('.') + 1),
        b.path("mode").asText(),
        params,
        m.path("score").asDouble(),
        m.path("scoreUnit").asText(),
        percentiles,
        samples(m));
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
