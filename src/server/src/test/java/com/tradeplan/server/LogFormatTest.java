package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.runtime.LogContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * LOG_FORMAT's values, and what {@code json} gives: Boot's encoder with the chosen format turns an
 * event with logging-context fields and an exception into one JSON line with every field (the
 * server process's own lines are checked in EndToEndProcessIT).
 */
class LogFormatTest {
  @Test
  void aJsonLineHoldsTheTimeLevelLoggerThreadMessageContextFieldsAndStackTrace() throws Exception {
    LoggerContext context = new LoggerContext();
    context.putObject(Environment.class.getName(), new StandardEnvironment());
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(context);
    encoder.setFormat((String) LogFormat.defaults("json").get(LogFormat.BOOT_PROPERTY));
    encoder.start();
    LoggingEvent event =
        new LoggingEvent(
            LogFormatTest.class.getName(),
            context.getLogger("com.tradeplan.runtime.PlanCommands"),
            Level.ERROR,
            "flatten of plan {} failed",
            new IllegalStateException("the store did not answer"),
            new Object[] {"p1"});
    event.setMDCPropertyMap(
        Map.of(LogContext.REQUEST_ID, "r-1", LogContext.USER, "alice", LogContext.PLAN, "p1"));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("message").asText()).isEqualTo("flatten of plan p1 failed");
    assertThat(json.get("level").asText()).isEqualTo("ERROR");
    assertThat(json.get("logger_name").asText()).isEqualTo("com.tradeplan.runtime.PlanCommands");
    assertThat(json.get("thread_name").asText()).isNotBlank();
    assertThat(json.get("@timestamp").asText()).isNotBlank();
    assertThat(json.get("requestId").asText()).isEqualTo("r-1");
    assertThat(json.get("user").asText()).isEqualTo("alice");
    assertThat(json.get("plan").asText()).isEqualTo("p1");
    assertThat(json.get("stack_trace").asText())
        .contains("IllegalStateException: the store did not answer")
        .contains("LogFormatTest");
    encoder.stop();
  }

  @Test
  void jsonTurnsOnBootsLogstashLinesAndTextOrNothingKeepsTheDefault() {
    assertThat(LogFormat.defaults("json"))
        .isEqualTo(Map.of("logging.structured.format.console", "logstash"));
    assertThat(LogFormat.defaults(" JSON ")).containsKey(LogFormat.BOOT_PROPERTY);
    assertThat(LogFormat.defaults("text")).isEmpty();
    assertThat(LogFormat.defaults(null)).isEmpty();
    assertThat(LogFormat.defaults("")).isEmpty();
  }

  @Test
  void anyOtherValueFailsTheStartNamingTheChoices() {
    assertThatThrownBy(() -> LogFormat.defaults("jsonl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LOG_FORMAT is json or text, not 'jsonl'");
  }
}
