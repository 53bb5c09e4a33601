package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {
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
