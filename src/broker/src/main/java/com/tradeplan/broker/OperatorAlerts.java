package com.tradeplan.broker;

/**
 * Where the broker tells the operator about things a human must look at: an order or execution at
 * the broker that Tradeplan did not make (never adopted, never cancelled), pacing violations, lost
 * connectivity, orders whose fate is unknown after a reconnect. Implementations must not block or
 * throw; the default logs only.
 */
@FunctionalInterface
public interface OperatorAlerts {
  /** {@code kind} is a stable code such as {@code UNKNOWN_BROKER_ORDER}; message is for humans. */
  void alert(String kind, String message);
}
