package com.tradeplan.broker.risk;

import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Told once when a holder's realized loss reaches one of its loss limits: the daily loss (once per
 * holder and trading day) or the cumulative loss (once per holder, users only). Entries are refused
 * from then on regardless; the runtime wires this to the kill switch, which flattens when the
 * limits ask for it ({@link RiskLimits#flattenOnLossLimit}). A loss limit is reached either by a
 * fill or a commission, or by a change of the limits that puts it at or under the loss already made
 * ({@link Reached#lowered}): then it is told at the change, not at the next fill.
 *
 * <p>Runs on the thread that counted the fill or the commission (the broker's), or on the one that
 * applied the limits' change, after the check's lock is released; must return quickly; a throw is
 * the caller's.
 */
@FunctionalInterface
public interface LossLimitListener {
  /** The daily loss limit ({@code maxDailyLoss}). */
  String DAILY = "maxDailyLoss";

  /** The cumulative loss limit ({@code maxCumulativeLoss}). */
  String CUMULATIVE = "maxCumulativeLoss";

  void lossLimitReached(Reached reached);

  /**
   * One loss limit reached.
   *
   * @param limit {@link #DAILY} or {@link #CUMULATIVE}
   * @param holderKind "user" or "account"
   * @param holder the user's name or the account id
   * @param max the limit's value (a positive amount)
   * @param realized the realized P&amp;L that reached it (negative)
   * @param flatten whether the limits ask to flatten the holder's positions too
   * @param lowered true when a change of the limits found the loss already made at or past the
   *     limit (it was lowered, or set, under it), false when a fill or a commission reached it
   */
  record Reached(
      String limit,
      String holderKind,
      String holder,
      BigDecimal max,
      BigDecimal realized,
      boolean flatten,
      boolean lowered) {

    /**
     * Adds to {@code out} the loss limits of {@code limits} that {@code holder} reached by a fill
     * or a commission and was not told of yet, marking them told (called under the check's lock).
     */
    static void collect(RiskLimits limits, Exposure holder, LocalDate today, List<Reached> out) {
      collect(limits, holder, today, false, out);
    }

    /**
     * As {@link #collect(RiskLimits, Exposure, LocalDate, List)}, {@code lowered} saying whether a
     * change of the limits (rather than a fill or a commission) is what found them reached.
     */
    static void collect(
        RiskLimits limits, Exposure holder, LocalDate today, boolean lowered, List<Reached> out) {
      if (holder == null) {
        return;
      }
      boolean flatten = Boolean.TRUE.equals(limits.flattenOnLossLimit());
      BigDecimal daily = limits.maxDailyLoss();
      BigDecimal realizedToday = holder.realized(today);
      if (daily != null
          && !holder.dailyLossReported
          && realizedToday.negate().compareTo(daily) >= 0) {
        holder.dailyLossReported = true;
        out.add(
            new Reached(DAILY, holder.kind, holder.name, daily, realizedToday, flatten, lowered));
      }
      BigDecimal cumulative = limits.maxCumulativeLoss();
      BigDecimal total = holder.realizedCumulative();
      if (cumulative != null
          && !holder.cumulativeLossReported
          && total.negate().compareTo(cumulative) >= 0) {
        holder.cumulativeLossReported = true;
        out.add(
            new Reached(CUMULATIVE, holder.kind, holder.name, cumulative, total, flatten, lowered));
      }
    }
  }
}
