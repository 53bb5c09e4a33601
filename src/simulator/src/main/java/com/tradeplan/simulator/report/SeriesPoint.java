package com.tradeplan.simulator.report;

import java.math.BigDecimal;

/** One point of a series over a run: the tick index and the value after that tick. */
public record SeriesPoint(long tick, BigDecimal value) {}
