package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The entry trigger: a market order is sent when {@code condition} holds on a tick's last price.
 */
public record Entry(EntryCondition condition, BigDecimal price, Instant expiresAt) {
  public Entry {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(price, "price");
  }
}
