package com.tradeplan.runtime.account;

import com.tradeplan.broker.KillScope;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanStatus;
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
import com.tradeplan.store.PlanCounts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads what {@link AccountBook} needs for one trader and hands it over: the open plans (the
 * engine's latest state where this member runs them), the plans written since the trading day began
 * with their fills, the sums over every plan (see below), the limits in force and the kill switches
 * that hold the trader. Reads only, on the caller's thread (a request thread); throws when the
 * store cannot be reached (the server answers 503).
 *
 * <p>The totals are the store's sums over the ended plans (two fields per plan, no plan decoded:
 * {@link PlanCounts#ofOwner}) plus the open plans as read; a plan that ended in the engine a moment
 * before its document was written is in neither for that moment (the next read has it).
 *
 * <p>Bounds: at most {@value #TODAY_PLANS_MAX} plans changed today have their histories read
 * (beyond, today's figures cover what was read and an alert says so); the store's sum may take
 * {@link #STORE_READ_MAX}.
 */
public final class AccountReads {
  /** Plans changed today whose fills are read for today's P&amp;L. */
  public static final int TODAY_PLANS_MAX = 2_000;

  /** The ended plans, whose sums are read from the store. */
  static final Set<PlanStatus> ENDED = ended();

  /** How long the store may take to sum the ended plans (else the read fails: 503). */
  static final Duration STORE_READ_MAX = Duration.ofSeconds(2);

  private final TradingService trading;
  private final RiskLimitsService limits;
  private final KillSwitch killSwitch;
  private final UserAccounts accounts;
  private final PlanCounts planSums;
  private final Clock clock;

  public AccountReads(
      TradingService trading,
      RiskLimitsService limits,
      KillSwitch killSwitch,
      UserAccounts accounts,
      PlanCounts planSums,
      Clock clock) {
    this.trading = Objects.requireNonNull(trading, "trading");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.killSwitch = Objects.requireNonNull(killSwitch, "killSwitch");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.planSums = Objects.requireNonNull(planSums, "planSums");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static Set<PlanStatus> ended() {
    Set<PlanStatus> s = EnumSet.noneOf(PlanStatus.class);
    for (PlanStatus p : PlanStatus.values()) {
      if (p.isTerminal()) {
        s.add(p);
      }
    }
    return s;
  }

  /** The account of {@code user} now. */
  public AccountSummary read(String user) {
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, RiskLimitsService.TRADING_DAY_ZONE);
    Instant dayStart = day.atStartOfDay(RiskLimitsService.TRADING_DAY_ZONE).toInstant();
    String account = accounts.accountOf(user).orElse(null);
    List<PlanView> open = trading.openPlans(user);

    // ended plans from the store (two fields each); open ones as the engine holds them now
    PlanCounts.OwnerSums ended = planSums.ofOwner(user, ENDED, STORE_READ_MAX);
    BigDecimal realized = ended.realizedPnl();
    BigDecimal commission = ended.commission();
    for (PlanView v : open) {
      realized = realized.add(v.snapshot().realizedPnl());
      commission = commission.add(v.snapshot().commission());
    }

    List<PlanFills> filledToday = new ArrayList<>();
    int read = 0;
    String cursor = null;
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
