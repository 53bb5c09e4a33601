package com.tradeplan.domain.state;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import java.util.Objects;

/**
 * One order of a plan as far as Tradeplan knows: recorded (CREATED) before it is sent, then updated
 * from broker reports. {@code rule} is the rule that decided it.
 */
public record OrderSnapshot(
    OrderRef ref,
    OrderAction action,
    long quantity,
    long filledQuantity,
    OrderStatus status,
    String rule) {
  public OrderSnapshot {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    if (quantity <= 0 || filledQuantity < 0 || filledQuantity > quantity) {
      throw new IllegalArgumentException(
          "order " + ref + ": quantity " + quantity + ", filled " + filledQuantity);
    }
  }
}
