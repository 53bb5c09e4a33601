package com.tradeplan.gateway;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders the simulated exchange keeps, of every client, in arrival order, with each client's
 * highest order id (IB refuses an id at or below it with 103). Bounded: at most {@code
 * historyCapacity} orders (finished ones are forgotten first; when every kept order still works, a
 * new one is refused) and {@code workingOrdersPerClientMax} working orders per client; the highest
 * ids by the client ids the gateway admits. Not thread-safe: guarded by the exchange's lock.
 */
final class OrderBook {
  private final GatewayConfig config;
  private final Map<Long, SimOrder> orders = new LinkedHashMap<>();
  private final Map<Integer, Integer> highestOrderId = new HashMap<>();

  OrderBook(GatewayConfig config) {
    this.config = config;
  }

  /** The client's order with that id, finished or not; null when none is kept. */
  SimOrder get(int clientId, int orderId) {
    return orders.get(key(clientId, orderId));
  }

  /** Every kept order, live: iterate under the exchange's lock, copy before changing the book. */
  Collection<SimOrder> all() {
    return orders.values();
  }

  /** A copy of every kept order, for loops that cancel or fill as they go. */
  List<SimOrder> snapshot() {
    return List.copyOf(orders.values());
  }

  void add(SimOrder o) {
    orders.put(key(o.clientId, o.orderId), o);
  }

  int nextValidId(int clientId) {
    return Math.max(config.firstOrderId, highestOrderId.getOrDefault(clientId, 0) + 1);
  }

  /** True when the id is at or below the client's highest used id. */
  boolean used(int clientId, int orderId) {
    return orderId <= highestOrderId.getOrDefault(clientId, 0);
  }

  void use(int clientId, int orderId) {
    highestOrderId.merge(clientId, orderId, Math::max);
  }

  /**
   * The limit a new order of the client would break: every kept order still working (finished ones
   * are forgotten first), or the client's working orders at their limit. Null when none.
   */
  String overLimit(int clientId) {
    if (orders.size() >= config.historyCapacity) {
      orders.values().removeIf(SimOrder::isDone);
      if (orders.size() >= config.historyCapacity) {
        return "the gateway keeps " + orders.size() + " orders, all still working: its limit";
      }
    }
    if (orders.size() < config.workingOrdersPerClientMax) {
      return null; // no client can be at its limit: spare the count
    }
    long working =
        orders.values().stream().filter(o -> o.clientId == clientId && !o.isDone()).count();
    if (working >= config.workingOrdersPerClientMax) {
      return "client " + clientId + " has " + working + " working orders, its limit";
    }
    return null;
  }

  long openCount() {
    return orders.values().stream().filter(o -> !o.isDone()).count();
  }

  private static long key(int clientId, int orderId) {
    return ((long) clientId << 32) | (orderId & 0xFFFFFFFFL);
  }
}
