package com.tradeplan.runtime;

/**
 * Why a kill switch is engaged. Each scope holds a set of these; the switch stays engaged while one
 * holds it, and each is released by its own rule (docs/kill-switch.md).
 */
public enum KillReason {
  /**
   * A person pressed it (an operator, or a trader on their own user): only an operator releases.
   */
  OPERATOR("operator", true),
  /**
   * A store writer that cannot take an engine lane's write: this member only, never stored, and
   * released by the writer draining ({@link KillSwitch}).
   */
  STORE_QUEUE_FULL("store write queue full", false),
  /** A daily loss limit was reached (a limits trigger): stored, released by an operator. */
  DAILY_LOSS_LIMIT("daily loss limit reached", true),
  /**
   * A user's cumulative loss limit was reached (a limits trigger): stored, released by an operator.
   */
  CUMULATIVE_LOSS_LIMIT("cumulative loss limit reached", true),
  /** Market data stale beyond its bound (an automatic trigger): stored, released by an operator. */
  MARKET_DATA_STALE("market data stale", true),
  /**
   * Store writes failing beyond their bound (an automatic trigger): stored once the store is back.
   */
  STORE_DOWN("store writes failing", true);

  private final String words;
  private final boolean stored;

  KillReason(String words, boolean stored) {
    this.words = words;
    this.stored = stored;
  }

  /** How refusals and screens name it. */
  public String words() {
    return words;
  }

  /** Whether it is stored (survives a restart, reaches every member) or this member's alone. */
  public boolean stored() {
    return stored;
  }
}
