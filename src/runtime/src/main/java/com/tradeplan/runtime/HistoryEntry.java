package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;

/**
 * One entry of a plan's append-only history, with its sequence number within the plan. An immutable
 * value.
 */
public record HistoryEntry(long seq, PlanEvent event) {}
