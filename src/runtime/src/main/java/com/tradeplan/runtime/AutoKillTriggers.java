package com.tradeplan.runtime;

import com.tradeplan.broker.KillScope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The automatic kill-switch triggers besides the loss limits' ({@link LossLimitKillSwitch}): market
 * data stale beyond a bound, and store writes failing beyond a bound (docs/kill-switch.md,
 * "Automatic triggers"). Each engages the <b>global</b> switch with its own reason ({@link
 * KillReason#MARKET_DATA_STALE}, {@link KillReason#STORE_DOWN}), the words naming the bound and the
 * figure, actor {@code automatic trigger}, without flatten; stored like an operator's press (every
 * member refuses entries, it survives a restart), released by an operator only. An engagement is
 * alerted ({@code KILL_SWITCH_AUTOMATIC}). Exits and cancels pass, as for every switch.
 *
 * <p>Each trigger is off unless configured ({@link PlatformConfig.KillSwitchTriggers}). A trigger
 * whose reason already holds the global switch does nothing (no second round of cancels).
 *
 * <p>{@link #checkMarketData} runs on the platform's timer after the stale check; {@link
 * #storeCannotDrain} fires on the store writer's thread and hands the engage to the timer (the
 * writer must not wait on a store write of the switch). Neither throws: an engage that fails is
 * alerted as {@code KILL_SWITCH_NOT_ENGAGED}.
 */
final class AutoKillTriggers {
  static final String ACTOR = "automatic trigger";

  private final KillSwitch killSwitch;
  private final Executor timer;
  private final Alerts alerts;
  private final PlatformConfig.KillSwitchTriggers config;

  AutoKillTriggers(
      KillSwitch killSwitch,
      Executor timer,
      Alerts alerts,
      PlatformConfig.KillSwitchTriggers config) {
    this.killSwitch = killSwitch;
    this.timer = timer;
    this.alerts = alerts;
    this.config = config;
  }

  /** Engages the switch when a stale symbol has been quiet for the configured bound. */
  void checkMarketData(List<StaleSymbol> stale) {
    Duration bound = config.staleMarketDataAfter();
    if (bound == null || stale.isEmpty() || holds(KillReason.MARKET_DATA_STALE)) {
      return;
    }
    for (StaleSymbol s : stale) {
      if (s.quietMillis() >= bound.toMillis()) {
        engage(
            KillReason.MARKET_DATA_STALE,
            s.symbol()
                + ": no tick for "
                + s.quietMillis() / 1000
                + " s while its market is open (bound "
                + bound.toSeconds()
                + " s; "
                + s.plans()
                + " watched plan(s))");
        return;
      }
    }
  }

  /**
   * The store writer could not write a plan after {@code attempts} tries (its alert threshold): the
   * store is down for longer than the bound. Fires on the writer's thread.
   */
  void storeCannotDrain(String planId, int attempts, Throwable lastError) {
    if (!config.storeDown()) {
      return;
    }
    String detail =
        "the write of plan " + planId + " failed " + attempts + " times (last: " + lastError + ")";
    try {
      timer.execute(
          () -> {
            if (!holds(KillReason.STORE_DOWN)) {
              engage(KillReason.STORE_DOWN, detail);
            }
          });
    } catch (RuntimeException e) { // the platform is closing
      alerts.alert("KILL_SWITCH_NOT_ENGAGED", "store writes failing while closing: " + detail);
    }
  }

  private boolean holds(KillReason reason) {
    return killSwitch.engagements().stream()
        .anyMatch(e -> e.scope().equals(KillScope.GLOBAL) && e.reason() == reason);
  }

  private void engage(KillReason reason, String detail) {
    try {
      killSwitch.engage(KillScope.GLOBAL, reason, detail, ACTOR, false);
      alerts.alert(
          "KILL_SWITCH_AUTOMATIC",
          "global kill switch engaged ("
              + reason.words()
              + "): "
              + detail
              + "; an operator releases it");
    } catch (RuntimeException e) {
      alerts.alert(
          "KILL_SWITCH_NOT_ENGAGED",
          reason.words() + " (" + detail + ") but the kill switch could not be engaged: " + e);
    }
  }
}
