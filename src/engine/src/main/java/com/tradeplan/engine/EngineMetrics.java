package com.tradeplan.engine;

/**
 * What the engine measures, pushed to whoever records it (the server binds it to Micrometer).
 * Called on lane threads: implementations must be cheap and thread-safe, and must not throw.
 */
public interface EngineMetrics {
  /**
   * A tick that led to orders: nanoseconds from the tick's arrival at the engine (before its lane's
   * inbox) to the intents being handed to the broker port.
   */
  default void tickToDecision(long nanos) {}

  /** A rule fired (its name, as in the rule files). */
  default void ruleFired(String rule) {}

  /** An order was handed to the broker port. */
  default void orderSent() {}

  EngineMetrics NONE = new EngineMetrics() {};
}
