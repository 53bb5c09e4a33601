package com.tradeplan.engine;

/**
 * What the engine measures, pushed to whoever records it (the server binds it to Micrometer).
 * Called on lane threads: implementations must be cheap and thread-safe, and must not throw.
 */
public interface EngineMetrics {
  /**
   * A tick that led to orders: nanoseconds from the tick's arrival at the engine (before its lane's
   * queue; for a batch of ticks that waited, the arrival of the batch's first tick) to the intents
   * being handed to the broker port.
   */
  default void tickToDecision(long nanos) {}

  /** A rule fired (its name, as in the rule files). */
  default void ruleFired(String rule) {}

  /** An order was handed to the broker port. */
  default void orderSent() {}

  /**
   * A lane that fell behind evaluated a batch of one symbol's waiting ticks as a shorter path:
   * {@code count} ticks were folded into it and not evaluated on their own (none was dropped).
   */
  default void ticksCoalesced(long count) {}

  EngineMetrics NONE = new EngineMetrics() {};
}
