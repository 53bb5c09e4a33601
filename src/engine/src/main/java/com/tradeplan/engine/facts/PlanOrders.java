package com.tradeplan.engine.facts;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.state.OrderSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The orders of one plan, in the order they were recorded, and the quantities the rules size exits
 * by. It lives inside its {@link PlanState}, on the session's thread; it is not a fact. Bounded: a
 * plan has a handful of roles and each role at most {@link PlanState#ATTEMPTS_MAX} attempts.
 */
final class PlanOrders {
  private final List<OrderRecord> orders = new ArrayList<>();

  PlanOrders(List<OrderSnapshot> snapshots) {
    for (OrderSnapshot o : snapshots) {
      orders.add(new OrderRecord(o));
    }
  }

  /** The live list, for the rules' {@code orders} property. */
  List<OrderRecord> list() {
    return orders;
  }

  List<OrderSnapshot> snapshots() {
    List<OrderSnapshot> out = new ArrayList<>(orders.size());
    orders.forEach(order -> out.add(order.snapshot()));
    return out;
  }

  OrderRecord find(OrderRef ref) {
    for (OrderRecord o : orders) {
      if (o.getRef().equals(ref)) {
        return o;
      }
    }
    return null;
  }

  boolean contains(OrderRecord order) {
    return orders.contains(order);
  }

  /** The attempt the next order of this role and index would be: 1 for the first. */
  int nextAttempt(OrderRole role, int index) {
    int attempt = 1;
    for (OrderRecord o : orders) {
      if (o.getRole() == role && o.getIndex() == index) {
        attempt++;
      }
    }
    return attempt;
  }

  /** The last order of this role and index (the highest attempt), or null when none was sent. */
  OrderRecord latest(OrderRole role, int index) {
    OrderRecord last = null;
    for (OrderRecord o : orders) {
      if (o.getRole() == role && o.getIndex() == index) {
        last = o;
      }
    }
    return last;
  }

  /** The quantity the orders of this role and index filled, all attempts together. */
  long filledQuantity(OrderRole role, int index) {
    long q = 0;
    for (OrderRecord o : orders) {
      if (o.getRole() == role && o.getIndex() == index) {
        q += o.getFilledQuantity();
      }
    }
    return q;
  }

  /** Records a new order in status CREATED (before it is sent). */
  void add(OrderRef ref, OrderAction action, long quantity, String rule) {
    orders.add(
        new OrderRecord(new OrderSnapshot(ref, action, quantity, 0, OrderStatus.CREATED, rule)));
  }

  /** The orders whose remainder is still wanted, in the order they were sent (a copy). */
  List<OrderRecord> activeWorking() {
    List<OrderRecord> out = new ArrayList<>();
    for (OrderRecord o : orders) {
      if (o.isActiveWorking()) {
        out.add(o);
      }
    }
    return out;
  }

  /** Quantity in exit orders that may still fill, pending cancels included. */
  long workingExitQuantity() {
    long q = 0;
    for (OrderRecord o : orders) {
      if (o.getRole().isExit() && o.isWorking()) {
        q += o.getRemainingQuantity();
      }
    }
    return q;
  }

  /** Exit quantity still waiting for a cancel confirmation. */
  long pendingCancelExitQuantity() {
    long q = 0;
    for (OrderRecord o : orders) {
      if (o.getRole().isExit() && o.isWorking() && o.getStatus() == OrderStatus.PENDING_CANCEL) {
        q += o.getRemainingQuantity();
      }
    }
    return q;
  }

  /** The entry order while its remainder is still wanted, else null. */
  OrderRecord workingEntry() {
    for (OrderRecord o : orders) {
      if (o.getRole() == OrderRole.ENTRY && o.isActiveWorking()) {
        return o;
      }
    }
    return null;
  }

  /** True when a local limit denied the entry order (it never reached the broker). */
  boolean entryDenied() {
    for (OrderRecord o : orders) {
      if (o.getRole() == OrderRole.ENTRY && o.getStatus() == OrderStatus.DENIED) {
        return true;
      }
    }
    return false;
  }

  /** True when the entry order ended (cancelled, rejected, inactive) and nothing of it filled. */
  boolean entryEndedUnfilled() {
    for (OrderRecord o : orders) {
      if (o.getRole() == OrderRole.ENTRY && !o.isWorking() && o.getFilledQuantity() == 0) {
        return true;
      }
    }
    return false;
  }
}
