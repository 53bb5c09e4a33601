package com.tradeplan.runtime.account;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.PlanView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What {@link AccountBook} computes an account from: everything read first, so the arithmetic is a
 * pure function that tests feed directly.
 *
 * @param dayStart the first instant of {@code tradingDay}; fills at or after it count as today's
 * @param openPlans the trader's open plans (drafts are ignored)
 * @param realizedTotal realized P&amp;L after commissions summed over every plan of the trader
 * @param commissionTotal commissions summed over every plan of the trader
 * @param filledToday the plans written since {@code dayStart}, each with its FILL events (all of
 *     them, oldest first: the average entry price of a fill of today depends on earlier ones)
 * @param todayComplete false when more plans changed today than are read ({@code
 *     AccountReads.TODAY_PLANS_MAX}): today's figures then cover only those read
 * @param userLimits the limits on the trader's own figures (platform tightened by user)
 * @param orderLimits the limits on each of the trader's entries (every layer but the plan's)
 * @param killSwitches the kill switches that stop the trader's entries now
 */
public record AccountInputs(
    String user,
    String account,
    Instant asOf,
    LocalDate tradingDay,
    Instant dayStart,
    List<PlanView> openPlans,
    BigDecimal realizedTotal,
    BigDecimal commissionTotal,
    List<PlanFills> filledToday,
    boolean todayComplete,
    RiskLimits userLimits,
    RiskLimits orderLimits,
    List<KillSwitchOn> killSwitches) {

  public AccountInputs {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(tradingDay, "tradingDay");
    Objects.requireNonNull(dayStart, "dayStart");
    Objects.requireNonNull(realizedTotal, "realizedTotal");
    Objects.requireNonNull(commissionTotal, "commissionTotal");
    Objects.requireNonNull(userLimits, "userLimits");
    Objects.requireNonNull(orderLimits, "orderLimits");
    openPlans = List.copyOf(openPlans);
    filledToday = List.copyOf(filledToday);
    killSwitches = List.copyOf(killSwitches);
  }

  /** A plan and its FILL events, oldest first (each carries its execution id in {@code reason}). */
  public record PlanFills(PlanSnapshot snapshot, List<PlanEvent> fills) {
    public PlanFills {
      Objects.requireNonNull(snapshot, "snapshot");
      fills = List.copyOf(fills);
    }
  }

  /** A kill switch engaged on a scope that holds the trader (global, their user, their account). */
  public record KillSwitchOn(String scope, String words, String actor, Instant since) {}
}
