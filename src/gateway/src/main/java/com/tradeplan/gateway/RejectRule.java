package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.util.Set;

/** A configurable reason for the simulated exchange to reject an order with error 201. */
@FunctionalInterface
public interface RejectRule {
  /** Returns the rejection reason, or null to let the order through. */
  String check(String symbol, String action, BigDecimal quantity, String orderType);

  static RejectRule maxQuantity(BigDecimal max) {
    return (s, a, q, t) -> q.compareTo(max) > 0 ? "quantity " + q + " exceeds " + max : null;
  }

  static RejectRule symbols(Set<String> refused) {
    return (s, a, q, t) -> refused.contains(s) ? "symbol " + s + " is not tradable here" : null;
  }
}
