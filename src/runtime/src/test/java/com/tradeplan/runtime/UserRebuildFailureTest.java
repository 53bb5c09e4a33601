package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.PlanStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild of a user that throws after the user's sessions were stopped leaves the user watched by
 * no one on this member: that is never silent (a {@code USER_REBUILD_FAILED} alert naming the user,
 * the cause, the attempt and the retry; the health lists the user as not monitored), and the user
 * is rebuilt by the retry, its plan reacting to the next tick again (docs/cluster.md).
 */
class UserRebuildFailureTest {
  @TempDir Path dir;

  @Test
  void aRebuildThatThrowsIsAlertedAndRetriedUntilTheUserIsMonitoredAgain() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.start();
      String id = h.activate("alice", Plans.plan("watched").entry("101.00").stop("99.00").draft());
      h.tick("AAPL", "100.50");
      assertTrue(h.platform.heldUsers().contains("alice"), "alice runs here");

      // The first run throws once the sessions are stopped; the second waits until the test has
      // seen the user listed as not monitored, then goes on.
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch healthSeen = new CountDownLatch(1);
      UserRebuild rebuild = h.platform.member.rebuilds();
      rebuild.afterSessionsStopped(
          () -> {
            if (runs.incrementAndGet() == 1) {
              throw new IllegalStateException("replicated state vanished");
            }
            try {
              assertTrue(healthSeen.await(Harness.WAIT.toSeconds(), TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          });
      rebuild.rebuildLater("alice");

      String failed =
          "USER_REBUILD_FAILED: users [alice]: rebuild attempt 1 failed"
              + " (java.lang.IllegalStateException: replicated state vanished); their plans are NOT"
              + " monitored on this member until a rebuild succeeds; retrying in 200 ms (doubling"
              + " to at most 30000 ms, every attempt alerted)";
      Harness.await(
          "the failed rebuild alerted", () -> h.platform.health().recentAlerts().contains(failed));
      PlatformHealth during = h.platform.health();
      assertEquals(List.of("alice"), during.usersNotMonitored(), "the health names her");
      assertFalse(h.platform.heldUsers().contains("alice"), "not counted as run here");
      healthSeen.countDown();

      assertRebuiltByTheRetryAndTrading(h, id, runs, "one failed run, one retry");
      assertEquals(1, h.gateway.getAudit().newOrdersByRef().size(), "one entry at the gateway");
    }
  }

  /**
   * Alice, whose first attempt failed, is rebuilt by the retry ({@code attempts} is 2, {@code
   * why}), monitored again, and her rebuilt plan {@code id} reacts to the market: the entry
   * triggers and is sent.
   */
  static void assertRebuiltByTheRetryAndTrading(
      Harness h, String id, AtomicInteger attempts, String why) throws Exception {
    Harness.await(
        "alice rebuilt by the retry and monitored again",
        () ->
            h.platform.heldUsers().contains("alice")
                && h.platform.health().recentAlerts().stream()
                    .anyMatch(a -> a.startsWith("USER_REBUILT: users [alice]")));
    assertEquals(2, attempts.get(), why);
    assertEquals(List.of(), h.platform.health().usersNotMonitored());
    h.tick("AAPL", "101.20");
    Harness.await(
        "the rebuilt plan's entry sent after the tick",
        () ->
            h.service().get("alice", id).orElseThrow().snapshot().status()
                == PlanStatus.ENTRY_SUBMITTED);
  }

  @Test
  void theRetryDelayDoublesFrom200MillisecondsToAtMost30Seconds() {
    assertEquals(200, UserRebuild.retryDelayMillis(1));
    assertEquals(400, UserRebuild.retryDelayMillis(2));
    assertEquals(25_600, UserRebuild.retryDelayMillis(8));
    assertEquals(30_000, UserRebuild.retryDelayMillis(9));
    assertEquals(30_000, UserRebuild.retryDelayMillis(Integer.MAX_VALUE));
  }
}
