/**
 * Recent market data for charts (issue 18, point 3): per symbol, the ticks this member receives
 * compressed into 1-second and 1-minute OHLC bars in a bounded window ({@link
 * com.tradeplan.runtime.bars.RecentBars}).
 *
 * <p>It owns the bars and their bounds, nothing else. It must never decide anything about trading
 * (the engine sees every tick itself, not these bars), never block or throw on the market-data
 * reader thread that feeds it, and never allocate per tick beyond a bar that completes.
 */
package com.tradeplan.runtime.bars;
