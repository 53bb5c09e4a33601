package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The reader stuck in one callback, seen from the heartbeat thread's running time: a stall is told
 * once and its return once; a pause of the whole process is not a stall. On a clock the test moves.
 */
class ReaderStallWatchTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong raw = new AtomicLong(1_000 * MS);
  // checks every 100 ms, a stall past 400 ms
  private final ReaderStallWatch watch =
      new ReaderStallWatch(raw::get, Duration.ofMillis(100), Duration.ofMillis(400));

  private String checkAfter(long millis) {
    raw.addAndGet(millis * MS);
    return watch.check(null);
  }

  @Test
  void aCallbackPastTheBoundIsToldOnceAndItsReturnOnce() {
    watch.enter();
    for (int i = 0; i < 4; i++) {
      assertThat(checkAfter(100)).as("%d00 ms in: not yet", i + 1).isNull();
    }
    assertThat(checkAfter(100))
        .isEqualTo(
            "the IB reader thread has been in one callback for 500 ms (bound 400 ms): nothing IB"
                + " sends on this connection is processed; at ");
    assertThat(checkAfter(100)).as("told once").isNull();
    raw.addAndGet(50 * MS);
    assertThat(watch.exit()).isEqualTo("the IB reader is back after 650 ms in one callback");
    assertThat(checkAfter(100)).isNull();
  }

  @Test
  void quickCallbacksAreNoStallAndTheirReturnIsNotTold() {
    for (int i = 0; i < 50; i++) {
      watch.enter();
      assertThat(checkAfter(100)).isNull();
      assertThat(watch.exit()).isNull();
    }
  }

  @Test
  void aPauseOfTheWholeProcessCountsOnlyTwoCheckIntervals() {
    watch.enter();
    assertThat(checkAfter(100)).isNull();
    assertThat(checkAfter(10_000)).as("a 10 s pause counts 200 ms").isNull();
    assertThat(checkAfter(100)).as("400 ms of running time: at the bound, not past it").isNull();
    assertThat(checkAfter(100)).startsWith("the IB reader thread has been in one callback for 500");
  }

  @Test
  void theReadersFramesNameWhereItIs() {
    watch.enter();
    for (int i = 0; i < 4; i++) {
      assertThat(checkAfter(100)).isNull();
    }
    raw.addAndGet(100 * MS);
    String told = watch.check(Thread.currentThread());
    assertThat(told)
        .startsWith("the IB reader thread " + Thread.currentThread().getName() + " has been")
        .contains("ReaderStallWatchTest.theReadersFramesNameWhereItIs");
  }
}
