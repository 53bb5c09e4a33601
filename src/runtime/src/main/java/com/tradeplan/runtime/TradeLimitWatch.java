package com.tradeplan.runtime;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits that exit an open trade (docs/risk.md, "Limits that exit a trade"): the maximum loss
 * per trade ({@code maxLossPerTrade}) and the maximum holding time ({@code maxHoldingSeconds}).
 * Every {@link #check} looks at each live plan this member runs that holds a position and has not
 * been flattened, against the limits of its order (every layer: platform, account, user, plan;
 * tightest wins):
 *
 * <ul>
 *   <li><b>loss per trade</b>: the plan's realized P&amp;L after commissions plus its unrealized
 *       P&amp;L at the last price ({@link PlanReads#view}) at or below minus the limit;
 *   <li><b>holding time</b>: the time since the plan's first entry fill (its history's first FILL
 *       of the entry) at or beyond the limit.
 * </ul>
 *
 * <p>Either sends the plan a FLATTEN ({@link TraderCommand#flattenBy}) naming the limit, its value
 * and the figure: the lifecycle's flatten cancels what works and sends one market exit of the
 * position once the cancels are confirmed, retried until flat; an exit is never refused by a limit
 * or a rate, and the history records the limit as the flatten's action.
 *
 * <p>Runs on the platform's timer every second; never throws (a throw would cancel the timer's
 * task). Bounds: the first-fill times and the flattens sent are kept for the plans monitored here
 * only (dropped when a plan leaves), one history read per plan when a holding time applies to it.
 */
final class TradeLimitWatch {
  private static final Logger LOG = LoggerFactory.getLogger(TradeLimitWatch.class);

  /** Who the history names as the flatten's author. */
  static final String ACTOR = "risk limits";

  private final PlanReads reads;
  private final Supplier<LimitLayers> layers;
  private final Supplier<LaneEngine> engine;
  private final Function<String, List<PlanEvent>> history;
  private final Clock clock;

  private final Map<String, Instant> firstFillAt = new HashMap<>();
  private final Set<String> flattened = new HashSet<>();

  /**
   * @param history a plan's recorded history (the store's), read once per plan for its first fill
   */
  TradeLimitWatch(
      PlanReads reads,
      Supplier<LimitLayers> layers,
      Supplier<LaneEngine> engine,
      Function<String, List<PlanEvent>> history,
      Clock clock) {
    this.reads = reads;
    this.layers = layers;
    this.engine = engine;
    this.history = history;
    this.clock = clock;
  }

  /** Checks every live plan here once; answers how many were sent a flatten. */
  synchronized int check() {
    int sent = 0;
    try {
      Map<String, PlanSnapshot> plans = reads.monitoredPlans();
      firstFillAt.keySet().retainAll(plans.keySet());
      flattened.retainAll(plans.keySet());
      LimitLayers now = layers.get();
      for (PlanSnapshot s : plans.values()) {
        if (!s.status().isLive()
            || s.position() == 0
            || s.flattenRequested()
            || flattened.contains(s.planId())) {
          continue;
        }
        RiskLimits limits = now.forOrder(s.account(), s.plan().owner(), s.planId());
        String reason = lossReason(limits.maxLossPerTrade(), s);
        if (reason == null) {
          reason = holdingReason(limits.maxHoldingSeconds(), s);
        }
        if (reason != null) {
          flatten(s, reason);
          sent++;
        }
      }
    } catch (RuntimeException e) {
      LOG.error(
          "the check of the loss per trade and the holding time failed; again in a second", e);
    }
    return sent;
  }

  /** Why the trade is past its maximum loss, or null. */
  private String lossReason(BigDecimal max, PlanSnapshot s) {
    if (max == null) {
      return null;
    }
    PlanView view = reads.view(s);
    if (view.unrealizedPnl() == null) {
      return null; // no price yet: the stops protect it meanwhile
    }
    BigDecimal pnl = s.realizedPnl().add(view.unrealizedPnl(), Decimals.MATH);
    if (pnl.negate().compareTo(max) < 0) {
      return null;
    }
    return "maximum loss per trade "
        + max.toPlainString()
        + " reached: realized "
        + money(s.realizedPnl())
        + " + unrealized "
        + money(view.unrealizedPnl())
        + " at the last price "
        + view.lastPrice().toPlainString()
        + " = "
        + money(pnl);
  }

  /** Why the trade is past its holding time, or null. */
  private String holdingReason(Long maxSeconds, PlanSnapshot s) {
    if (maxSeconds == null) {
      return null;
    }
    Instant since = firstFillAt.computeIfAbsent(s.planId(), this::firstEntryFill);
    if (since == null) {
      firstFillAt.remove(s.planId());
      return null; // not recorded yet: read again at the next check
    }
    long held = Duration.between(since, clock.instant()).toSeconds();
    if (held < maxSeconds) {
      return null;
    }
    return "maximum holding time "
        + maxSeconds
        + " s reached: in the trade "
        + held
        + " s since the first entry fill at "
        + since;
  }

  private Instant firstEntryFill(String planId) {
    for (PlanEvent e : history.apply(planId)) {
      if (e.type() == PlanEvent.Type.FILL && e.role() == OrderRole.ENTRY) {
        return e.time();
      }
    }
    return null;
  }

  private void flatten(PlanSnapshot s, String reason) {
    flattened.add(s.planId());
    LOG.warn("plan {}: {}: flattening", s.planId(), reason);
    engine
        .get()
        .command(s.plan().owner(), TraderCommand.flattenBy(s.planId(), ACTOR, reason))
        .whenComplete(
            (step, failure) -> {
              if (failure != null || !step.refused().isEmpty()) {
                synchronized (this) {
                  flattened.remove(s.planId()); // tried again at the next check
                }
                LOG.warn(
                    "plan {}: the limit's flatten was not taken; again in a second", s.planId());
              }
            });
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }
}
