package com.tradeplan.broker.tws;

import java.math.BigDecimal;
import java.util.List;

/**
 * Callbacks from the TWS connection, shaped like IB's {@code EWrapper} (only what an executor
 * needs). All are called on the connection's single reader thread, in wire order. A throw is caught
 * and logged by the reader, which goes on with the next message: it never kills the reader.
 */
public interface EWrapper {
  /** The next order id the server accepts; after connect and after reqIds. */
  default void nextValidId(int orderId) {}

  /** Comma-separated account codes this login may trade. */
  default void managedAccounts(String accountsList) {}

  default void tickPrice(int tickerId, int field, BigDecimal price, int attribMask) {}

  default void tickSize(int tickerId, int field, BigDecimal size) {}

  /** Tick-by-tick Last / AllLast; {@code time} is unix seconds. */
  default void tickByTickAllLast(
      int reqId,
      int tickType,
      long time,
      BigDecimal price,
      BigDecimal size,
      int attribMask,
      String exchange,
      String specialConditions) {}

  default void orderStatus(
      int orderId,
      String status,
      BigDecimal filled,
      BigDecimal remaining,
      BigDecimal avgFillPrice,
      long permId,
      int parentId,
      BigDecimal lastFillPrice,
      int clientId,
      String whyHeld,
      BigDecimal mktCapPrice) {}

  default void openOrder(int orderId, Contract contract, TwsOrder order, OrderState state) {}

  default void openOrderEnd() {}

  default void execDetails(int reqId, Contract contract, Execution execution) {}

  default void execDetailsEnd(int reqId) {}

  default void commissionReport(CommissionReport report) {}

  default void position(String account, Contract contract, BigDecimal pos, BigDecimal avgCost) {}

  default void positionEnd() {}

  default void currentTime(long time) {}

  /** One contract matching reqContractDetails {@code reqId}; several may come before the end. */
  default void contractDetails(int reqId, ContractDetails details) {}

  /** Every contract matching reqContractDetails {@code reqId} has been sent. */
  default void contractDetailsEnd(int reqId) {}

  /**
   * The bands of market rule {@code marketRuleId}, answering reqMarketRule (IB keys the answer by
   * the rule's id; there is no request id). {@code increments} is in IB's order, at most 1,000.
   */
  default void marketRule(int marketRuleId, List<PriceIncrement> increments) {}

  /** id is the order or request id, or -1 for connection-level messages. */
  default void error(int id, int errorCode, String errorMsg, String advancedOrderRejectJson) {}

  /**
   * A message was skipped: it could not be decoded ({@code reason} says why), or a callback threw
   * on it. {@code msgId} is its message id, or -1 when even that was unreadable. The reader goes on
   * with the next message.
   */
  default void messageSkipped(int msgId, String reason) {}

  /**
   * The connection's watchdog found the link dead ({@link Liveness}: nothing received, or a write
   * blocked, for the bound); {@link #connectionClosed} follows at once. Not called for other ends.
   */
  default void linkDead(String reason) {}

  /**
   * The reader thread has been inside one callback for the dead-link bound ({@link Liveness}),
   * measured by the heartbeat thread in its own running time: nothing IB sends on this connection
   * (prices, order statuses, fills) is being processed. Called once per stall, on the heartbeat
   * thread; {@code reason} names how long and where the reader is (its top frames). The link is
   * left as it is: IB is not the cause.
   */
  default void readerStalled(String reason) {}

  /** The stalled reader came back from its callback; called on the reader thread. */
  default void readerResumed(String reason) {}

  /** The connection ended (by either side or by a broken stream). Called once per connection. */
  default void connectionClosed(String reason) {}
}
