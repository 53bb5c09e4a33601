package com.tradeplan.bench.peers.plain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * When a plan must look at a tick of its symbol: at or below {@code low}, at or above {@code high},
 * after {@code after}, or on every tick ({@code always}); a null bound never wakes. The same quiet
 * band as the engine's {@code Band}, computed from a {@link PlainPlan}.
 */
public record Wake(BigDecimal low, BigDecimal high, Instant after, boolean always) {
  public static final Wake NEVER = new Wake(null, null, null, false);
  public static final Wake ALWAYS = new Wake(null, null, null, true);
}
