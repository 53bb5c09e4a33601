package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paths on which a rebuild request used to vanish: asked for during start (before the timer),
 * refused by a full timer, or refused by a timer that is shut down (the platform closing, quiet).
 * The rebuild's collaborators are never reached here except the cluster, which answers no member (a
 * run then throws, as a broken one would).
 */
class UserRebuildSchedulingTest {
  private final Alerts alerts = new Alerts();
  private final LocalUsers users = new LocalUsers();
  private final UserRebuild rebuild =
      new UserRebuild(null, null, null, null, alerts, users, null, () -> null);

  @Test
  void aRequestTheFullTimerRefusesIsAlertedOnceAndRunByTheHousekeeping() {
    PlatformTimers.BoundedTimer full = new PlatformTimers.BoundedTimer(0);
    try {
      users.monitoring("alice");
      rebuild.start(full);
      rebuild.rebuildLater("alice");
      rebuild.rebuildLater("bob");

      assertFalse(users.isMonitoring("alice"), "not monitored from the request on");
      assertEquals(
          List.of(
              "USER_REBUILD_FAILED: users [alice]: rebuild not scheduled, the platform's timer is"
                  + " full (the platform's timer already has 0 tasks waiting); their plans are NOT"
                  + " monitored on this member until a rebuild succeeds; retried by the"
                  + " housekeeping within a second"),
          alerts.recent(),
          "one alert until the housekeeping has run them");

      rebuild.runRefused();
      List<String> after = alerts.recent();
      assertTrue(
          after
              .get(1)
              .startsWith(
                  "USER_REBUILD_FAILED: users [alice, bob]: rebuild attempt 1"
                      + " failed (java.lang.NullPointerException"),
          "the housekeeping ran both users (this run throws: no cluster): " + after);
      assertTrue(
          after.get(2).startsWith("USER_REBUILD_FAILED: users [alice, bob]: rebuild not scheduled"),
          "the retry the full timer refuses is alerted again: " + after);
    } finally {
      full.shutdownNow();
    }
  }

  @Test
  void aRequestDuringStartIsKeptAndScheduledWhenTheTimerStarts() {
    users.monitoring("alice");
    rebuild.rebuildLater("alice");
    assertFalse(users.isMonitoring("alice"), "not monitored from the request on");
    assertEquals(List.of(), alerts.recent(), "nothing to say yet: the timer is not running");

    PlatformTimers.BoundedTimer full = new PlatformTimers.BoundedTimer(0);
    try {
      rebuild.start(full);
      assertEquals(
          1, alerts.recent().size(), "scheduled at start (refused here): " + alerts.recent());
      assertTrue(alerts.recent().get(0).startsWith("USER_REBUILD_FAILED: users [alice]"));
    } finally {
      full.shutdownNow();
    }
  }

  @Test
  void aTimerThatIsShutDownIsThePlatformClosingAndStaysQuiet() {
    PlatformTimers.BoundedTimer closedTimer = new PlatformTimers.BoundedTimer(1_000);
    closedTimer.shutdownNow();
    rebuild.start(closedTimer);
    rebuild.rebuildLater("alice");
    assertEquals(List.of(), alerts.recent());
  }
}
