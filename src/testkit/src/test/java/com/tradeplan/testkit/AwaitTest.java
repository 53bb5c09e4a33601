package com.tradeplan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  @Test
  void returnsOnceTheConditionHolds() {
    AtomicInteger asked = new AtomicInteger();

    Await.until(Duration.ofSeconds(10), "the third question", () -> asked.incrementAndGet() >= 3);

    assertThat(asked).hasValue(3);
  }

  @Test
  void failsAtTheDeadlineNamingWhatWasAwaited() {
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(50), "a miracle", () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessage("not within PT0.05S: a miracle");
  }

  @Test
  void valueReturnsTheFirstAnswerThatIsNotNull() {
    AtomicInteger asked = new AtomicInteger();

    String v =
        Await.value(
            Duration.ofSeconds(10),
            () -> asked.incrementAndGet() == 2 ? "found" : null,
            () -> "an answer");

    assertThat(v).isEqualTo("found");
  }
}
