package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The platform's timer refuses work it cannot run: before it starts (a loss limit reached during
 * recovery is alerted as not engaged, not run later), beyond its bound of waiting tasks, and after
 * it closed; and what it accepts runs on its one thread.
 */
class PlatformTimersTest {

  @Test
  void aHandOffBeforeTheTimerStartsIsRefused() {
    PlatformTimers timers = new PlatformTimers();
    assertThrows(RejectedExecutionException.class, () -> timers.execute(() -> {}));
    assertThrows(RejectedExecutionException.class, timers::scheduler);
    timers.close(); // nothing to stop: no throw
  }

  @Test
  void theTimerRefusesATaskBeyondItsBoundAndRunsWhatItAccepted() throws Exception {
    PlatformTimers.BoundedTimer timer = new PlatformTimers.BoundedTimer(3);
    try {
      for (int i = 0; i < 3; i++) {
        timer.schedule(() -> {}, 1, TimeUnit.HOURS);
      }
      RejectedExecutionException full =
          assertThrows(RejectedExecutionException.class, () -> timer.execute(() -> {}));
      assertTrue(full.getMessage().contains("3 tasks waiting"), full.getMessage());
      assertThrows(
          RejectedExecutionException.class,
          () -> timer.scheduleWithFixedDelay(() -> {}, 1, 1, TimeUnit.SECONDS));
      assertEquals(3, timer.getQueue().size(), "the refused tasks were not queued");

      timer.getQueue().clear();
      CountDownLatch ran = new CountDownLatch(1);
      String[] thread = new String[1];
      timer.execute(
          () -> {
            thread[0] = Thread.currentThread().getName();
            ran.countDown();
          });
      assertTrue(ran.await(10, TimeUnit.SECONDS), "an accepted task runs");
      assertEquals("tradeplan-pnl", thread[0]);
    } finally {
      timer.shutdownNow();
    }
    assertThrows(RejectedExecutionException.class, () -> timer.execute(() -> {}));
  }
}
