package com.tradeplan.server;

import java.util.Locale;
import java.util.Map;

/**
 * The server's log format, from {@code LOG_FORMAT} (docs/operations.md, "Logs"): {@code text} (or
 * unset: the human-readable lines of {@code ./tradeplan up}) or {@code json} (one JSON object per
 * line, Spring Boot's own {@code logstash} structured format: {@code @timestamp}, {@code level},
 * {@code logger_name}, {@code thread_name}, {@code message}, every logging-context field such as
 * {@code requestId}, {@code user}, {@code plan}, {@code orderRef}, {@code rule} as a field of its
 * own, and {@code stack_trace}). Boot's own {@code LOGGING_STRUCTURED_FORMAT_CONSOLE} (ecs,
 * logstash, gelf) still wins when set: this only supplies its default.
 */
final class LogFormat {
  static final String VARIABLE = "LOG_FORMAT";
  static final String BOOT_PROPERTY = "logging.structured.format.console";

  private LogFormat() {}

  /**
   * The Spring default properties for {@code value}; throws IllegalArgumentException naming the
   * allowed values for anything else, so that a typo fails the start instead of logging text.
   */
  static Map<String, Object> defaults(String value) {
    if (value == null || value.isBlank()) {
      return Map.of();
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> Map.of();
      case "json" -> Map.of(BOOT_PROPERTY, "logstash");
      default ->
          throw new IllegalArgumentException(
              VARIABLE + " is json or text, not '" + value.strip() + "'");
    };
  }
}
