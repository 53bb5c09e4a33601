package com.tradeplan.server.live;

import com.tradeplan.runtime.Platform;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the platform alerts a trader must not miss onto their live feed (an {@code alert} message,
 * docs/api.md "Live updates"): reads the kill switches and the broker link every {@code every}
 * ({@link PlatformAlertWatch} finds the changes) and sends each change to the subscriptions it
 * concerns: a global switch and the broker link to every trader, {@code user:NAME} to that trader,
 * {@code account:ID} to the traders linked to that IB account. Alerts are not sequenced and not
 * replayed: a trader who was not connected reads the state itself (kill switch panel, account
 * page). Plan alerts (no ticks, a rejected order) travel in the plans' own updates.
 *
 * <p>The reading runs on its own daemon thread; a failed reading is logged and retried at the next
 * tick (it never stops the poller).
 */
final class LiveAlerts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveAlerts.class);

  private final Platform platform;
  private final LiveSubscriptions subscriptions;
  private final Clock clock;
  private final PlatformAlertWatch watch = new PlatformAlertWatch();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "live-alerts");
            t.setDaemon(true);
            return t;
          });

  LiveAlerts(Platform platform, LiveSubscriptions subscriptions, Clock clock, Duration every) {
    this.platform = platform;
    this.subscriptions = subscriptions;
    this.clock = clock;
    poller.scheduleWithFixedDelay(this::read, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void read() {
    try {
      for (PlatformAlertWatch.Alert a :
          watch.next(
              platform.killSwitch().engagements(), platform.brokerState(), clock.instant())) {
        subscriptions.alert(to(a), a);
      }
    } catch (RuntimeException e) {
      LOG.warn("reading the platform's alerts failed; next try in a moment: {}", e.toString());
    }
  }

  /** Which owners an alert concerns. */
  private Predicate<String> to(PlatformAlertWatch.Alert a) {
    String scope = a.scope();
    if (scope == null || scope.equals("global")) {
      return owner -> true;
    }
    if (scope.startsWith("user:")) {
      String user = scope.substring("user:".length());
      return user::equals;
    }
    if (scope.startsWith("account:")) {
      String account = scope.substring("account:".length());
      return owner -> platform.accounts().accountOf(owner).map(account::equals).orElse(false);
    }
    return owner -> false;
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
