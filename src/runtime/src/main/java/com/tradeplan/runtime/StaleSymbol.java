package com.tradeplan.runtime;

import java.time.Instant;

/**
 * A symbol whose plans get no ticks: watched here, its market open, and no tick for longer than the
 * configured bound.
 *
 * @param lastTickAt when its last tick arrived (null: none since it was subscribed)
 * @param quietMillis milliseconds without a tick, counted from the last tick, the subscription or
 *     the session's open, whichever came last
 * @param plans plans watched here on it
 */
public record StaleSymbol(String symbol, Instant lastTickAt, long quietMillis, int plans) {}
