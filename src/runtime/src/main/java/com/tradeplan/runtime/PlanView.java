package com.tradeplan.runtime;

import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;

/**
 * A plan as a trader sees it: its state, the symbol's last price, and the open position's
 * unrealized P&L at that price (null when flat or no price is known). {@code snapshot.version()} is
 * the version to send back with an edit.
 */
public record PlanView(PlanSnapshot snapshot, BigDecimal lastPrice, BigDecimal unrealizedPnl) {}
