package com.tradeplan.runtime;

import com.tradeplan.engine.EngineMetrics;
import java.math.BigDecimal;

/**
 * Where the platform pushes what it measures: the engine's numbers plus the broker's send-to-ack
 * latency, the replication wait before a send and the operator alerts by kind. The server binds it
 * to Micrometer; {@link #NONE} records nothing. Called on engine and broker threads:
 * implementations must be cheap, thread-safe, and must not throw.
 */
public interface MetricsSink extends EngineMetrics {
  /** Nanoseconds from writing an order to IB until IB's first status report for it. */
  default void orderAcknowledged(long nanos) {}

  /**
   * Nanoseconds one engine call's order intents waited for the cluster to replicate them (on the
   * owner and its synchronous backups) before any of them could be sent; on the lane thread.
   */
  default void replicatedBeforeSend(long nanos) {}

  /** An operator alert was raised; {@code kind} is its stable code (UNKNOWN_BROKER_ORDER, ...). */
  default void alertRaised(String kind) {}

  /**
   * A fill of a slippage-protected entry slipped {@code ticks} against its trigger price (positive:
   * worse for the trader); on the lane thread.
   */
  default void entrySlipped(BigDecimal ticks) {}

  MetricsSink NONE = new MetricsSink() {};
}
