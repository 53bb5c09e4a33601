package com.tradeplan.runtime;

import com.tradeplan.broker.KillScope;
import com.tradeplan.broker.risk.LossLimitListener;
import java.util.concurrent.Executor;

/**
 * The risk limits' loss triggers wired to the kill switch: when a user's or an account's realized
 * loss reaches its daily limit, or a user's reaches its cumulative limit, the kill switch of that
 * scope stops its entries (exits still pass), flattening its open positions when the limits say
 * {@code flattenOnLossLimit}, until an operator releases it (docs/risk.md, docs/kill-switch.md).
 *
 * <p>{@link #lossLimitReached} fires on the thread that counted the fill (the broker's report
 * thread, which must never wait on the store), or on the one that applied a change of the limits
 * that put a loss limit under the loss already made (a request thread or the limits' poll on the
 * timer, holding the limits' lock: the hand-off below keeps the store out of it), at most once per
 * holder and trading day (the daily limit) or once per holder (the cumulative one); the engage,
 * which writes the store and sends cancels, is handed to {@code timer} (the platform's timer
 * thread). Neither throws: a hand-off refused (the platform is closing) and an engage that fails
 * are alerted as {@code KILL_SWITCH_NOT_ENGAGED}.
 */
final class LossLimitKillSwitch implements LossLimitListener {
  private final KillSwitch killSwitch;
  private final Executor timer;
  private final Alerts alerts;

  LossLimitKillSwitch(KillSwitch killSwitch, Executor timer, Alerts alerts) {
    this.killSwitch = killSwitch;
    this.timer = timer;
    this.alerts = alerts;
  }

  @Override
  public void lossLimitReached(Reached reached) {
    try {
      timer.execute(() -> engage(reached));
    } catch (RuntimeException e) { // the platform is closing
      alerts.alert(
          "KILL_SWITCH_NOT_ENGAGED",
          "the "
              + words(reached)
              + " of "
              + reached.holderKind()
              + " "
              + reached.holder()
              + " was reached while closing");
    }
  }

  private void engage(Reached r) {
    try {
      KillScope scope =
          "account".equals(r.holderKind())
              ? KillScope.account(r.holder())
              : KillScope.user(r.holder());
      boolean daily = LossLimitListener.DAILY.equals(r.limit());
      killSwitch.engage(
          scope,
          daily ? KillReason.DAILY_LOSS_LIMIT : KillReason.CUMULATIVE_LOSS_LIMIT,
          detail(r),
          "risk limits",
          r.flatten());
    } catch (RuntimeException e) {
      alerts.alert(
          "KILL_SWITCH_NOT_ENGAGED",
          "the "
              + words(r)
              + " of "
              + r.holderKind()
              + " "
              + r.holder()
              + " was reached but its kill switch could not be engaged: "
              + e.getMessage());
    }
  }

  /**
   * The switch's words: the figure and the limit, e.g. {@code realized P&L of the day -212 reached
   * the daily loss limit of 100}, or for a limit lowered under the loss already made {@code the
   * daily loss limit was lowered to 100, under the loss already made (realized P&L of the day
   * -212)}.
   */
  static String detail(Reached r) {
    String figure =
        (LossLimitListener.DAILY.equals(r.limit())
                ? "realized P&L of the day "
                : "realized P&L over every recorded trade ")
            + r.realized().stripTrailingZeros().toPlainString();
    if (r.lowered()) {
      return "the "
          + words(r)
          + " was lowered to "
          + r.max().toPlainString()
          + ", under the loss already made ("
          + figure
          + ")";
    }
    return figure + " reached the " + words(r) + " of " + r.max().toPlainString();
  }

  private static String words(Reached r) {
    return LossLimitListener.DAILY.equals(r.limit()) ? "daily loss limit" : "cumulative loss limit";
  }
}
