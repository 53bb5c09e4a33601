package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The reader's running time: gaps up to the credit count in full, a pause only up to it. */
class RunningClockTest {
  private final AtomicLong raw = new AtomicLong(1_000);
  private final RunningClock clock = new RunningClock(raw::get, 50);

  @Test
  void gapsWithinTheCreditCountInFull() {
    raw.addAndGet(30);
    assertThat(clock.tick()).isEqualTo(30);
    raw.addAndGet(50);
    assertThat(clock.tick()).isEqualTo(80);
    assertThat(clock.notRunningNanos()).isZero();
  }

  @Test
  void aPauseCountsOnlyUpToTheCreditAndIsReportedAsNotRunning() {
    raw.addAndGet(20);
    clock.tick();
    raw.addAndGet(10_000); // the JVM stood still
    assertThat(clock.tick()).isEqualTo(70);
    assertThat(clock.notRunningNanos()).isEqualTo(9_950);
  }

  @Test
  void nowFromAnotherThreadAddsTheTimeSinceTheLastTickUpToTheCredit() {
    raw.addAndGet(20);
    clock.tick();
    raw.addAndGet(30);
    assertThat(clock.now()).isEqualTo(50);
    raw.addAndGet(1_000);
    assertThat(clock.now()).isEqualTo(70);
    assertThat(clock.tick()).isEqualTo(70);
  }

  /**
   * Whatever the gaps, the running time never exceeds the raw time nor lags it by more than the
   * gaps over the credit; and a clock that goes back counts nothing. Seeded.
   */
  @Test
  void runningTimeIsTheRawTimeLessWhatWasOverTheCredit() {
    Random random = new Random(29);
    long over = 0;
    long runningBefore = 0;
    for (int i = 0; i < 10_000; i++) {
      long gap = random.nextInt(10) == 0 ? random.nextInt(1_000) : random.nextInt(60);
      raw.addAndGet(gap);
      over += Math.max(0, gap - 50);
      long running = clock.tick();
      assertThat(running).isGreaterThanOrEqualTo(runningBefore);
      runningBefore = running;
    }
    assertThat(runningBefore + over).isEqualTo(raw.get() - 1_000);
    assertThat(clock.notRunningNanos()).isEqualTo(over);
    raw.addAndGet(-500);
    assertThat(clock.tick()).isEqualTo(runningBefore);
  }

  @Test
  void aCreditOfZeroIsRefusedByName() {
    assertThatThrownBy(() -> new RunningClock(raw::get, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("creditMaxNanos must be positive: 0");
  }
}
