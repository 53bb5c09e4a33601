package com.tradeplan.engine;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.engine.facts.PlanState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of a core's users rest, and when each is prepared ({@link UserSessions#prepare}). A user
 * whose plans all wait for entries far from the market holds no KieSession: the rule network's
 * memories of a plan's facts are most of a monitored plan's heap, and most plans never see their
 * level. Its plans are in the {@link LevelGate} with their approach bands ({@link Band#approach}),
 * so the gate wakes them while the price is still about 1% short of a level; that tick prepares the
 * user after its own steps are carried out, and the tick that crosses the level finds the user
 * prepared, as every user was before users could rest (the eager propagation that made the crossing
 * tick cheap). A gap across the level in one tick prepares the user before its step, which then
 * pays for it. Preparing changes nothing the rules decide ({@link UserSession#prepare}).
 *
 * <p>Owned by one {@link EngineCore} and its thread; it never steps a session, it only decides and
 * prepares, and it must never leave a prepared user's plan with its approach band in the gate (the
 * gate would wake it for ticks that cannot change it) nor a resting user's with its own band (the
 * crossing tick would pay the preparing).
 */
final class RestingUsers {
  private final LevelGate gate;
  private final IntradayRanges ranges;
  private final boolean gated;
  private final Function<String, UserSessions> userOfPlan;

  /**
   * @param userOfPlan the sessions of a plan's user in the core, or null when the plan is not there
   */
  RestingUsers(
      LevelGate gate,
      IntradayRanges ranges,
      boolean gated,
      Function<String, UserSessions> userOfPlan) {
    this.gate = gate;
    this.ranges = ranges;
    this.gated = gated;
    this.userOfPlan = userOfPlan;
  }

  /**
   * After a plan not ended was added to {@code s}: prepares a resting user that needs it now, else
   * registers the plan's band in the gate. A user is prepared at once when the gate is off (every
   * tick of the symbol steps it), the plan is past waiting for its entry (its entry order may fill
   * at any moment, and a live trade's stop must not pay for the preparing: a restore, a take-over),
   * its band wakes on every tick (a strategy), or the last price the core saw of its symbol is
   * already within its approach band or past its entry (its first tick would cross).
   */
  void added(UserSessions s, PlanState p) {
    if (!s.prepared() && preparedAtAdd(p)) {
      prepare(s);
    } else {
      register(s, p);
    }
  }

  private boolean preparedAtAdd(PlanState p) {
    if (!gated || p.getStatus() != PlanStatus.ACTIVE) {
      return true;
    }
    Band band = Band.of(p);
    BigDecimal last = ranges.last(p.getSymbol());
    return band.always() || last != null && band.approach().reachedBy(last);
  }

  /** Prepares a resting user and moves its plans to their own bands; nothing on a prepared one. */
  void prepare(UserSessions s) {
    if (s.prepared()) {
      return;
    }
    s.prepare();
    for (PlanState p : s.plans()) {
      if (!p.getStatus().isTerminal()) {
        register(s, p);
      }
    }
  }

  /** Registers a plan's band in the gate: its own, or its approach band while its user rests. */
  void register(UserSessions s, PlanState p) {
    Band band = Band.of(p);
    gate.update(p.getId(), p.getSymbol(), s.prepared() ? band : band.approach());
  }

  /**
   * Sorts the plans the gate woke for {@code tick}: a plan of a prepared user was woken by its own
   * band and stays; a plan of a resting user was woken by its approach band, and stays only if the
   * tick also reaches its own band (its level is crossed: the user is prepared now, before its
   * step); else its user goes to {@code approached}, to be prepared ({@link #prepare}) after the
   * tick's steps. Decided for every plan before any user is prepared, so a plan only approached is
   * never stepped because another plan of its user was crossed. Returns the plans to step.
   */
  Collection<String> crossedOrApproached(
      Collection<String> planIds, Tick tick, Set<UserSessions> approached) {
    List<String> woken = new ArrayList<>(planIds.size());
    Set<UserSessions> crossed = new LinkedHashSet<>();
    for (String planId : planIds) {
      UserSessions s = userOfPlan.apply(planId);
      if (s == null || s.prepared()) {
        woken.add(planId);
      } else if (Band.of(s.plan(planId)).wakes(tick.last(), tick.time())) {
        woken.add(planId);
        crossed.add(s);
      } else {
        approached.add(s);
      }
    }
    crossed.forEach(this::prepare);
    return woken;
  }
}
