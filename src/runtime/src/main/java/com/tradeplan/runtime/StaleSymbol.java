package com.tradeplan.runtime;

import java.time.Instant;

/**
 * A symbol whose plans get no ticks: watched here, and either its market open and no tick for
 * longer than the configured bound, or its market data refused by IB (at once, market open or not).
 *
 * @param lastTickAt when its last tick arrived (null: none since it was subscribed)
 * @param quietMillis milliseconds without a tick while its market was open, counted from the last
 *     tick, the subscription or the session's open, whichever came last (0 while it is closed)
 * @param plans plans watched here on it
 * @param refusedBecause IB's refusal of its market data ("IB 354: ..."), or null
 */
public record StaleSymbol(
    String symbol, Instant lastTickAt, long quietMillis, int plans, String refusedBecause) {

  /** A symbol stale because it has been quiet too long (its data was not refused). */
  public StaleSymbol(String symbol, Instant lastTickAt, long quietMillis, int plans) {
    this(symbol, lastTickAt, quietMillis, plans, null);
  }
}
