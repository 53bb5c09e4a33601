package com.tradeplan.runtime.account;

import com.tradeplan.broker.KillScope;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.runtime.HistoryEntry;
import com.tradeplan.runtime.KillSwitch;
import com.tradeplan.runtime.PlanPage;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.RiskLimitsService;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.runtime.UserAccounts;
import com.tradeplan.runtime.account.AccountInputs.KillSwitchOn;
import com.tradeplan.runtime.account.AccountInputs.PlanFills;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads what {@link AccountBook} needs for one trader and hands it over: the open plans (the
 * engine's latest state where this member runs them), the plans written since the trading day began
 * with their fills, the sums over every plan, the limits in force and the kill switches that hold
 * the trader. Reads only, on the caller's thread (a request thread); throws when the store cannot
 * be reached (the server answers 503).
 *
 * <p>Bounds: at most {@value #TODAY_PLANS_MAX} plans changed today have their histories read, and
 * at most {@value #TOTAL_PLANS_MAX} plans are summed for the totals; beyond either, the figure
 * covers what was read and an alert says so.
 */
public final class AccountReads {
  /** Plans changed today whose fills are read for today's P&amp;L. */
  public static final int TODAY_PLANS_MAX = 2_000;

  /** Plans summed for the total P&amp;L. */
  public static final int TOTAL_PLANS_MAX = 100_000;

  private final TradingService trading;
  private final RiskLimitsService limits;
  private final KillSwitch killSwitch;
  private final UserAccounts accounts;
  private final Clock clock;

  public AccountReads(
      TradingService trading,
      RiskLimitsService limits,
      KillSwitch killSwitch,
      UserAccounts accounts,
      Clock clock) {
    this.trading = Objects.requireNonNull(trading, "trading");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.killSwitch = Objects.requireNonNull(killSwitch, "killSwitch");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The account of {@code user} now. */
  public AccountSummary read(String user) {
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, RiskLimitsService.TRADING_DAY_ZONE);
    Instant dayStart = day.atStartOfDay(RiskLimitsService.TRADING_DAY_ZONE).toInstant();
    String account = accounts.accountOf(user).orElse(null);
    List<PlanView> open = trading.openPlans(user);

    BigDecimal realized = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    int summed = 0;
    String cursor = null;
    do {
      PlanPage p = trading.page(user, Set.of(), null, cursor, TradingService.PAGE_MAX);
      for (PlanView v : p.plans()) {
        if (v.snapshot().filledEntryQuantity() > 0) {
          realized = realized.add(v.snapshot().realizedPnl());
          commission = commission.add(v.snapshot().commission());
        }
      }
      summed += p.plans().size();
      cursor = p.next();
    } while (cursor != null && summed < TOTAL_PLANS_MAX);
    boolean totalComplete = cursor == null;

    List<PlanFills> filledToday = new ArrayList<>();
    int read = 0;
    cursor = null;
    do {
      PlanPage p = trading.changedSince(user, dayStart, cursor, TradingService.PAGE_MAX);
      for (PlanView v : p.plans()) {
        if (v.snapshot().filledEntryQuantity() > 0) {
          filledToday.add(new PlanFills(v.snapshot(), fills(user, v.snapshot().planId())));
        }
      }
      read += p.plans().size();
      cursor = p.next();
    } while (cursor != null && read < TODAY_PLANS_MAX);
    boolean todayComplete = cursor == null;

    LimitLayers layers = limits.layers();
    return AccountBook.summarize(
        new AccountInputs(
            user,
            account,
            now,
            day,
            dayStart,
            open,
            realized,
            commission,
            filledToday,
            todayComplete,
            totalComplete,
            layers.forUser(user),
            layers.forOrder(account, user, null),
            killSwitchesOn(user, account)));
  }

  private List<PlanEvent> fills(String user, String planId) {
    List<PlanEvent> out = new ArrayList<>();
    for (HistoryEntry h : trading.history(user, planId)) {
      if (h.event().type() == PlanEvent.Type.FILL) {
        out.add(h.event());
      }
    }
    return out;
  }

  /** The switches engaged on the whole platform, on the user, or on the user's account. */
  private List<KillSwitchOn> killSwitchesOn(String user, String account) {
    KillScope own = KillScope.KEY.matcher(user).matches() ? KillScope.user(user) : null;
    KillScope acct =
        account != null && KillScope.KEY.matcher(account).matches()
            ? KillScope.account(account)
            : null;
    List<KillSwitchOn> out = new ArrayList<>();
    for (KillSwitch.Engagement e : killSwitch.engagements()) {
      if (e.scope().equals(KillScope.GLOBAL) || e.scope().equals(own) || e.scope().equals(acct)) {
        out.add(
            new KillSwitchOn(
                e.scope().toString(),
                e.detail() == null || e.detail().isBlank() ? e.reason().words() : e.detail(),
                e.actor(),
                e.since()));
      }
    }
    return out;
  }
}
