package com.tradeplan.engine.facts;

import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The sticky state of one trade's way out (lifecycle.md sections 4 and 7): the active stop, which
 * only tightens; the trailing stop's best price, which only improves; whether a stop triggered,
 * which stays so; whether the trader asked to flatten, and when the last flatten order was sent. It
 * keeps those one-way rules and throws {@link IllegalStateException} when a rule tries to break one
 * (the session alerts and skips that rule for the plan). The rules read and change it only through
 * {@link PlanState}'s getters and setters of the same names; it lives inside its {@link PlanState},
 * on the session's thread. Each change method returns whether anything changed, for the plan's
 * changed flag.
 */
final class ExitState {
  private final Plan plan;
  private BigDecimal activeStop;
  private BigDecimal bestPrice;
  private boolean stopTriggered;
  private boolean flattenRequested;
  private Instant flattenSentAt;
  // The trailing stop's distance: the plan's, until the trader changes it (issue 18).
  private BigDecimal trailingDistance;

  ExitState(PlanSnapshot s) {
    this.plan = s.plan();
    this.trailingDistance = plan.trailingStop() == null ? null : plan.trailingStop().distance();
    this.activeStop = s.activeStop();
    this.bestPrice = s.bestPrice();
    this.stopTriggered = s.stopTriggered();
    this.flattenRequested = s.flattenRequested();
    this.flattenSentAt = s.flattenSentAt();
  }

  BigDecimal activeStop() {
    return activeStop;
  }

  BigDecimal bestPrice() {
    return bestPrice;
  }

  boolean stopTriggered() {
    return stopTriggered;
  }

  boolean flattenRequested() {
    return flattenRequested;
  }

  Instant flattenSentAt() {
    return flattenSentAt;
  }

  BigDecimal trailingDistance() {
    return trailingDistance;
  }

  /** The trader set or changed the trailing distance. */
  void changeTrailingDistance(BigDecimal distance) {
    trailingDistance = distance;
  }

  /** See {@link PlanState#getTrailingLevel}. */
  BigDecimal trailingLevel() {
    if (bestPrice == null || trailingDistance == null) {
      return null;
    }
    BigDecimal d = trailingDistance;
    return plan.side() == Side.LONG ? bestPrice.subtract(d) : bestPrice.add(d);
  }

  /** See {@link PlanState#isFlattenRetryDue}. */
  boolean flattenRetryDue(Instant time) {
    return flattenSentAt == null
        || !time.isBefore(flattenSentAt.plus(PlanState.FLATTEN_RETRY_PACING));
  }

  /** See {@link PlanState#setActiveStop}: a looser level throws. */
  void tightenActiveStop(BigDecimal level) {
    if (activeStop != null && !plan.side().isBetter(level, activeStop)) {
      throw new IllegalStateException(
          "plan "
              + plan.id()
              + ": the active stop never loosens ("
              + activeStop
              + " -> "
              + level
              + ")");
    }
    activeStop = level;
  }

  /**
   * The active stop after a trader's change of exits that a rule let through: the tightest eligible
   * level the change left, looser too. The one way the active stop loosens (docs/rules.md).
   */
  void replaceActiveStop(BigDecimal level) {
    activeStop = level;
  }

  /** See {@link PlanState#setBestPrice}: only a better price counts. */
  boolean improveBestPrice(BigDecimal price) {
    if (bestPrice == null || plan.side().isBetter(price, bestPrice)) {
      bestPrice = price;
      return true;
    }
    return false;
  }

  /** See {@link PlanState#setStopTriggered}: a triggered stop stays triggered. */
  boolean triggerStop(boolean triggered) {
    if (!triggered && stopTriggered) {
      throw new IllegalStateException("plan " + plan.id() + ": a triggered stop stays triggered");
    }
    if (triggered != stopTriggered) {
      stopTriggered = true;
      return true;
    }
    return false;
  }

  /** See {@link PlanState#setFlattenRequested}: asked once, for good. */
  boolean requestFlatten(boolean requested) {
    if (requested && !flattenRequested) {
      flattenRequested = true;
      return true;
    }
    return false;
  }

  /** A flatten order was recorded at {@code time}: the next retry waits its pacing from there. */
  void flattenSent(Instant time) {
    flattenSentAt = time;
  }
}
