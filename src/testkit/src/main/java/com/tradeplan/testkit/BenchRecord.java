package com.tradeplan.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Locale;
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

  /** {@code fields} as a JSON object on one line. */
  static String json(Map<String, ?> fields) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      string(b, e.getKey());
      b.append(':');
      value(b, e.getValue());
    }
    return b.append('}').toString();
  }

  private static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(String.format(Locale.ROOT, "%s", v));
    } else if (v instanceof Collection<?> c) {
      b.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          b.append(',');
        }
        first = false;
        value(b, o);
      }
      b.append(']');
    } else {
      string(b, v.toString());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
