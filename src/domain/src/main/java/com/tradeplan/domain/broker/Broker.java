package com.tradeplan.domain.broker;

import com.tradeplan.domain.order.OrderRef;

/**
 * The one port through which order intents leave the engine: the IB executor, the paper gateway
 * client and the simulator's market all implement it. Reports come back through {@link
 * BrokerListener}.
 *
 * <p>Implementations must not block the calling session thread on network I/O: they queue (bounded)
 * and return.
 */
public interface Broker {
  /**
   * Sends a new order. Sending the same {@link OrderRef} twice must never reach the market twice.
   */
  SubmitResult submit(OrderRequest request);

  /** Asks for the unfilled remainder of an order to be cancelled. */
  SubmitResult cancel(OrderRef ref);

  /** Where status reports and fills go. Set once, before the first submit. */
  void setListener(BrokerListener listener);
}
