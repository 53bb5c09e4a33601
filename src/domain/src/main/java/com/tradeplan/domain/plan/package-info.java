/**
 * What a trader enters: a {@link com.tradeplan.domain.plan.Plan} and its parts (instrument, side,
 * entry, stops, targets, trailing stop), the {@link com.tradeplan.domain.plan.PlanDraft} it is
 * typed as, and {@link com.tradeplan.domain.plan.PlanValidator}, the only maker of plans, which
 * reports every invalid field at once as a value, each price against the increment of the tick grid
 * at that price ({@link com.tradeplan.domain.plan.TickBands}, IB's market rules). The ports {@link
 * com.tradeplan.domain.plan.TickSizes} and {@link com.tradeplan.domain.plan.MarketHours} say where
 * grids and hours come from. {@link com.tradeplan.domain.plan.PlanStatus} and {@link
 * com.tradeplan.domain.plan.TradeStatus} each have their one transition table.
 *
 * <p>It must never round a price onto the tick grid (an off-grid price is an error), throw for an
 * invalid input (that is a result), or decide the lifecycle after validation (the rules do).
 */
package com.tradeplan.domain.plan;
