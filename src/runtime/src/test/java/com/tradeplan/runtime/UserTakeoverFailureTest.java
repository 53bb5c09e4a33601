package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.PlanStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The older paths on which a user's plans were watched by no one and retried without a word: a
 * rebuild whose take-over fails for a user (it asked again every 200 ms with a warning, for ever),
 * and an acquire whose take-over fails (the cluster gives the user back and takes it again every
 * 250 ms: the lease gone, the health did not even count the user). Both are alerted now and the
 * health names the user until it is monitored again (docs/cluster.md, "When a rebuild fails").
 */
class UserTakeoverFailureTest {
  @TempDir Path dir;

  @Test
  void aRebuildWhoseTakeOverFailsIsAlertedAsAFailedRebuildAndRetried() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.start();
      String id = h.activate("alice", Plans.plan("watched").entry("101.00").stop("99.00").draft());
      h.tick("AAPL", "100.50");
      assertTrue(h.platform.heldUsers().contains("alice"), "alice runs here");

      // The rebuild's take-over of alice fails once; the retry waits until the test has seen her
      // listed as not monitored, then goes on.
      AtomicInteger restores = new AtomicInteger();
      CountDownLatch healthSeen = new CountDownLatch(1);
      h.platform
          .member
          .takeovers()
          .beforeRestore(
              owner -> {
                if (restores.incrementAndGet() == 1) {
                  throw new IllegalStateException("store document unreadable");
                }
                await(healthSeen);
              });
      h.platform.member.rebuilds().rebuildLater("alice");

      String failed =
          "USER_REBUILD_FAILED: users [alice]: rebuild attempt 1 failed (their take-over failed:"
              + " {alice=java.lang.IllegalStateException: store document unreadable}); their plans"
              + " are NOT monitored on this member until a rebuild succeeds; retrying in 200 ms"
              + " (doubling to at most 30000 ms, every attempt alerted)";
      Harness.await(
          "the failed take-over alerted as a failed rebuild",
          () -> h.platform.health().recentAlerts().contains(failed));
      assertEquals(List.of("alice"), h.platform.health().usersNotMonitored());
      assertFalse(
          h.platform.health().recentAlerts().stream().anyMatch(a -> a.startsWith("USER_REBUILT")),
          "a user whose take-over failed is not reported rebuilt: "
              + h.platform.health().recentAlerts());
      healthSeen.countDown();

      UserRebuildFailureTest.assertRebuiltByTheRetryAndTrading(
          h, id, restores, "one failed take-over, one retry");
    }
  }

  @Test
  void anAcquireWhoseTakeOverFailsIsAlertedCountedAsNotMonitoredAndRetried() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.start();
      // bob's take-over fails until the test lets it through; every attempt is counted.
      AtomicInteger bobAttempts = new AtomicInteger();
      CountDownLatch letThrough = new CountDownLatch(1);
      h.platform
          .member
          .takeovers()
          .beforeRestore(
              owner -> {
                if (owner.equals("bob") && letThrough.getCount() > 0) {
                  bobAttempts.incrementAndGet();
                  throw new IllegalStateException("store document unreadable");
                }
              });
      // activate waits (bounded) until bob's plan is monitored here: off the test thread.
      CompletableFuture<String> activated =
          CompletableFuture.supplyAsync(
              () ->
                  h.activate("bob", Plans.plan("bobs-plan").entry("101.00").stop("99.00").draft()));

      String first =
          "TAKEOVER_FAILED: user bob: take-over failed (java.lang.IllegalStateException: store"
              + " document unreadable), attempt 1; its plans are NOT monitored on this member: the"
              + " cluster gives the user back and this member takes it again every 250 ms while it"
              + " owns its partition (alerted again every 30000 ms while it fails)";
      Harness.await(
          "the failed take-over alerted",
          () -> {
            if (activated.isCompletedExceptionally()) {
              activated.join(); // the activation's own failure, named
            }
            return h.platform.health().recentAlerts().contains(first);
          });
      Harness.await(
          "the health names bob while the cluster retries him",
          () -> h.platform.health().usersNotMonitored().equals(List.of("bob")));
      Harness.await("retried by the cluster's passes", () -> bobAttempts.get() >= 3);
      assertEquals(
          1,
          h.platform.health().recentAlerts().stream()
              .filter(a -> a.startsWith("TAKEOVER_FAILED: user bob"))
              .count(),
          "alerted once per 30 s, not at every pass");
      assertFalse(h.platform.heldUsers().contains("bob"));

      letThrough.countDown();
      String id = activated.get(Harness.WAIT.toSeconds(), TimeUnit.SECONDS);
      Harness.await("bob monitored here", () -> h.platform.heldUsers().contains("bob"));
      assertEquals(List.of(), h.platform.health().usersNotMonitored());
      h.tick("AAPL", "101.20");
      Harness.await(
          "bob's entry sent after the tick",
          () ->
              h.service().get("bob", id).orElseThrow().snapshot().status()
                  == PlanStatus.ENTRY_SUBMITTED);
    }
  }

  @Test
  void aRebuildAskedForBeforeTheMemberJoinedIsAlertedNotDropped() {
    Alerts alerts = new Alerts();
    new ClusterMember(alerts).rebuildLater("alice");
    assertEquals(
        List.of(
            "USER_REBUILD_FAILED: user alice: rebuild asked for before this member joined the"
                + " cluster; not rebuilt (its next take-over restores it)"),
        alerts.recent());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(Harness.WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
