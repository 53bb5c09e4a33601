package com.tradeplan.gateway;

import java.util.List;

/**
 * Which orders the simulated exchange refuses (IB error 201, "Order rejected"): malformed ones
 * (quantity, action, an order type it does not simulate, missing prices, GTD without a date, an
 * account the gateway does not manage), and those a configured {@link RejectRule} refuses. (Numbers
 * and texts out of bounds never get this far: {@link FieldCheck} refuses them while reading.) Pure
 * functions of the order and the rules; the exchange asks {@link #malformed} first, then its own
 * limits and its injected fault, then {@link #ruledOut}.
 */
final class OrderValidation {
  private OrderValidation() {}

  /** Why the order cannot be simulated as sent to one of {@code managedAccounts}, or null. */
  static String malformed(SimOrder o, List<String> managedAccounts) {
    if (o.totalQuantity == null || o.totalQuantity.signum() <= 0) {
      return "quantity must be > 0";
    }
    if (!"BUY".equals(o.action) && !"SELL".equals(o.action)) {
      return "action must be BUY or SELL";
    }
    String prices = missingPrices(o);
    if (prices != null) {
      return prices;
    }
    if ("GTD".equals(o.tif) && o.expiresAt == null) {
      return "GTD needs a valid goodTillDate";
    }
    if (!managedAccounts.contains(o.account)) {
      return "account " + o.account + " is not managed by this gateway";
    }
    return null;
  }

  /** The first configured rule's reason to refuse the order, or null when none refuses it. */
  static String ruledOut(SimOrder o, List<RejectRule> rules) {
    for (RejectRule rule : rules) {
      String reason = rule.check(o.symbol, o.action, o.totalQuantity, o.orderType);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  private static String missingPrices(SimOrder o) {
    switch (o.orderType) {
      case "MKT" -> {
        return null;
      }
      case "LMT" -> {
        return o.lmtPrice == null || o.lmtPrice.signum() <= 0 ? "limit price missing" : null;
      }
      case "STP" -> {
        return o.auxPrice == null || o.auxPrice.signum() <= 0 ? "stop price missing" : null;
      }
      case "STP LMT" -> {
        return o.auxPrice == null || o.lmtPrice == null ? "stop and limit price needed" : null;
      }
      default -> {
        return "order type " + o.orderType + " is not simulated";
      }
    }
  }
}
