package com.tradeplan.broker;

import com.tradeplan.broker.tws.CommissionReport;
import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.Execution;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns IB's order reports into the engine's: {@code orderStatus} into {@link OrderUpdate}s
 * (repeats and moves the status table refuses are dropped), executions into {@link Fill}s with the
 * actual quantity and price (replays dropped, see {@link ExecutionLedger}), commission reports into
 * {@code onCommission}, errors 201/103 into rejections, and open orders or executions whose
 * orderRef Tradeplan did not make into operator alerts (never adopted, never cancelled).
 *
 * <p>The commission contract: a {@link Fill} never carries a commission. Every commission report of
 * a Tradeplan execution goes to {@code onCommission} with IB's execution id, after that execution's
 * fill (one that arrives first waits for it). Repeats are dropped as a best effort only (in memory,
 * bounded, and forgotten with a user's orders by {@link #forgetExecutionsOf}): after a restart, a
 * take-over or a rebuild IB's replayed reports reach the listener again, and the engine is the one
 * place that refuses a second charge for an execution id.
 *
 * <p>The execution time is IB's, in IB's zone ({@link ExecutionTime}); an unreadable one never
 * becomes a guess: the fill (money moved) keeps the time it was received, and the operator is
 * alerted once ({@code EXECUTION_TIME_UNREADABLE}; later ones are logged).
 *
 * <p>Called on the connection's reader thread, in wire order. Reports go out through {@link
 * EngineReports} after this class's lock is released; the fill that completes an order goes out
 * before its FILLED status (IB sends Filled first: passed on in that order, the engine would take
 * the order as ended unfilled). A throw from here is caught and logged by the reader, which goes on
 * with the next message.
 *
 * <p>Lock order: this class's lock, then {@link OrderRegistry}'s.
 */
final class ReportTranslator {
  private static final Logger log = LoggerFactory.getLogger(ReportTranslator.class);
  private static final int MAX_ALERTED_ORDER_IDS = 100_000;

  private final OrderRegistry registry;
  private final ClientScope scope;
  private final OperatorAlerts alerts;
  private final EngineReports reports;
  private final Object lock = new Object();
  private final ExecutionLedger ledger = new ExecutionLedger(); // guarded by lock
  // IB order ids already alerted as not Tradeplan's; the eldest forgotten beyond the bound (an
  // order that old would be alerted once more).
  private final Set<Integer> alertedUnknownIds =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
              return size() > MAX_ALERTED_ORDER_IDS;
            }
          }); // guarded by lock
  private volatile LongConsumer ackLatency = nanos -> {};
  private final ZoneId executionTimeZone;
  private final Clock receiptClock;
  private boolean unreadableTimeAlerted; // guarded by lock

  /**
   * @param executionTimeZone the zone of execution times that name none
   * @param receiptClock the time of a fill whose execution time is unreadable
   */
  ReportTranslator(
      OrderRegistry registry,
      ClientScope scope,
      OperatorAlerts alerts,
      EngineReports reports,
      ZoneId executionTimeZone,
      Clock receiptClock) {
    this.registry = registry;
    this.scope = scope;
    this.alerts = alerts;
    this.reports = reports;
    this.executionTimeZone = executionTimeZone;
    this.receiptClock = receiptClock;
  }

  /** See {@link IbBroker#setAckLatencyListener}. */
  void setAckLatencyListener(LongConsumer listener) {
    this.ackLatency = listener == null ? nanos -> {} : listener;
  }

  void onOrderStatus(int orderId, String text, int clientId) {
    if (scope.isAnotherClient(clientId)) {
      return; // another client's order id: ids are per client, never match it here
    }
    OrderStatus next;
    try {
      next = OrderStatus.fromIb(text);
    } catch (IllegalArgumentException e) {
      log.warn("order {}: unknown IB status '{}' ignored", orderId, text);
      return;
    }
    OrderRegistry.StatusChange change = registry.applyStatus(orderId, next, System.nanoTime());
    if (change.ackLatencyNanos() >= 0) {
      try {
        ackLatency.accept(change.ackLatencyNanos());
      } catch (RuntimeException e) {
        log.error("ack latency listener failed", e);
      }
    }
    if (change.update() != null) {
      reports.update(change.update());
    }
  }

  void onOpenOrder(int orderId, Contract contract, TwsOrder order) {
    String ref = order.orderRef;
    if (registry.seenOpen(ref, orderId, scope.allClients())) {
      return;
    }
    if (scope.allClients() && isOrderRef(ref)) {
      return; // all-clients mode reads every client's orders: this one is another member's user's
    }
    boolean first;
    synchronized (lock) {
      first = alertedUnknownIds.add(orderId);
    }
    if (first) {
      alerts.alert(
          "UNKNOWN_BROKER_ORDER",
          "IB order "
              + orderId
              + " ("
              + order
              + " "
              + contract
              + ") was not sent by Tradeplan: left untouched");
    }
  }

  /**
   * One execution, live or replayed. An execution of a Tradeplan orderRef whose order is not
   * tracked right now (its user is being rebuilt or was handed over, or it is another client's) is
   * not remembered as seen, so that the reconcile after the restore delivers it: remembered as
   * foreign it would hide a fill for good.
   */
  void onExecution(Execution e) {
    Fill fill;
    BigDecimal early;
    boolean completed;
    synchronized (lock) {
      if (ledger.seen(e.execId())) {
        return; // replayed execution
      }
      boolean idIsOurs = !scope.isAnotherClient(e.clientId());
      TrackedOrder t = registry.forExecution(e.orderRef(), e.orderId(), idIsOurs);
      if (t == null && !idIsOurs) {
        return; // another client's execution of an order not ours (yet): applied after a restore
      }
      if (t == null && isOrderRef(e.orderRef())) {
        log.info(
            "execution {} of {} arrived while its order is not tracked", e.execId(), e.orderRef());
        return;
      }
      if (t == null) {
        ledger.rememberForeign(e.execId());
        alerts.alert(
            "UNKNOWN_EXECUTION",
            "execution "
                + e.execId()
                + " of order "
                + e.orderId()
                + " ref '"
                + e.orderRef()
                + "' was not for a Tradeplan order: ignored");
        return;
      }
      long qty;
      try {
        qty = e.shares().longValueExact();
      } catch (ArithmeticException ex) {
        alerts.alert("FRACTIONAL_EXECUTION", "execution " + e.execId() + " has " + e.shares());
        return;
      }
      if (qty <= 0 || e.price() == null || e.price().signum() <= 0) {
        log.warn("execution {} with quantity {} price {} ignored", e.execId(), qty, e.price());
        return;
      }
      early = ledger.remember(e.execId(), t.request.ref());
      completed = registry.applyFill(t, qty);
      OrderAction action =
          "SLD".equals(e.side())
              ? OrderAction.SELL
              : "BOT".equals(e.side()) ? OrderAction.BUY : t.request.action();
      fill = new Fill(e.execId(), t.request.ref(), action, qty, e.price(), null, timeOf(e));
    }
    reports.fill(fill);
    if (early != null) {
      // Its commission report came first and waited: passed on now, after the fill, once.
      reports.commission(e.execId(), fill.orderRef(), early);
    }
    if (completed) {
      // IB's own "Filled", before or after, is then a repeat and is not reported again.
      reports.update(OrderUpdate.status(fill.orderRef(), OrderStatus.FILLED));
    }
  }

  /** IB's execution time; the receipt time, alerted once, when unreadable. Under the lock. */
  private Instant timeOf(Execution e) {
    Optional<Instant> time = ExecutionTime.parse(e.time(), executionTimeZone);
    if (time.isPresent()) {
      return time.get();
    }
    Instant received = receiptClock.instant();
    if (!unreadableTimeAlerted) {
      unreadableTimeAlerted = true;
      alerts.alert(
          "EXECUTION_TIME_UNREADABLE",
          "execution "
              + e.execId()
              + " of "
              + e.orderRef()
              + " has a time IB's forms do not cover ('"
              + e.time()
              + "'): its fill carries the time it was received, "
              + received
              + " (alerted once; later ones are logged)");
    } else {
      log.warn(
          "execution {}: unreadable time '{}', fill stamped with its receipt time {}",
          e.execId(),
          e.time(),
          received);
    }
    return received;
  }

  void onCommission(CommissionReport r) {
    OrderRef ref;
    synchronized (lock) {
      ref = ledger.commission(r.execId(), r.commission());
    }
    if (ref != null) {
      reports.commission(r.execId(), ref, r.commission());
    }
  }

  void onError(int id, int code, String msg) {
    if (ErrorCodes.isInfo(code)) {
      log.debug("IB info {}: {}", code, msg);
      return;
    }
    switch (code) {
      case ErrorCodes.ORDER_REJECTED,
          ErrorCodes.DUPLICATE_ORDER_ID,
          ErrorCodes.PRICE_OFF_TICK_GRID -> {
        OrderUpdate update = registry.reject(id, "IB " + code + ": " + msg);
        if (code == ErrorCodes.DUPLICATE_ORDER_ID) {
          alerts.alert("DUPLICATE_ORDER_ID", "IB refused order id " + id + ": " + msg);
        }
        if (update != null) {
          reports.update(update);
        }
      }
      case ErrorCodes.ORDER_CANCELLED -> log.info("order {} cancelled: {}", id, msg);
      case ErrorCodes.ORDER_MESSAGE -> log.info("IB order message for order {}: {}", id, msg);
      case ErrorCodes.PACING -> alerts.alert("PACING", "IB pacing violation: " + msg);
      case ErrorCodes.NOT_CONNECTED -> log.debug("not connected: {}", msg);
      default -> log.warn("IB error {} for id {}: {}", code, id, msg);
    }
  }

  /** The executions of these (forgotten) orderRefs count as unseen again. */
  void forgetExecutionsOf(Set<String> refs) {
    synchronized (lock) {
      ledger.forget(refs);
    }
  }

  /** True for a reference Tradeplan makes ({@code planId:ROLE:index:attempt}). */
  static boolean isOrderRef(String ref) {
    try {
      return OrderRef.parse(ref) != null;
    } catch (IllegalArgumentException e) {
      return false; // the pattern matched but the numbers are out of range
    }
  }
}
