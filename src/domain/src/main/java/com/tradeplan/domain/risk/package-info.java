/**
 * Risk limits as data (issue 14, point 2): which limits exist ({@link RiskLimits}), at which layer
 * they are set ({@link LimitScope}), one stored version of a layer ({@link LimitSetVersion}) and
 * how the layers combine into the limits that hold for one order ({@link LimitLayers}: the tightest
 * value of every layer that sets one wins).
 *
 * <p>Owns the vocabulary and the combination rule only. Must never: count positions or orders,
 * refuse an order (the broker's {@code RiskGate} does that), do I/O, or use {@code double} for
 * money.
 */
package com.tradeplan.domain.risk;
