package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.engine.facts.TraderCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void scopesNestAndPutBackWhatWasThere() {
    try (LogContext.Scope request =
        LogContext.with(LogContext.REQUEST_ID, "r-1", LogContext.USER, "alice")) {
      try (LogContext.Scope order =
          LogContext.with(
              LogContext.USER, "bob", LogContext.ORDER_REF, "p1:STOP:0:1", "rule", null)) {
        assertThat(MDC.get(LogContext.USER)).isEqualTo("bob");
        assertThat(MDC.get(LogContext.ORDER_REF)).isEqualTo("p1:STOP:0:1");
        assertThat(MDC.get(LogContext.RULE)).as("a null value leaves the key alone").isNull();
        assertThat(LogContext.requestId()).isEqualTo("r-1");
      }
      assertThat(MDC.get(LogContext.USER)).isEqualTo("alice");
      assertThat(MDC.get(LogContext.ORDER_REF)).isNull();
    }
    assertThat(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty()).isTrue();
  }

  @Test
  void aForwardedCommandCarriesTheRequestIdOfTheThreadThatSendsIt() {
    try (LogContext.Scope request = LogContext.with(LogContext.REQUEST_ID, "req-42")) {
      assertThat(new ForwardedCommand("alice", "p1", TraderCommand.Type.FLATTEN).requestId())
          .isEqualTo("req-42");
      assertThat(new ForwardedEdit("alice", "p1", "[]", 3).requestId()).isEqualTo("req-42");
    }
    assertThat(new ForwardedCommand("alice", "p1", TraderCommand.Type.CANCEL).requestId()).isNull();
  }
}
