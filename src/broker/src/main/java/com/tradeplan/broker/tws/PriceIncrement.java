package com.tradeplan.broker.tws;

import java.math.BigDecimal;

/**
 * One band of an IB market rule, as the {@code marketRule} message carries it: from {@code lowEdge}
 * on, prices move in steps of {@code increment}. Both are as IB wrote them (never null: a missing
 * number makes the message malformed).
 */
public record PriceIncrement(BigDecimal lowEdge, BigDecimal increment) {}
