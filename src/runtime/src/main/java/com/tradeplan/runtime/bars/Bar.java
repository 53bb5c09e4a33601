package com.tradeplan.runtime.bars;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One OHLC bar of last prices: the ticks whose time falls in {@code [start, start + interval)}, in
 * the order they arrived. {@code ticks} counts them (at least 1: a second or minute without a tick
 * has no bar). An immutable value.
 */
public record Bar(
    Instant start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, int ticks) {}
