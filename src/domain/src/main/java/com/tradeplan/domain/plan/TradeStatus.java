package com.tradeplan.domain.plan;

import com.tradeplan.domain.IllegalTransitionException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The trade status of lifecycle.md section 2. LIVE only on a confirmed entry fill, CLOSED only when
 * confirmed exit fills bring the position to exactly zero.
 */
public enum TradeStatus {
  PENDING,
  LIVE,
  CLOSED,
  CANCELLED;

  /** The one transition table: every pair not listed here is refused. */
  private static final Map<TradeStatus, Set<TradeStatus>> NEXT =
      Map.of(
          PENDING, EnumSet.of(LIVE, CANCELLED),
          LIVE, EnumSet.of(CLOSED),
          CLOSED, EnumSet.noneOf(TradeStatus.class),
          CANCELLED, EnumSet.noneOf(TradeStatus.class));

  public boolean canMoveTo(TradeStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** Returns {@code next} when the table allows it; staying put is always allowed. */
  public TradeStatus moveTo(TradeStatus next) {
    if (next != this && !canMoveTo(next)) {
      throw new IllegalTransitionException("trade status", this, next);
    }
    return next;
  }

  public boolean isTerminal() {
    return NEXT.get(this).isEmpty();
  }
}
