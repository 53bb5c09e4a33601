package com.tradeplan.server.ops;

import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.PlatformHealth;
import org.springframework.stereotype.Component;

/**
 * {@link Platform#health()} at most once per second (it pings the store): health checks and metric
 * scrapes share one reading.
 */
@Component
public class PlatformHealthSource {
  private static final long MAX_AGE_NANOS = 1_000_000_000L;
  private final Platform platform;
  private PlatformHealth last;
  private long lastNanos;

  public PlatformHealthSource(Platform platform) {
    this.platform = platform;
  }

  /** How many times the IB link was re-established since start. */
  public int brokerReconnects() {
    return platform.brokerReconnects();
  }

  /** True while the kill switch stops every new order (docs/operations.md, "Kill switch"). */
  public boolean killSwitchEngaged() {
    return platform.killSwitch().engaged();
  }

  /** The unrealized P&L of the positions this member runs, at the last prices. */
  public java.math.BigDecimal unrealizedPnl() {
    return platform.unrealizedPnl();
  }

  /**
   * The account/symbol pairs whose IB position differs from the sum of their plans' positions, as
   * the last position reconciliation confirmed them (docs/accounts.md): no IB request.
   */
  public int positionMismatches() {
    return platform.accounts().reconciliation().report().mismatches().size();
  }

  public synchronized PlatformHealth get() {
    long now = System.nanoTime();
    if (last == null || now - lastNanos > MAX_AGE_NANOS) {
      last = platform.health();
      lastNanos = now;
    }
    return last;
  }
}
