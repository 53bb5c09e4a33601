package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The entry trigger: an order is sent when {@code condition} holds on a tick's last price. Without
 * {@code maxSlippageTicks} it is a market order; with it, a marketable limit order at the trigger
 * price moved that many ticks against the trader ({@link #limitPrice}: up for a buy, down for a
 * sell), so that the entry never fills worse than that (docs/risk.md, "Slippage protection").
 */
public record Entry(
    EntryCondition condition, BigDecimal price, Instant expiresAt, Integer maxSlippageTicks) {
  /** The largest slippage a plan may allow, in ticks. */
  public static final int MAX_SLIPPAGE_TICKS_MAX = 1_000;

  public Entry {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(price, "price");
    if (maxSlippageTicks != null
        && (maxSlippageTicks < 0 || maxSlippageTicks > MAX_SLIPPAGE_TICKS_MAX)) {
      throw new IllegalArgumentException("maxSlippageTicks outside 0.." + MAX_SLIPPAGE_TICKS_MAX);
    }
  }

  /** A market entry (no slippage protection). */
  public Entry(EntryCondition condition, BigDecimal price, Instant expiresAt) {
    this(condition, price, expiresAt, null);
  }

  /** This entry with {@code ticks} of slippage protection (null: a market entry). */
  public Entry withMaxSlippageTicks(Integer ticks) {
    return new Entry(condition, price, expiresAt, ticks);
  }

  /**
   * The limit price of a slippage-protected entry: the trigger price plus (a buy) or minus (a sell)
   * {@code maxSlippageTicks} ticks of {@code tickSize}. It stays on the tick grid because the
   * trigger price is on it. Null for a market entry.
   */
  public BigDecimal limitPrice(Side side, BigDecimal tickSize) {
    if (maxSlippageTicks == null) {
      return null;
    }
    BigDecimal move = tickSize.multiply(BigDecimal.valueOf(maxSlippageTicks));
    return side == Side.LONG ? price.add(move) : price.subtract(move);
  }
}
