package com.tradeplan.engine;

import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.engine.facts.StopLevel;
import com.tradeplan.engine.facts.TargetLevel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The quiet band of a plan: a tick whose last price is strictly between {@code low} and {@code
 * high} (and not after {@code expiresAt}) cannot change the plan, so its session need not wake. A
 * null bound is open. {@code always} wakes on every tick of the symbol; {@link #NEVER} on none (the
 * plan waits for broker reports or trader commands, which always reach it).
 *
 * <p>The levels are those the lifecycle rules compare {@code last} with: the entry level, the
 * active stop, the next activation levels, the targets not yet fired (or re-armed after a refused
 * order) and the trailing stop's best price. A triggered stop or a refused flatten with shares
 * uncovered wakes on every tick: they are sent again on the next one, whatever its price. A rule
 * that reacts to something else on a tick (the spread, the volume, the clock) needs the gate off
 * ({@code gate=false}); docs/rules.md says so.
 */
public record Band(BigDecimal low, BigDecimal high, Instant expiresAt, boolean always) {
  public static final Band NEVER = new Band(null, null, null, false);
  public static final Band ALWAYS = new Band(null, null, null, true);

  /**
   * How near a level the price must come, as a fraction of the level, before the session of a plan
   * whose session is at rest is prepared ({@link #approach}): 1%, so that the price usually passes
   * through it on the ticks before the one that crosses the level, and the crossing tick finds the
   * session prepared. A gap past it in one tick (an open, a halt) crosses a level of a session at
   * rest: that tick prepares the session first (docs/architecture.md, "Users at rest").
   */
  public static final BigDecimal APPROACH_FRACTION = new BigDecimal("0.01");

  /** True when a tick at {@code last} and {@code time} may change the plan. */
  public boolean wakes(BigDecimal last, Instant time) {
    return reachedBy(last) || expiresAt != null && time.isAfter(expiresAt);
  }

  /** True when a price at {@code last} reaches a bound of the band (or the band is always). */
  public boolean reachedBy(BigDecimal last) {
    return always
        || low != null && last.compareTo(low) <= 0
        || high != null && last.compareTo(high) >= 0;
  }

  /**
   * This band narrowed by {@link #APPROACH_FRACTION} of each level, towards the market: the band of
   * a plan whose session is at rest, so that the level gate wakes it while the price is still near
   * the level and not yet across it. Every tick that {@link #wakes} this band also wakes the
   * approach band (its low is at or above this low, its high at or below this high, at the level's
   * scale or finer, rounded away from the level), so nothing that would wake the plan is missed.
   */
  public Band approach() {
    return new Band(
        low == null ? null : towardsMarket(low, true),
        high == null ? null : towardsMarket(high, false),
        expiresAt,
        always);
  }

  private static BigDecimal towardsMarket(BigDecimal level, boolean up) {
    // Rounded up at the level's scale: never a smaller margin, and the bound keeps the scale the
    // gate's comparisons are cheapest at.
    BigDecimal margin =
        level.abs().multiply(APPROACH_FRACTION).setScale(level.scale(), RoundingMode.CEILING);
    return up ? level.add(margin) : level.subtract(margin);
  }

  /** The band of a plan in its current state. */
  public static Band of(PlanState p) {
    PlanStatus status = p.getStatus();
    if (status == PlanStatus.ACTIVE && p.getPlan().strategy() != null) {
      // A strategy may end a plan that has not entered (exit-at-time cancels it at its time).
      return ALWAYS;
    }
    if (status == PlanStatus.ACTIVE) {
      boolean above = p.getEntryCondition() == EntryCondition.ABOVE;
      return new Band(
          above ? null : p.getEntryPrice(),
          above ? p.getEntryPrice() : null,
          p.getExpiresAt(),
          false);
    }
    if (p.isLive() && p.isFlattenRequested() && p.isFlattenRefused()) {
      // A refused flatten is sent again on a later tick, whatever its price.
      return p.getUncoveredQuantity() > 0 ? ALWAYS : NEVER;
    }
    if (!p.isLive() || p.isFlattenRequested()) {
      return NEVER;
    }
    if (p.isStopTriggered() && p.getUncoveredQuantity() > 0) {
      return ALWAYS;
    }
    if (p.getPlan().strategy() != null) {
      // A strategy reacts to what the levels do not show (the exchange clock, the ATR): its live
      // trade sees every tick of its symbol (docs/rules.md, "Strategies and the level gate").
      return ALWAYS;
    }
    if (p.getTrailingDistance() != null && p.getBestPrice() == null) {
      // A trailing stop the trader added to a live trade starts from the next tick of its symbol,
      // whatever its price (50-stops.drl); from then on its best price bounds the band.
      return ALWAYS;
    }
    Side side = p.getSide();
    BigDecimal protect = p.isStopTriggered() ? null : p.getActiveStop();
    BigDecimal profit = null;
    for (StopLevel s : p.getStops()) {
      if (s.getKind() == StopKind.ACTIVATED && !s.isEligible()) {
        profit = nearest(side, profit, s.getActivateAt());
      }
    }
    for (TargetLevel t : p.getTargets()) {
      if (!t.isFired()) {
        profit = nearest(side, profit, t.getPrice());
      }
    }
    if (p.getTrailingDistance() != null && p.getBestPrice() != null) {
      profit = nearest(side, profit, p.getBestPrice());
    }
    return side == Side.LONG
        ? new Band(protect, profit, null, false)
        : new Band(profit, protect, null, false);
  }

  /**
   * The profit-side level closest to the market: the lowest for a LONG, the highest for a SHORT.
   */
  private static BigDecimal nearest(Side side, BigDecimal current, BigDecimal candidate) {
    if (current == null) {
      return candidate;
    }
    return side.isBetter(candidate, current) ? current : candidate;
  }
}
