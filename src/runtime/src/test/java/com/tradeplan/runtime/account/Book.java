package com.tradeplan.runtime.account;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.TrailingStop;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.account.AccountInputs.KillSwitchOn;
import com.tradeplan.runtime.account.AccountInputs.PlanFills;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test data for {@link AccountBook}: plans built step by step (fills booked as the engine books
 * them: average entry price at each exit fill), viewed at a last price, and the inputs around them.
 */
final class Book {
  static final LocalDate DAY = LocalDate.of(2026, 12, 4);
  static final Instant DAY_START = Instant.parse("2026-12-04T05:00:00Z");
  static final Instant YESTERDAY = Instant.parse("2026-12-03T15:00:00Z");
  static final Instant TODAY = Instant.parse("2026-12-04T15:00:00Z");

  /** One plan being built. */
  static final class PlanBuilder {
    final String id;
    final String symbol;
    final Side side;
    long quantity = 100;
    BigDecimal entry = new BigDecimal("101.00");
    final List<Stop> stops = new ArrayList<>();
    TrailingStop trailing;
    PlanStatus status = PlanStatus.CONTINGENT_ACTIVE;
    BigDecimal activeStop;
    BigDecimal last;
    boolean stale;
    long position;
    long filled;
    BigDecimal entryCost = BigDecimal.ZERO;
    BigDecimal gross = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    BigDecimal grossToday = BigDecimal.ZERO;
    BigDecimal commissionToday = BigDecimal.ZERO;
    final List<OrderSnapshot> orders = new ArrayList<>();
    final List<PlanEvent> fills = new ArrayList<>();
    final List<String> executions = new ArrayList<>();
    final Map<String, BigDecimal> commissions = new LinkedHashMap<>();

    PlanBuilder(String id, String symbol, Side side) {
      this.id = id;
      this.symbol = symbol;
      this.side = side;
    }

    PlanBuilder quantity(long q) {
      quantity = q;
      return this;
    }

    PlanBuilder entry(String price) {
      entry = new BigDecimal(price);
      return this;
    }

    PlanBuilder stop(String price) {
      stops.add(new Stop(new BigDecimal(price), null));
      return this;
    }

    PlanBuilder stop(String price, String activateAt) {
      stops.add(new Stop(new BigDecimal(price), new BigDecimal(activateAt)));
      return this;
    }

    PlanBuilder trailing(String distance) {
      trailing = new TrailingStop(new BigDecimal(distance));
      return this;
    }

    PlanBuilder status(PlanStatus s) {
      status = s;
      return this;
    }

    PlanBuilder activeStop(String level) {
      activeStop = level == null ? null : new BigDecimal(level);
      return this;
    }

    PlanBuilder last(String price) {
      last = price == null ? null : new BigDecimal(price);
      return this;
    }

    PlanBuilder stale() {
      stale = true;
      return this;
    }

    /** An entry fill (at {@code time}) with its commission. */
    PlanBuilder entryFill(long qty, String price, Instant time, String fee) {
      return fill(OrderRole.ENTRY, qty, new BigDecimal(price), time, new BigDecimal(fee));
    }

    /** An exit fill (a stop's) with its commission. */
    PlanBuilder exitFill(long qty, String price, Instant time, String fee) {
      return fill(OrderRole.STOP, qty, new BigDecimal(price), time, new BigDecimal(fee));
    }

    PlanBuilder fill(OrderRole role, long qty, BigDecimal price, Instant time, BigDecimal fee) {
      String exec = id + "-E" + executions.size();
      BigDecimal q = BigDecimal.valueOf(qty);
      boolean today = !time.isBefore(DAY_START);
      if (today) {
        commissionToday = commissionToday.add(fee);
      }
      if (role == OrderRole.ENTRY) {
        position += qty;
        filled += qty;
        entryCost = entryCost.add(price.multiply(q));
      } else {
        BigDecimal avg = entryCost.divide(BigDecimal.valueOf(filled), Decimals.MATH);
        BigDecimal pnl = price.subtract(avg).multiply(q, Decimals.MATH);
        gross = gross.add(side == Side.LONG ? pnl : pnl.negate(), Decimals.MATH);
        if (today) {
          grossToday = grossToday.add(side == Side.LONG ? pnl : pnl.negate(), Decimals.MATH);
        }
        position -= qty;
      }
      commission = commission.add(fee);
      executions.add(exec);
      commissions.put(exec, fee);
      OrderAction action =
          (role == OrderRole.ENTRY) == (side == Side.LONG) ? OrderAction.BUY : OrderAction.SELL;
      fills.add(PlanEvent.fill(new OrderRef(id, role, 0, 1), -1, time, action, qty, price, exec));
      return this;
    }

    /** An order of the plan in {@code status}. */
    PlanBuilder order(OrderRole role, long qty, long filledQty, OrderStatus orderStatus) {
      OrderAction action =
          (role == OrderRole.ENTRY) == (side == Side.LONG) ? OrderAction.BUY : OrderAction.SELL;
      orders.add(
          new OrderSnapshot(
              new OrderRef(id, role, 0, orders.size() + 1),
              action,
              qty,
              filledQty,
              orderStatus,
              null));
      return this;
    }

    Plan plan() {
      List<Stop> s = stops.isEmpty() ? List.of(new Stop(new BigDecimal("1.00"), null)) : stops;
      return new Plan(
          id,
          "alice",
          Instrument.stock(symbol),
          side,
          quantity,
          new Entry(side == Side.LONG ? EntryCondition.ABOVE : EntryCondition.BELOW, entry, null),
          s,
          List.of(),
          trailing);
    }

    PlanSnapshot snapshot() {
      PlanSnapshot s = PlanSnapshot.initial(plan(), status);
      return new PlanSnapshot(
          s.plan(),
          status,
          position,
          filled,
          entryCost,
          gross,
          commission,
          s.stops(),
          s.targetFired(),
          activeStop,
          null,
          false,
          false,
          null,
          orders,
          executions,
          commissions,
          null,
          1,
          null,
          "DU1234567");
    }

    /**
     * The plan as a trader reads it, with its unrealized P&L at the last price as PlanReads does.
     */
    PlanView view() {
      PlanSnapshot s = snapshot();
      BigDecimal unrealized = null;
      if (last != null && s.position() > 0) {
        BigDecimal perShare = last.subtract(s.avgEntryPrice(), Decimals.MATH);
        if (side == Side.SHORT) {
          perShare = perShare.negate();
        }
        unrealized = perShare.multiply(BigDecimal.valueOf(s.position()), Decimals.MATH);
      }
      return new PlanView(s, last, unrealized, stale ? YESTERDAY : null, stale);
    }

    PlanFills planFills() {
      return new PlanFills(snapshot(), fills);
    }
  }

  static PlanBuilder longPlan(String id, String symbol) {
    return new PlanBuilder(id, symbol, Side.LONG);
  }

  static PlanBuilder shortPlan(String id, String symbol) {
    return new PlanBuilder(id, symbol, Side.SHORT);
  }

  /** Inputs with these open plans, these plans filled today, no limits and no kill switch. */
  static AccountInputs inputs(List<PlanBuilder> open, List<PlanBuilder> filledToday) {
    return inputs(open, filledToday, RiskLimits.NONE, List.of());
  }

  static AccountInputs inputs(
      List<PlanBuilder> open,
      List<PlanBuilder> filledToday,
      RiskLimits userLimits,
      List<KillSwitchOn> switches) {
    BigDecimal realized = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    for (PlanBuilder b : filledToday) {
      realized = realized.add(b.gross.subtract(b.commission));
      commission = commission.add(b.commission);
    }
    return new AccountInputs(
        "alice",
        "DU1234567",
        TODAY,
        DAY,
        DAY_START,
        open.stream().map(PlanBuilder::view).toList(),
        realized,
        commission,
        filledToday.stream().map(PlanBuilder::planFills).toList(),
        true,
        userLimits,
        RiskLimits.NONE,
        switches);
  }

  private Book() {}
}
