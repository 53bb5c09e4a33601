package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small runs built in code for the report tests. */
final class ReportFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  /** docs/ seen from the module's directory, where Maven runs its tests. */
  static final Path DOCS = Path.of("..", "..", "docs");

  private ReportFixtures() {}

  static JsonNode machine() throws Exception {
    return JSON.readTree(
        "{\"date\":\"2026-12-05T21:00:00Z\",\"cpu\":\"AMD EPYC\",\"cores\":2,"
            + "\"loadStart\":\"9.85 / 6.17 / 3.76 (1 / 5 / 15 min)\",\"mode\":\"Quick mode.\"}");
  }

  static List<JsonNode> lines(String... json) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String j : json) {
      out.add(JSON.readTree(j.replace('\'', '"')));
    }
    return out;
  }

  /** A sampled time in µs: its percentiles given as pairs (percentile, value). */
  static Measurement sampled(
      String benchmark, Map<String, String> params, long samples, double... pairs) {
    Map<String, Double> p = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      p.put(Double.toString(pairs[i]), pairs[i + 1]);
    }
    return new Measurement(
        benchmark, "sample", params, p.getOrDefault("50.0", 0.0), "us/op", p, samples);
  }

  static Measurement scored(
      String benchmark, String mode, Map<String, String> params, double score, String unit) {
    return new Measurement(benchmark, mode, params, score, unit, Map.of(), 0);
  }
}
