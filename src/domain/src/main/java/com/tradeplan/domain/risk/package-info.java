/**
 * Risk limits as data (issue 14, point 2): which limits exist ({@link RiskLimits}), at which layer
 * they are set ({@link LimitScope}), one stored version of a layer ({@link LimitSetVersion}) and
 * how the layers combine into the limits that hold for one order ({@link LimitLayers}: the tightest
 * value of every layer that sets one wins), the tier table by price band ({@link PriceTiers}) and
 * the sizing of an entry from an amount at risk with its commissions and every cap ({@link
 * EntrySizing}).
 *
 * <p>Owns the vocabulary, the combination rule and the sizing arithmetic only. Must never: count
 * positions or orders, refuse an order (the broker's {@code RiskGate} does that), do I/O, or use
 * {@code double} for money.
 */
package com.tradeplan.domain.risk;
