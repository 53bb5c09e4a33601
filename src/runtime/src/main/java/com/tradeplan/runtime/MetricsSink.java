package com.tradeplan.runtime;

import com.tradeplan.engine.EngineMetrics;

/**
 * Where the platform pushes what it measures: the engine's numbers plus the broker's send-to-ack
 * latency. The server binds it to Micrometer; {@link #NONE} records nothing. Called on engine and
 * broker threads: implementations must be cheap, thread-safe, and must not throw.
 */
public interface MetricsSink extends EngineMetrics {
  /** Nanoseconds from writing an order to IB until IB's first status report for it. */
  default void orderAcknowledged(long nanos) {}

  MetricsSink NONE = new MetricsSink() {};
}
