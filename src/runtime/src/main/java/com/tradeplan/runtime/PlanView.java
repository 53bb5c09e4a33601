package com.tradeplan.runtime;

import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A plan as a trader sees it: its state, the symbol's last price, and the open position's
 * unrealized P&L at that price (null when flat or no price is known). {@code snapshot.version()} is
 * the version to send back with an edit.
 *
 * @param lastTickAt when the last tick of the plan's symbol reached this member (null: none yet, or
 *     the plan is not watched here)
 * @param ticksStale the plan is watched and its symbol has had no tick for too long while its
 *     market is open: its stops and targets are not being checked against fresh prices
 * @param createdAt when the plan was stored, as its document says; null when the view was made from
 *     the engine's state alone (a live update)
 * @param endedAt when the plan ended, as its document says; null while open, and for a plan whose
 *     end the store has not written yet
 */
public record PlanView(
    PlanSnapshot snapshot,
    BigDecimal lastPrice,
    BigDecimal unrealizedPnl,
    Instant lastTickAt,
    boolean ticksStale,
    Instant createdAt,
    Instant endedAt) {
  /** A view without the stored times: made from the engine's state. */
  public PlanView(
      PlanSnapshot snapshot,
      BigDecimal lastPrice,
      BigDecimal unrealizedPnl,
      Instant lastTickAt,
      boolean ticksStale) {
    this(snapshot, lastPrice, unrealizedPnl, lastTickAt, ticksStale, null, null);
  }
}
