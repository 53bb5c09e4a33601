package com.tradeplan.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.KillScope;
import com.tradeplan.runtime.KillReason;
import com.tradeplan.runtime.KillSwitch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The changes of the platform's state that become a trader's live alerts. */
class PlatformAlertWatchTest {
  private static final Instant AT = Instant.parse("2026-12-05T15:00:00Z");

  private static KillSwitch.Engagement global(String why) {
    return new KillSwitch.Engagement(
        KillScope.GLOBAL, KillReason.OPERATOR, why, "oscar", AT, false);
  }

  @Test
  void theFirstReadingOnlyLearnsTheState() {
    PlatformAlertWatch w = new PlatformAlertWatch();
    assertThat(w.next(List.of(global("halt")), "DISCONNECTED", AT)).isEmpty();
    assertThat(w.next(List.of(global("halt")), "DISCONNECTED", AT)).isEmpty();
  }

  @Test
  void aSwitchEngagedAndReleasedAndTheBrokerLinkLostAndBackAreEachOneAlert() {
    PlatformAlertWatch w = new PlatformAlertWatch();
    w.next(List.of(), "READY", AT);
    List<PlatformAlertWatch.Alert> engaged = w.next(List.of(global("halt")), "READY", AT);
    assertThat(engaged)
        .containsExactly(
            new PlatformAlertWatch.Alert(
                "KILL_SWITCH_ENGAGED", "global", "halt", "oscar", null, AT));
    assertThat(w.next(List.of(global("halt")), "READY", AT)).isEmpty();
    assertThat(w.next(List.of(), "DISCONNECTED", AT))
        .containsExactly(
            new PlatformAlertWatch.Alert("KILL_SWITCH_RELEASED", "global", "halt", null, null, AT),
            new PlatformAlertWatch.Alert("BROKER_DOWN", null, null, null, "DISCONNECTED", AT));
    assertThat(w.next(List.of(), "CONNECTING", AT)).as("still down: no new alert").isEmpty();
    assertThat(w.next(List.of(), "READY", AT))
        .containsExactly(new PlatformAlertWatch.Alert("BROKER_UP", null, null, null, "READY", AT));
  }
}
