package com.tradeplan.domain.broker;

import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import java.math.BigDecimal;

/**
 * Reports from the broker. Called on the broker's own thread; implementations hand the report to
 * the owning session's inbox and return at once. A throw is logged by the broker and the report is
 * dropped for that listener only, so listeners must not throw.
 */
public interface BrokerListener {
  /** An order's status changed (or was repeated: duplicates are possible and must be harmless). */
  void onOrderUpdate(OrderUpdate update);

  /** An execution: the actual quantity and price. Replays after a reconnect carry the same id. */
  void onFill(Fill fill);

  /** IB sends commissions separately from executions; this attaches one to an execution. */
  default void onCommission(String executionId, OrderRef ref, BigDecimal commission) {}
}
