package com.tradeplan.engine.facts;

import com.tradeplan.domain.plan.ExitChange;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.plan.TrailingStop;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A trader's change of the exits of one plan whose entry works or whose trade is live (issue 18;
 * docs/rules.md, "Changing the exits of a live trade"): whether the trade can take it now, what the
 * active stop would become, and the change itself on the plan's stop and target facts. A part of
 * {@link PlanState}, on the session's thread; the rules reach it only through PlanState's methods
 * of the same names, and decide with them (the policy on loosening is a rule's).
 *
 * <p>The active stop stays the tightest eligible stop level: the change moves levels, and the
 * active stop is set to what the levels now give. That is the one way it may loosen, and only for a
 * trader's explicit change that a rule let through; the history then says so.
 */
final class ExitChanges {
  private final PlanState plan;
  private final List<StopLevel> stops;
  private final List<TargetLevel> targets;
  private final ExitState exits;
  private final PlanOrders orders;

  ExitChanges(
      PlanState plan,
      List<StopLevel> stops,
      List<TargetLevel> targets,
      ExitState exits,
      PlanOrders orders) {
    this.plan = plan;
    this.stops = stops;
    this.targets = targets;
    this.exits = exits;
    this.orders = orders;
  }

  /** Why the trade cannot take {@code c} now; null when it can (see {@link PlanState}). */
  String refusal(TraderCommand c) {
    PlanStatus status = plan.getStatus();
    if (status != PlanStatus.ENTRY_SUBMITTED && !status.isLive()) {
      return "the exits can be changed only while the entry works or the trade is live; it is "
          + status;
    }
    if (exits.flattenRequested()) {
      return "the trade is being flattened";
    }
    if (exits.stopTriggered()) {
      return "the stop triggered: the trade is being closed";
    }
    ExitChange change = c.change();
    if (change instanceof ExitChange.MoveStop m) {
      return stop(m.index()) == null ? "there is no stop " + ExitChange.number(m.index()) : null;
    }
    if (change instanceof ExitChange.RemoveStop r) {
      if (stop(r.index()) == null) {
        return "there is no stop " + ExitChange.number(r.index());
      }
      if (fixedStops().size() == 1) {
        return "a plan keeps at least one stop";
      }
      return plan.isLive() && activeStopAfter(change) == null
          ? "the trade would be left without an eligible stop"
          : null;
    }
    if (change instanceof ExitChange.MoveTarget m) {
      return openTarget(m.index());
    }
    if (change instanceof ExitChange.SetTargetQuantity q) {
      String r = openTarget(q.index());
      return r != null ? r : targetSumRefusal(q.index(), q.quantity());
    }
    if (change instanceof ExitChange.AddTarget a) {
      return a.quantity() == null ? null : targetSumRefusal(-1, a.quantity());
    }
    if (change instanceof ExitChange.StopToBreakEven) {
      return breakEvenRefusal();
    }
    if (change instanceof ExitChange.ClosePart p) {
      return closeRefusal(p.quantity());
    }
    return null; // AddStop, SetTrailingDistance: the validator checked their shape
  }

  /** True when {@code change} would leave the active stop looser than it is. */
  boolean loosensActiveStop(ExitChange change) {
    BigDecimal now = exits.activeStop();
    if (now == null || !plan.isLive()) {
      return false;
    }
    BigDecimal after = activeStopAfter(change);
    return after == null || plan.getSide().isBetter(now, after);
  }

  /** The active stop {@code change} would give: the tightest eligible level after it. */
  BigDecimal activeStopAfter(ExitChange change) {
    Side side = plan.getSide();
    BigDecimal best = null;
    for (StopLevel s : stops) {
      BigDecimal level = s.getLevel();
      boolean eligible = s.isEligible();
      if (s.isTrailing()) {
        if (change instanceof ExitChange.SetTrailingDistance d && exits.bestPrice() != null) {
          level = trailingLevel(d.distance());
          eligible = true;
        }
      } else if (change instanceof ExitChange.RemoveStop r && r.index() == s.getIndex()) {
        continue;
      } else if (change instanceof ExitChange.MoveStop m && m.index() == s.getIndex()) {
        level = m.price();
      } else if (change instanceof ExitChange.StopToBreakEven && s == breakEvenStop()) {
        level = breakEvenPrice();
      }
      if (eligible && level != null && (best == null || side.isBetter(level, best))) {
        best = level;
      }
    }
    if (change instanceof ExitChange.AddStop a
        && a.activateAt() == null
        && (best == null || side.isBetter(a.price(), best))) {
      best = a.price();
    }
    return best;
  }

  /**
   * The average entry price on the tick grid towards the profit side (LONG up, SHORT down); null
   * before the first fill.
   */
  BigDecimal breakEvenPrice() {
    BigDecimal avg = plan.snapshotAvgEntryPrice();
    if (avg == null) {
      return null;
    }
    BigDecimal tick = plan.getPlan().instrument().tickSize();
    RoundingMode toProfit = plan.getSide() == Side.LONG ? RoundingMode.CEILING : RoundingMode.FLOOR;
    return avg.divide(tick, 0, toProfit)
        .multiply(tick)
        .setScale(tick.scale(), RoundingMode.UNNECESSARY);
  }

  /**
   * Carries out {@code c} on the stop and target facts, the trailing distance and the active stop,
   * and makes the plan say what it now is. Returns the facts for the rule to insert, update and
   * delete. One branch per kind, side by side (each a few lines), so its length is the number of
   * kinds.
   */
  ChangedFacts apply(TraderCommand c) {
    List<Object> inserted = new ArrayList<>();
    List<Object> updated = new ArrayList<>();
    List<Object> deleted = new ArrayList<>();
    BigDecimal activeAfter = activeStopAfter(c.change());
    ExitChange change = c.change();
    if (change instanceof ExitChange.MoveStop m) {
      StopLevel s = stop(m.index());
      s.moveTo(m.price());
      updated.add(s);
    } else if (change instanceof ExitChange.StopToBreakEven) {
      StopLevel s = breakEvenStop();
      s.moveTo(breakEvenPrice());
      updated.add(s);
    } else if (change instanceof ExitChange.AddStop a) {
      int index = fixedStops().size();
      StopKind kind = a.activateAt() == null ? StopKind.FIXED : StopKind.ACTIVATED;
      StopLevel s =
          new StopLevel(plan, new StopSnapshot(index, kind, a.price(), a.activateAt(), false));
      stops.add(s);
      inserted.add(s);
    } else if (change instanceof ExitChange.RemoveStop r) {
      StopLevel removed = stop(r.index());
      stops.remove(removed);
      deleted.add(removed);
      for (StopLevel s : stops) {
        if (!s.isTrailing() && s.getIndex() > r.index()) {
          s.renumber(s.getIndex() - 1);
          updated.add(s);
        }
      }
    } else if (change instanceof ExitChange.MoveTarget m) {
      TargetLevel t = targets.get(m.index());
      t.movePrice(m.price());
      updated.add(t);
    } else if (change instanceof ExitChange.SetTargetQuantity q) {
      TargetLevel t = targets.get(q.index());
      t.changeQuantity(q.quantity());
      updated.add(t);
    } else if (change instanceof ExitChange.AddTarget a) {
      TargetLevel t = new TargetLevel(plan, orders, targets.size(), a.price(), a.quantity(), false);
      targets.add(t);
      inserted.add(t);
    } else if (change instanceof ExitChange.SetTrailingDistance d) {
      exits.changeTrailingDistance(d.distance());
      StopLevel trailing = trailingStop();
      if (trailing == null) {
        trailing = new StopLevel(plan, new StopSnapshot(-1, StopKind.TRAILING, null, null, false));
        stops.add(trailing);
        inserted.add(trailing);
      } else if (exits.bestPrice() != null) {
        trailing.resetTrailingLevel(trailingLevel(d.distance()));
        updated.add(trailing);
      }
    } else {
      throw new IllegalStateException("not a change of levels: " + change.kind());
    }
    if (plan.isLive() && activeAfter != null) {
      exits.replaceActiveStop(activeAfter);
    }
    plan.replacePlan(rebuiltPlan());
    return new ChangedFacts(inserted, updated, deleted);
  }

  private BigDecimal trailingLevel(BigDecimal distance) {
    BigDecimal best = exits.bestPrice();
    return plan.getSide() == Side.LONG ? best.subtract(distance) : best.add(distance);
  }

  /** The plan as it now is: its stops, targets and trailing distance from the facts. */
  private Plan rebuiltPlan() {
    Plan p = plan.getPlan();
    List<Stop> s = new ArrayList<>();
    for (StopLevel level : fixedStops()) {
      s.add(new Stop(level.getLevel(), level.getActivateAt()));
    }
    List<Target> t = new ArrayList<>();
    for (TargetLevel level : targets) {
      t.add(new Target(level.getPrice(), level.getQuantity()));
    }
    BigDecimal distance = exits.trailingDistance();
    return new Plan(
        p.id(),
        p.owner(),
        p.instrument(),
        p.side(),
        p.quantity(),
        p.entry(),
        s,
        t,
        distance == null ? null : new TrailingStop(distance),
        p.strategy());
  }

  /** The eligible fixed or activated stop with the tightest level: the one break-even moves. */
  StopLevel breakEvenStop() {
    Side side = plan.getSide();
    StopLevel best = null;
    for (StopLevel s : fixedStops()) {
      if (s.isEligible() && (best == null || side.isBetter(s.getLevel(), best.getLevel()))) {
        best = s;
      }
    }
    return best;
  }

  private String breakEvenRefusal() {
    BigDecimal be = breakEvenPrice();
    if (be == null || plan.getPosition() == 0) {
      return "nothing is open: break-even needs a filled position";
    }
    if (breakEvenStop() == null) {
      return "no stop protects the trade yet to move to break-even";
    }
    BigDecimal active = exits.activeStop();
    if (active != null && !plan.getSide().isBetter(be, active)) {
      return "the active stop "
          + active.toPlainString()
          + " is already at or beyond break-even "
          + be.toPlainString();
    }
    return null;
  }

  private String closeRefusal(long quantity) {
    if (!plan.isLive()) {
      return "nothing is open to close";
    }
    long uncovered = plan.getUncoveredQuantity();
    if (quantity > uncovered) {
      return "only "
          + uncovered
          + " of the position "
          + plan.getPosition()
          + " is not covered by working exit orders";
    }
    return plan.hasAttemptsLeft(com.tradeplan.domain.order.OrderRole.CLOSE, 0)
        ? null
        : "a trade may be closed in parts at most " + PlanState.ATTEMPTS_MAX + " times";
  }

  private String openTarget(int index) {
    if (index >= targets.size()) {
      return "there is no target " + ExitChange.number(index);
    }
    return targets.get(index).isFired()
        ? "target " + ExitChange.number(index) + " already fired"
        : null;
  }

  private String targetSumRefusal(int replaced, long quantity) {
    long sum = quantity;
    for (TargetLevel t : targets) {
      if (t.getIndex() != replaced && t.getQuantity() != null) {
        sum += t.getQuantity();
      }
    }
    long max = plan.getPlan().quantity();
    return sum > max
        ? "the target quantities would add up to " + sum + ", more than the plan quantity " + max
        : null;
  }

  private StopLevel stop(int index) {
    for (StopLevel s : stops) {
      if (!s.isTrailing() && s.getIndex() == index) {
        return s;
      }
    }
    return null;
  }

  private StopLevel trailingStop() {
    for (StopLevel s : stops) {
      if (s.isTrailing()) {
        return s;
      }
    }
    return null;
  }

  private List<StopLevel> fixedStops() {
    return stops.stream()
        .filter(s -> !s.isTrailing())
        .sorted(Comparator.comparingInt(StopLevel::getIndex))
        .toList();
  }
}
