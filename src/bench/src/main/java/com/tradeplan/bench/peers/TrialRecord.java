package com.tradeplan.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trial measured besides JMH's time: retained heap per plan, bytes allocated per measured
 * operation, and what the implementation held at the end, appended as one JSON line to {@code
 * trials.jsonl} in the folder named by the system property {@value #RESULTS_PROPERTY} (JMH's forks
 * inherit it). Without the property nothing is written.
 */
public final class TrialRecord {
  public static final String RESULTS_PROPERTY = "tradeplan.bench.results";
  public static final String FILE = "trials.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> fields = new LinkedHashMap<>();

  public TrialRecord(String workload, Implementation impl, int plans) {
    fields.put("workload", workload);
    fields.put("impl", impl.name());
    fields.put("plans", plans);
  }

  /** A record of a benchmark that is not a peers trial ({@code workload} names it). */
  public TrialRecord(String workload, int plans) {
    fields.put("workload", workload);
    fields.put("plans", plans);
  }

  public TrialRecord put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** Appends the record to the run's {@value #FILE}; a trial that cannot write it fails. */
  public void write() {
    String dir = System.getProperty(RESULTS_PROPERTY);
    if (dir != null) {
      appendTo(Path.of(dir).resolve(FILE));
    }
  }

  /** Appends the record as one JSON line to {@code file}. */
  public void appendTo(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(fields) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append a record to " + file, e);
    }
  }
}
