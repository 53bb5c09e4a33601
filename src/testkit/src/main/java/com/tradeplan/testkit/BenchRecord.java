package com.tradeplan.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A test's measurements as one JSON line appended to {@code FILE} in the folder named by the system
 * property {@value #RESULTS} (the launcher's {@code ./tradeplan bench killswitch|cluster} sets it
 * to a run's results folder, docs/benchmarks.md). Without the property nothing is written: a test
 * stays a test, its times printed and never asserted. Values are numbers, booleans, strings or
 * collections of them, written in the map's order.
 */
public final class BenchRecord {
  /** The system property naming the results folder. */
  public static final String RESULTS = "tradeplan.bench.results";

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchRecord() {}

  /** Whether a results folder is set: the test is run as a benchmark. */
  public static boolean enabled() {
    String dir = System.getProperty(RESULTS);
    return dir != null && !dir.isBlank();
  }

  /**
   * Appends {@code fields} as one JSON line to {@code file} in the results folder; nothing when
   * none is set.
   */
  public static void append(String file, Map<String, ?> fields) {
    if (!enabled()) {
      return;
    }
    Path target = Path.of(System.getProperty(RESULTS)).resolve(file);
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.writeString(
          target,
          json(fields) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append the measurements to " + target, e);
    }
  }

  /** {@code fields} as a JSON object on one line, in the map's order. */
  static String json(Map<String, ?> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("measurements that are not JSON values: " + fields, e);
    }
  }
}
