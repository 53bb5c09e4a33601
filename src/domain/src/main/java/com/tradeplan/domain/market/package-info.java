/**
 * Market data as the engine sees it: a {@link com.tradeplan.domain.market.Tick} (symbol, time, last
 * price, optional bid, ask and volume), and when an instrument trades: {@link
 * com.tradeplan.domain.market.TradingHours} (IB's hours text as a bounded model) and the {@link
 * com.tradeplan.domain.market.TradingHoursRule} entries must keep to.
 *
 * <p>It must never know where ticks come from (IB, the paper gateway, a tick file): that is the
 * caller's.
 */
package com.tradeplan.domain.market;
