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

  /**
   * A writer reads {@link RunningClock#now} while the reader ticks over long gaps: the answers it
   * sees never go back. A tick that published its raw time before its running time let a reader in
   * between pair the new raw time with the old running time, and read up to the credit too early (a
   * blocked write then looked older than it was and the link was declared dead too soon).
   */
  @Test
  void nowFromAnotherThreadNeverGoesBackWhileTheReaderTicks() throws Exception {
    RunningClock shared = new RunningClock(raw::get, 50);
    AtomicLong wentBack = new AtomicLong(-1);
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              long seen = shared.now();
              while (!done.get() && wentBack.get() < 0) {
                long now = shared.now();
                if (now < seen) {
                  wentBack.set(seen - now);
                }
                seen = Math.max(seen, now);
              }
            });
    writer.start();
    try {
      for (int i = 0; i < 2_000_000 && wentBack.get() < 0; i++) {
        raw.addAndGet(i % 2 == 0 ? 1_000 : 10); // a pause, then a short gap
        shared.tick();
      }
    } finally {
      done.set(true);
      writer.join();
    }
    assertThat(wentBack.get()).as("nanoseconds the answer went back").isEqualTo(-1);
  }

  @Test
  void aCreditOfZeroIsRefusedByName() {
    assertThatThrownBy(() -> new RunningClock(raw::get, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("creditMaxNanos must be positive: 0");
  }
}
