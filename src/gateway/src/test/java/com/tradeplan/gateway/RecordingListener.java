package com.tradeplan.gateway;

import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the broker reports, for assertions with Awaitility. */
final class RecordingListener implements BrokerListener {
  final List<OrderUpdate> updates = new CopyOnWriteArrayList<>();
  final List<Fill> fills = new CopyOnWriteArrayList<>();
  final List<String> commissions = new CopyOnWriteArrayList<>();

  @Override
  public void onOrderUpdate(OrderUpdate update) {
    updates.add(update);
  }

  @Override
  public void onFill(Fill fill) {
    fills.add(fill);
  }

  @Override
  public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {
    commissions.add(executionId + " " + ref + " " + commission);
  }

  long filledQuantity(OrderRef ref) {
    return fills.stream().filter(f -> f.orderRef().equals(ref)).mapToLong(Fill::quantity).sum();
  }

  List<OrderUpdate> updatesOf(OrderRef ref) {
    return updates.stream().filter(u -> u.ref().equals(ref)).toList();
  }

  /** Whether {@code ref} was reported in {@code status} (at any time). */
  boolean reached(OrderRef ref, OrderStatus status) {
    return updates.stream().anyMatch(u -> u.ref().equals(ref) && u.status() == status);
  }

  /** The last update of each order reported so far. */
  Map<OrderRef, OrderUpdate> lastUpdates() {
    Map<OrderRef, OrderUpdate> last = new LinkedHashMap<>();
    updates.forEach(u -> last.put(u.ref(), u));
    return last;
  }
}
