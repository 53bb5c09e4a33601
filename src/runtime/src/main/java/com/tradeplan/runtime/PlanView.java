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
 */
public record PlanView(
    PlanSnapshot snapshot,
    BigDecimal lastPrice,
    BigDecimal unrealizedPnl,
    Instant lastTickAt,
    boolean ticksStale) {}
