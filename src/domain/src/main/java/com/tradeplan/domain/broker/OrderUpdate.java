package com.tradeplan.domain.broker;

import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import java.util.Objects;

/**
 * A status report for one order. {@code rejected} marks a broker refusal (IB error 201 and the
 * like) with its {@code reason}; the status is then CANCELLED or INACTIVE as IB reports it. A local
 * refusal is not a rejection: it is the status {@link OrderStatus#DENIED} with the reason naming
 * the limit ({@link #denied}), and {@code rejected} is false.
 */
public record OrderUpdate(OrderRef ref, OrderStatus status, boolean rejected, String reason) {
  public OrderUpdate {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(status, "status");
  }

  public static OrderUpdate status(OrderRef ref, OrderStatus status) {
    return new OrderUpdate(ref, status, false, null);
  }

  public static OrderUpdate rejected(OrderRef ref, String reason) {
    return new OrderUpdate(ref, OrderStatus.CANCELLED, true, reason);
  }

  /** The order never left Tradeplan: {@code reason} names the limit that refused it. */
  public static OrderUpdate denied(OrderRef ref, String reason) {
    return new OrderUpdate(ref, OrderStatus.DENIED, false, reason);
  }
}
