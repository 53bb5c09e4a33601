package com.tradeplan.engine.facts;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.ExitChange;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.strategy.StrategyChoice;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalTime;

/**
 * The strategy a plan runs and its parameters, as a fact the strategy rules join to their plan
 * ({@code PlanStrategy( planId == $p.id, name == "exit-at-time" )}), inserted with the plan when it
 * has one (docs/rules.md, "Strategies and their parameter schema"). Immutable: a plan keeps its
 * strategy until it ends.
 *
 * <p>A strategy rule changes exits only through the paths the lifecycle rules use: a change of
 * exits ({@link #change}, carried out by 35-exit-changes.drl under the policy that forbids
 * loosening the active stop, so a strategy can never loosen it) or the flatten's exit (sized by
 * 70-exit-orders.drl, so never more than the open position).
 */
public final class PlanStrategy {
  private final String planId;
  private final StrategyChoice choice;
  private final Plan plan;

  public PlanStrategy(Plan plan) {
    this.planId = plan.id();
    this.choice = plan.strategy();
    this.plan = plan;
    if (choice == null) {
      throw new IllegalArgumentException("plan " + planId + " has no strategy");
    }
  }

  public String getPlanId() {
    return planId;
  }

  public String getName() {
    return choice.name();
  }

  /**
   * A decimal parameter; throws when the plan has none by that name (a rule for another schema).
   */
  public BigDecimal decimal(String name) {
    return (BigDecimal) param(name);
  }

  public long integer(String name) {
    return (Long) param(name);
  }

  /** A time parameter: a time of day on the exchange's clock. */
  public LocalTime time(String name) {
    return (LocalTime) param(name);
  }

  public boolean flag(String name) {
    return (Boolean) param(name);
  }

  private Object param(String name) {
    Object v = choice.params().get(name);
    if (v == null) {
      throw new IllegalStateException(
          "strategy " + choice.name() + " of plan " + planId + " has no parameter " + name);
    }
    return v;
  }

  /**
   * A change of exits in this strategy's name, for 35-exit-changes.drl to carry out: the history
   * says {@code strategy NAME: <the change> (why)}. The policy on loosening is always "forbidden".
   */
  public TraderCommand change(ExitChange change, String why) {
    return TraderCommand.changeExits(planId, change, "strategy " + choice.name(), why, false);
  }

  /** The change that moves the active stop to break-even, in this strategy's name. */
  public TraderCommand breakEven(String why) {
    return change(new ExitChange.StopToBreakEven(), why);
  }

  /** The change that sets the trailing distance, in this strategy's name. */
  public TraderCommand trail(BigDecimal distance, String why) {
    return change(new ExitChange.SetTrailingDistance(distance), why);
  }

  /** True once an order of target {@code number} (from 1) has a fill. */
  public boolean targetFilled(PlanState p, long number) {
    for (OrderRecord o : p.getOrders()) {
      if (o.getRole() == OrderRole.TARGET
          && o.getIndex() == number - 1
          && o.getFilledQuantity() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code last} is at least 1R in profit: R is the risk per share the trade entered
   * with, its average entry price less its first stop as planned (stop 1), so 1R is what the trader
   * planned to lose. False before a fill, or when that risk is not positive.
   */
  public boolean isUp1R(PlanState p, BigDecimal last) {
    BigDecimal entry = p.snapshotAvgEntryPrice();
    if (entry == null) {
      return false;
    }
    BigDecimal stop = plan.stops().get(0).price();
    boolean isLong = plan.side() == Side.LONG;
    BigDecimal risk = isLong ? entry.subtract(stop) : stop.subtract(entry);
    if (risk.signum() <= 0) {
      return false;
    }
    BigDecimal gain = isLong ? last.subtract(entry) : entry.subtract(last);
    return gain.compareTo(risk) >= 0;
  }

  /**
   * {@code multiple} x {@code atr} as a trailing distance on the plan's tick grid: rounded down
   * onto the grid (a tighter trail, never a looser one), at least one tick.
   */
  public BigDecimal trailingDistance(BigDecimal multiple, BigDecimal atr) {
    BigDecimal tick = plan.instrument().tickSize();
    BigDecimal ticks =
        multiple
            .multiply(atr, Decimals.MATH)
            .divide(tick, 0, RoundingMode.DOWN)
            .max(BigDecimal.ONE);
    return ticks.multiply(tick);
  }

  /** An ATR for the history: 4 decimals, half-even. */
  public static String atrText(BigDecimal atr) {
    return atr.setScale(4, RoundingMode.HALF_EVEN).toPlainString();
  }

  @Override
  public String toString() {
    return "PlanStrategy[" + planId + " " + choice.name() + " " + choice.paramTexts() + "]";
  }
}
