package com.tradeplan.domain.plan;

import com.tradeplan.domain.IllegalTransitionException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The plan status (the seeds' <em>order status</em>) of lifecycle.md section 2, each with the trade
 * status it implies.
 */
public enum PlanStatus {
  DRAFT(TradeStatus.PENDING),
  ACTIVE(TradeStatus.PENDING),
  ENTRY_SUBMITTED(TradeStatus.PENDING),
  CONTINGENT_ACTIVE(TradeStatus.LIVE),
  CONTINGENT_SUBMITTED(TradeStatus.LIVE),
  INACTIVE(TradeStatus.CLOSED),
  CANCELLED(TradeStatus.CANCELLED),
  /** The broker refused the entry; the trade never existed, so its status is CANCELLED. */
  REJECTED(TradeStatus.CANCELLED);

  private final TradeStatus tradeStatus;

  PlanStatus(TradeStatus tradeStatus) {
    this.tradeStatus = tradeStatus;
  }

  /** The one transition table: every pair not listed here is refused. */
  private static final Map<PlanStatus, Set<PlanStatus>> NEXT = new EnumMap<>(PlanStatus.class);

  static {
    NEXT.put(DRAFT, EnumSet.of(ACTIVE, CANCELLED));
    NEXT.put(ACTIVE, EnumSet.of(ENTRY_SUBMITTED, CANCELLED));
    NEXT.put(ENTRY_SUBMITTED, EnumSet.of(CONTINGENT_ACTIVE, CANCELLED, REJECTED));
    NEXT.put(CONTINGENT_ACTIVE, EnumSet.of(CONTINGENT_SUBMITTED));
    NEXT.put(CONTINGENT_SUBMITTED, EnumSet.of(CONTINGENT_ACTIVE, INACTIVE));
    NEXT.put(INACTIVE, EnumSet.noneOf(PlanStatus.class));
    NEXT.put(CANCELLED, EnumSet.noneOf(PlanStatus.class));
    NEXT.put(REJECTED, EnumSet.noneOf(PlanStatus.class));
  }

  public TradeStatus tradeStatus() {
    return tradeStatus;
  }

  public boolean canMoveTo(PlanStatus next) {
    return NEXT.get(this).contains(next);
  }

  /**
   * Returns {@code next} when the table allows it; staying put is always allowed. The implied trade
   * status change is checked against {@link TradeStatus}'s own table as well.
   */
  public PlanStatus moveTo(PlanStatus next) {
    if (next == this) {
      return next;
    }
    if (!canMoveTo(next)) {
      throw new IllegalTransitionException("plan status", this, next);
    }
    tradeStatus.moveTo(next.tradeStatus);
    return next;
  }

  public boolean isTerminal() {
    return NEXT.get(this).isEmpty();
  }

  /** A trade exists: something filled and the position is being managed. */
  public boolean isLive() {
    return tradeStatus == TradeStatus.LIVE;
  }

  /** The engine watches this plan's ticks (lifecycle.md section 7: resumed after a restart). */
  public boolean isMonitored() {
    return this == ACTIVE || this == ENTRY_SUBMITTED || isLive();
  }
}
