package com.tradeplan.store;

import com.tradeplan.domain.history.PlanEvent;

/**
 * One stored history entry: its position {@code seq} in the plan's history (0-based, gap-free when
 * written by {@link TradeWriter}) and the snapshot {@code version} it was written with (-1 when
 * unknown).
 */
public record RecordedEvent(long seq, long version, PlanEvent event) {}
