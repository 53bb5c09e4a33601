package com.tradeplan.runtime.account;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.account.AccountInputs.PlanFills;
import com.tradeplan.runtime.account.AccountSummary.Alert;
import com.tradeplan.runtime.account.AccountSummary.PlanRisk;
import com.tradeplan.runtime.account.AccountSummary.Pnl;
import com.tradeplan.runtime.account.AccountSummary.WorkingOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place the account's figures are computed (docs/ui.md, "Account"; docs/api.md, {@code GET
 * /api/account}): a pure function of {@link AccountInputs}, exact in {@link BigDecimal}, never
 * rounded (rounding is the display's).
 *
 * <p><b>Money at risk</b> of a plan is what it can still lose if its stops fill at their levels:
 *
 * <ul>
 *   <li>its open position times the distance from the symbol's <b>last price</b> to the active stop
 *       (never below zero: a stop at or through the price has triggered, and its exit works at
 *       market). The last price, not the average fill, because the trader's question is "what can I
 *       still lose from here": a stop raised above the entry still gives back profit the unrealized
 *       P&amp;L already shows, and a position deep in loss has already lost the part between entry
 *       and price. While no price is known the average entry price stands in (and the plan says
 *       so);
 *   <li>plus every open entry: the entry shares not filled yet times the distance from the entry
 *       price to the stop that will protect them when they fill (the tightest stop without an
 *       activation level, or the trailing distance from the entry price).
 * </ul>
 *
 * Shares with no stop to measure to are not given a number: the plan is marked not fully protected
 * and an alert says so; the totals add the known parts. The total money at risk is the sum of the
 * plans'.
 *
 * <p><b>Today</b> is the trading day in New York: the realized P&amp;L of the exit fills whose time
 * falls in it (each at the average entry price of the entry fills before it, as the engine books
 * it: lifecycle.md section 6), minus the commissions charged for the fills of the day.
 */
public final class AccountBook {
  private AccountBook() {}

  /** The account's figures from what was read. */
  public static AccountSummary summarize(AccountInputs in) {
    List<PlanView> live =
        in.openPlans().stream().filter(v -> v.snapshot().status() != PlanStatus.DRAFT).toList();
    List<PlanRisk> risks = new ArrayList<>();
    BigDecimal atRisk = BigDecimal.ZERO;
    BigDecimal unrealized = BigDecimal.ZERO;
    List<Alert> alerts = new ArrayList<>();
    in.killSwitches()
        .forEach(
            k ->
                alerts.add(
                    new Alert(
                        "KILL_SWITCH",
                        k.scope(),
                        "Kill switch engaged on "
                            + k.scope()
                            + (k.actor() == null ? "" : " by " + k.actor())
                            + (k.since() == null ? "" : " since " + k.since())
                            + ": "
                            + k.words()
                            + ". New entries are refused; stops, targets and flattens still go.")));
    for (PlanView v : live) {
      PlanRisk r = planRisk(v);
      if (r.position() > 0 || r.openEntryQuantity() > 0) {
        risks.add(r);
        atRisk = atRisk.add(r.moneyAtRisk());
        if (!r.protectedFully()) {
          alerts.add(
              new Alert(
                  "NO_ACTIVE_STOP",
                  r.planId(),
                  "Plan "
                      + r.planId()
                      + " on "
                      + r.symbol()
                      + ": shares without a stop to measure their risk to; they are not in the"
                      + " money at risk."));
        }
      }
      if (v.unrealizedPnl() != null) {
        unrealized = unrealized.add(v.unrealizedPnl());
      }
    }
    Map<String, BigDecimal> realizedTodayBySymbol = new TreeMap<>();
    BigDecimal realizedToday = BigDecimal.ZERO;
    BigDecimal commissionToday = BigDecimal.ZERO;
    for (PlanFills pf : in.filledToday()) {
      BigDecimal[] day = dayPnl(pf, in.dayStart());
      BigDecimal net = day[0].subtract(day[1]);
      realizedToday = realizedToday.add(net);
      commissionToday = commissionToday.add(day[1]);
      realizedTodayBySymbol.merge(pf.snapshot().plan().symbol(), net, BigDecimal::add);
    }
    Pnl today = new Pnl(realizedToday, commissionToday);
    if (!in.todayComplete()) {
      alerts.add(
          new Alert(
              "TODAY_INCOMPLETE",
              null,
              "More plans changed today than the account page reads: today's P&L covers only"
                  + " those read."));
    }
    AccountPositions positions = AccountPositions.of(live, realizedTodayBySymbol);
    alerts.addAll(positions.alerts());
    List<AccountSummary.LimitRoom> limits = limitRooms(in, live, positions, today);
    limits.stream()
        .filter(l -> l.limit().equals("maxDailyLoss") && l.left() != null && l.left().signum() <= 0)
        .forEach(
            l ->
                alerts.add(
                    new Alert(
                        "DAILY_LOSS_LIMIT",
                        in.user(),
                        "The maximum daily loss of "
                            + l.value().toPlainString()
                            + " is reached: no new entries until the next trading day.")));
    return new AccountSummary(
        in.user(),
        in.account(),
        in.asOf(),
        in.tradingDay(),
        today,
        new Pnl(in.realizedTotal(), in.commissionTotal()),
        unrealized,
        positions.rows(),
        risks,
        atRisk,
        workingOrders(live),
        limits,
        alerts);
  }

  /** One plan's money at risk (see the class comment). */
  public static PlanRisk planRisk(PlanView v) {
    PlanSnapshot s = v.snapshot();
    Plan p = s.plan();
    boolean isLong = p.side() == Side.LONG;
    boolean known = true;
    BigDecimal reference = null;
    String referenceKind = null;
    BigDecimal positionRisk = BigDecimal.ZERO;
    if (s.position() > 0) {
      reference = v.lastPrice() != null ? v.lastPrice() : s.avgEntryPrice();
      referenceKind = v.lastPrice() != null ? "LAST" : "AVERAGE_ENTRY";
      if (s.activeStop() == null) {
        positionRisk = null;
        known = false;
      } else {
        BigDecimal perShare =
            isLong ? reference.subtract(s.activeStop()) : s.activeStop().subtract(reference);
        positionRisk = perShare.max(BigDecimal.ZERO).multiply(BigDecimal.valueOf(s.position()));
      }
    }
    long openEntry = openEntryQuantity(s);
    BigDecimal entryStop = openEntry > 0 ? entryStop(p) : null;
    BigDecimal entryRisk = BigDecimal.ZERO;
    if (openEntry > 0) {
      if (entryStop == null) {
        entryRisk = null;
        known = false;
      } else {
        entryRisk =
            p.entry().price().subtract(entryStop).abs().multiply(BigDecimal.valueOf(openEntry));
      }
    }
    BigDecimal total =
        (positionRisk == null ? BigDecimal.ZERO : positionRisk)
            .add(entryRisk == null ? BigDecimal.ZERO : entryRisk);
    return new PlanRisk(
        p.id(),
        p.symbol(),
        p.side().name(),
        s.status().name(),
        s.position(),
        s.activeStop(),
        reference,
        referenceKind,
        positionRisk,
        openEntry,
        openEntry > 0 ? p.entry().price() : null,
        entryStop,
        openEntry > 0 ? entryRisk : null,
        total,
        known);
  }

  /**
   * Entry shares not filled yet: the whole plan while ACTIVE, else what working entries have left.
   */
  static long openEntryQuantity(PlanSnapshot s) {
    if (s.status() == PlanStatus.ACTIVE) {
      return s.plan().quantity();
    }
    long open = 0;
    for (OrderSnapshot o : s.orders()) {
      if (o.ref().role() == OrderRole.ENTRY && o.status().isWorking()) {
        open += o.quantity() - o.filledQuantity();
      }
    }
    return open;
  }

  /**
   * The stop that protects an entry's shares the moment they fill: the tightest of the stops
   * without an activation level and the trailing stop (the entry price minus its distance for a
   * LONG, plus for a SHORT); null when every stop waits for an activation level.
   */
  static BigDecimal entryStop(Plan p) {
    boolean isLong = p.side() == Side.LONG;
    BigDecimal best = null;
    for (Stop stop : p.stops()) {
      if (stop.activateAt() == null) {
        best = tighter(best, stop.price(), isLong);
      }
    }
    if (p.trailingStop() != null) {
      BigDecimal d = p.trailingStop().distance();
      best =
          tighter(best, isLong ? p.entry().price().subtract(d) : p.entry().price().add(d), isLong);
    }
    return best;
  }

  private static BigDecimal tighter(BigDecimal a, BigDecimal b, boolean isLong) {
    if (a == null) {
      return b;
    }
    return isLong ? a.max(b) : a.min(b);
  }

  /**
   * A plan's realized P&amp;L (before commissions) from its exit fills of the day, and the
   * commissions of its fills of the day: {@code [gross, commission]}.
   */
  static BigDecimal[] dayPnl(PlanFills pf, Instant dayStart) {
    PlanSnapshot s = pf.snapshot();
    boolean isLong = s.plan().side() == Side.LONG;
    long entryQuantity = 0;
    BigDecimal entryCost = BigDecimal.ZERO;
    BigDecimal gross = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    for (PlanEvent e : pf.fills()) {
      if (e.type() != PlanEvent.Type.FILL || e.quantity() == null || e.price() == null) {
        continue;
      }
      boolean today = e.time() != null && !e.time().isBefore(dayStart);
      BigDecimal qty = BigDecimal.valueOf(e.quantity());
      if (e.role() == OrderRole.ENTRY) {
        entryQuantity += e.quantity();
        entryCost = entryCost.add(e.price().multiply(qty, Decimals.MATH), Decimals.MATH);
      } else if (today && entryQuantity > 0) {
        BigDecimal avg = entryCost.divide(BigDecimal.valueOf(entryQuantity), Decimals.MATH);
        BigDecimal pnl = e.price().subtract(avg, Decimals.MATH).multiply(qty, Decimals.MATH);
        gross = gross.add(isLong ? pnl : pnl.negate(), Decimals.MATH);
      }
      if (today && e.reason() != null) {
        BigDecimal c = s.commissions().get(e.reason());
        if (c != null) {
          commission = commission.add(c);
        }
      }
    }
    return new BigDecimal[] {gross, commission};
  }

  private static List<WorkingOrder> workingOrders(List<PlanView> live) {
    List<WorkingOrder> out = new ArrayList<>();
    for (PlanView v : live) {
      for (OrderSnapshot o : v.snapshot().orders()) {
        if (o.status().isWorking()) {
          out.add(
              new WorkingOrder(
                  v.snapshot().planId(),
                  v.snapshot().plan().symbol(),
                  o.ref().toString(),
                  o.ref().role().name(),
                  o.action().name(),
                  o.quantity(),
                  o.filledQuantity(),
                  o.status().ibName()));
        }
      }
    }
    return out;
  }

  private static List<AccountSummary.LimitRoom> limitRooms(
      AccountInputs in, List<PlanView> live, AccountPositions positions, Pnl today) {
    RiskLimits user = in.userLimits();
    RiskLimits order = in.orderLimits();
    List<AccountSummary.LimitRoom> out = new ArrayList<>();
    out.add(
        room(
            "maxPositionPerSymbol",
            "shares on one symbol: position plus working entries",
            big(user.maxPositionPerSymbol()),
            BigDecimal.valueOf(positions.fullestSymbolShares()),
            positions.fullestSymbol()));
    out.add(
        room(
            "maxPositionTotal",
            "shares on every symbol: positions plus working entries",
            big(user.maxPositionTotal()),
            BigDecimal.valueOf(positions.sharesTotal()),
            null));
    out.add(
        room(
            "maxOpenNotional",
            "value of the positions at their average entry price plus working entries",
            user.maxOpenNotional(),
            positions.openNotional(),
            null));
    out.add(
        room(
            "maxDailyLoss",
            "realized loss of the trading day",
            user.maxDailyLoss(),
            today.realizedPnl().negate().max(BigDecimal.ZERO),
            null));
    out.add(
        room(
            "maxOpenPlans",
            "live plans",
            user.maxOpenPlans() == null ? null : BigDecimal.valueOf(user.maxOpenPlans()),
            BigDecimal.valueOf(live.size()),
            null));
    out.add(
        new AccountSummary.LimitRoom(
            "maxOrderQuantity",
            "shares in one entry",
            big(order.maxOrderQuantity()),
            null,
            null,
            null));
    out.add(
        new AccountSummary.LimitRoom(
            "maxOrderNotional", "value of one entry", order.maxOrderNotional(), null, null, null));
    return out;
  }

  private static AccountSummary.LimitRoom room(
      String limit, String words, BigDecimal value, BigDecimal used, String where) {
    return new AccountSummary.LimitRoom(
        limit, words, value, used, value == null ? null : value.subtract(used), where);
  }

  private static BigDecimal big(Long value) {
    return value == null ? null : BigDecimal.valueOf(value);
  }
}
