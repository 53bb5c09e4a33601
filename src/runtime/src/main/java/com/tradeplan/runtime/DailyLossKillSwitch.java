package com.tradeplan.runtime;

import com.tradeplan.broker.KillScope;
import com.tradeplan.broker.risk.EntryLimits;
import java.math.BigDecimal;
import java.util.concurrent.Executor;

/**
 * The risk limits' daily-loss trigger wired to the kill switch: when a user's or an account's
 * realized loss of the day reaches its limit, the kill switch of that scope stops its entries
 * (exits still pass; no flatten), until an operator releases it (docs/risk.md,
 * docs/kill-switch.md).
 *
 * <p>{@link #dailyLossReached} fires on the thread that counted the fill (the broker's report
 * thread, which must never wait on the store), at most once per holder and trading day; the engage,
 * which writes the store and sends cancels, is handed to {@code timer} (the platform's timer
 * thread). Neither throws: a hand-off refused (the platform is closing) and an engage that fails
 * are alerted as {@code KILL_SWITCH_NOT_ENGAGED}.
 */
final class DailyLossKillSwitch implements EntryLimits.DailyLossListener {
  private final KillSwitch killSwitch;
  private final Executor timer;
  private final Alerts alerts;

  DailyLossKillSwitch(KillSwitch killSwitch, Executor timer, Alerts alerts) {
    this.killSwitch = killSwitch;
    this.timer = timer;
    this.alerts = alerts;
  }

  @Override
  public void dailyLossReached(
      String holderKind, String holder, BigDecimal limit, BigDecimal realized) {
    try {
      timer.execute(() -> engage(holderKind, holder, limit, realized));
    } catch (RuntimeException e) { // the platform is closing
      alerts.alert(
          "KILL_SWITCH_NOT_ENGAGED",
          "the daily loss limit of " + holderKind + " " + holder + " was reached while closing");
    }
  }

  private void engage(String holderKind, String holder, BigDecimal limit, BigDecimal realized) {
    try {
      KillScope scope =
          "account".equals(holderKind) ? KillScope.account(holder) : KillScope.user(holder);
      killSwitch.engage(
          scope,
          KillReason.DAILY_LOSS_LIMIT,
          "realized P&L of the day "
              + realized.toPlainString()
              + " reached the daily loss limit of "
              + limit.toPlainString(),
          "risk limits",
          false);
    } catch (RuntimeException e) {
      alerts.alert(
          "KILL_SWITCH_NOT_ENGAGED",
          "the daily loss limit of "
              + holderKind
              + " "
              + holder
              + " was reached but its kill switch"
              + " could not be engaged: "
              + e.getMessage());
    }
  }
}
