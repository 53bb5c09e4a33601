package com.tradeplan.broker.risk;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.risk.LimitLayers;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts the risk check counts and how each moves the aggregates: the orders it tracks (working,
 * or exits waiting for fills), the orders ended lately (a fill may lose the race with a cancel),
 * and the {@link Holders}. Every fill, live or replayed after a restart ({@link #replay}), goes
 * through {@link #count}, every commission through {@link #charge}, every end of an order through
 * {@link #end}: one computation, whichever way the fact arrives. Not thread-safe: used under {@link
 * EntryLimits}' lock.
 *
 * <p>Bounds: at most {@link EntryLimits#ORDERS_MAX} tracked orders (the caller checks before it
 * tracks one) and {@link EntryLimits#ENDED_KEPT} ended ones (the oldest is forgotten: a fill of it
 * after that is not counted).
 */
final class Figures {
  final Holders holders = new Holders();
  final Map<OrderRef, TrackedOrder> orders = new HashMap<>();
  private final Map<OrderRef, TrackedOrder> ended =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<OrderRef, TrackedOrder> eldest) {
          return size() > EntryLimits.ENDED_KEPT;
        }
      };

  /** The order tracked under {@code ref}, working or ended, or null. */
  TrackedOrder tracked(OrderRef ref) {
    TrackedOrder order = orders.get(ref);
    return order != null ? order : ended.get(ref);
  }

  /**
   * Counts one execution of {@code order}: both holders' positions, the P&amp;L it realizes for
   * {@code day} (its trading day), a stop's fill starting the cooldown at {@code atMillis}, the
   * working shares of an entry it fills. False when this execution id was counted before.
   */
  boolean count(TrackedOrder order, Fill fill, LocalDate day, long atMillis) {
    if (!order.newExecution(fill.executionId())) {
      return false;
    }
    boolean working = orders.get(order.ref) == order;
    long signed = order.buy ? fill.quantity() : -fill.quantity();
    long counted = Math.min(fill.quantity(), order.remaining());
    order.filled += fill.quantity();
    for (Exposure holder : holders.of(order)) {
      if (holder == null) {
        continue;
      }
      holder.filled(order.symbol, signed, fill.price(), day);
      if (order.role == OrderRole.STOP) {
        Exposure.Symbol s = holder.symbolOrNew(order.symbol);
        s.stoppedOutMillis = Math.max(s.stoppedOutMillis, atMillis);
      }
    }
    if (order.entry && working) {
      holders.release(order, counted);
    }
    if (working && order.remaining() == 0) {
      orders.remove(order.ref);
      if (order.entry) {
        holders.ended(order);
      }
      ended.put(order.ref, order);
    }
    return true;
  }

  /** Charges a commission to both holders for {@code day}, once per execution id. */
  boolean charge(TrackedOrder order, String executionId, BigDecimal commission, LocalDate day) {
    if (commission == null || !order.newCommission(executionId)) {
      return false;
    }
    for (Exposure holder : holders.of(order)) {
      if (holder != null) {
        holder.charged(commission, day);
      }
    }
    return true;
  }

  /** The order works no more: what an entry had left no longer counts; later fills still do. */
  void end(OrderRef ref) {
    TrackedOrder order = orders.remove(ref);
    if (order == null) {
      return;
    }
    if (order.entry) {
      holders.release(order, order.remaining());
      holders.ended(order);
    }
    ended.put(order.ref, order);
  }

  /** The broker behind did not take the order: it no longer counts, and nothing of it will come. */
  void notSent(OrderRef ref) {
    TrackedOrder order = orders.remove(ref);
    if (order != null && order.entry) {
      holders.release(order, order.remaining());
      holders.ended(order);
    }
  }

  /**
   * Replays recorded orders (see {@link EntryLimits#restore}): each one not tracked yet is tracked
   * as if just let through; every execution is counted in time order, for the trading day (in
   * {@code zone}) it was made on; the orders that no longer work then end.
   *
   * @return null, or why not every order could be tracked (a bound: what was tracked before the
   *     bound stays counted)
   */
  String replay(List<RestoredOrder> restored, ZoneId zone) {
    List<Fill> fills = new ArrayList<>();
    List<OrderRef> ending = new ArrayList<>();
    String incomplete = null;
    for (RestoredOrder r : restored) {
      if (tracked(r.request().ref()) == null) {
        incomplete = track(r);
        if (incomplete != null) {
          break;
        }
        if (!r.working()) {
          ending.add(r.request().ref());
        }
      }
      fills.addAll(r.fills());
    }
    fills.sort(Comparator.comparing(Fill::time).thenComparing(Fill::executionId));
    for (Fill fill : fills) {
      TrackedOrder order = tracked(fill.orderRef());
      if (order != null) {
        LocalDate day = LocalDate.ofInstant(fill.time(), zone);
        count(order, fill, day, fill.time().toEpochMilli());
        charge(order, fill.executionId(), fill.commission(), day);
      }
    }
    ending.forEach(this::end);
    return incomplete;
  }

  /** Tracks a restored order as an entry let through (its shares working) or an exit sent. */
  private String track(RestoredOrder r) {
    OrderRequest request = r.request();
    if (orders.size() >= EntryLimits.ORDERS_MAX) {
      return "the risk check tracks at most "
          + EntryLimits.ORDERS_MAX
          + " orders: "
          + request.ref()
          + " not restored";
    }
    Exposure user = holders.admitUser(request.owner());
    Exposure account = holders.admitAccount(LimitLayers.accountOf(request.account()));
    if (user == null || account == null) {
      return "the risk check tracks at most "
          + EntryLimits.HOLDERS_MAX
          + " users and as many accounts: "
          + request.ref()
          + " not restored";
    }
    TrackedOrder order = TrackedOrder.of(request, r.unitPrice());
    orders.put(order.ref, order);
    if (order.entry) {
      BigDecimal notional = order.notionalOf(order.quantity);
      user.entrySent(order.symbol, order.ref, order.buy, order.quantity, notional);
      account.entrySent(order.symbol, order.ref, order.buy, order.quantity, notional);
    }
    return null;
  }
}
