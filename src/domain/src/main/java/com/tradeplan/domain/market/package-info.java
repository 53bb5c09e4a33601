/**
 * Market data as the engine sees it: a {@link com.tradeplan.domain.market.Tick} (symbol, time, last
 * price, optional bid, ask and volume).
 *
 * <p>It must never know where ticks come from (IB, the paper gateway, a tick file): that is the
 * caller's.
 */
package com.tradeplan.domain.market;
