package com.tradeplan.broker;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders {@link IbBroker} answers for, by orderRef and by IB order id, and the order ids it
 * gives out. Every change of a {@link TrackedOrder} happens here, under this registry's lock, so a
 * tracked order is never seen half-changed; nothing here does I/O or calls a listener.
 *
 * <p>Bounded: at {@code maxTrackedOrders} a submit is refused ({@code DENIED}); orders are
 * forgotten only by {@link #forgetOwner}. The id map may hold a few more entries than orders (an
 * order re-sent under a new id keeps its first id).
 *
 * <p>Lock order: {@link ReportTranslator}'s lock may be held when calling in here, never the
 * reverse.
 */
final class OrderRegistry {
  private static final Logger log = LoggerFactory.getLogger(OrderRegistry.class);

  /** A tracked order, or why there is none. */
  record Registration(TrackedOrder order, SubmitResult refusal) {}

  /** What a reconcile decided, and the tracked orders it queued for their one re-send. */
  record Settled(Reconciler.Reconciliation reconciliation, List<TrackedOrder> toResend) {}

  /** What IB's status report changed: the update to pass on (or null) and the ack latency. */
  record StatusChange(OrderUpdate update, long ackLatencyNanos) {
    static final StatusChange NONE = new StatusChange(null, -1);
  }

  private final int maxTrackedOrders;
  private final Map<String, TrackedOrder> byRef = new HashMap<>();
  private final Map<Integer, TrackedOrder> byId = new HashMap<>();
  private int nextOrderId = -1;
  private int reconcileStarts;

  OrderRegistry(int maxTrackedOrders) {
    this.maxTrackedOrders = maxTrackedOrders;
  }

  synchronized Registration register(OrderRequest request) {
    String ref = request.ref().toString();
    if (byRef.containsKey(ref)) {
      return new Registration(
          null, SubmitResult.duplicate("orderRef " + ref + " was already submitted"));
    }
    if (byRef.size() >= maxTrackedOrders) {
      return new Registration(
          null, SubmitResult.denied("too many orders tracked (" + maxTrackedOrders + ")"));
    }
    TrackedOrder t = TrackedOrder.queued(request);
    byRef.put(ref, t);
    return new Registration(t, null);
  }

  /** Undoes a registration whose order could not be queued. */
  synchronized void remove(String ref) {
    byRef.remove(ref);
  }

  synchronized TrackedOrder find(String ref) {
    return ref == null ? null : byRef.get(ref);
  }

  synchronized OrderStatus statusOf(TrackedOrder t) {
    return t.status();
  }

  /** See {@link IbBroker#restoreSentOrder}. */
  synchronized void restore(OrderRequest request, OrderStatus knownStatus, long nowNanos) {
    TrackedOrder t = byRef.get(request.ref().toString());
    if (t == null) {
      byRef.put(
          request.ref().toString(),
          TrackedOrder.restored(request, knownStatus, reconcileStarts, nowNanos));
    } else {
      t.restore(knownStatus, reconcileStarts, nowNanos);
    }
  }

  /**
   * Forgets the tracked orders of {@code owner}; returns their orderRefs. A forgotten order the
   * sender still holds is never written (see {@link #startSending}).
   */
  synchronized Set<String> forgetOwner(String owner) {
    Set<String> refs = new HashSet<>();
    byRef.forEach(
        (ref, t) -> {
          if (owner.equals(t.request.owner())) {
            refs.add(ref);
          }
        });
    byRef.keySet().removeAll(refs);
    byId.values().removeIf(t -> owner.equals(t.request.owner()));
    return refs;
  }

  /** The tracked entries {@code inScope} accepts that are not done yet. */
  synchronized List<TrackedOrder> workingEntries(Predicate<OrderRequest> inScope) {
    List<TrackedOrder> out = new ArrayList<>();
    for (TrackedOrder t : byRef.values()) {
      if (t.request.ref().role() == OrderRole.ENTRY
          && t.stage() != TrackedOrder.Stage.DONE
          && inScope.test(t.request)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The entries {@code inScope} accepts that are still queued here, never written. */
  synchronized List<TrackedOrder> queuedEntries(Predicate<OrderRequest> inScope) {
    List<TrackedOrder> out = new ArrayList<>();
    for (TrackedOrder t : workingEntries(inScope)) {
      if (t.stage().isQueued()) {
        out.add(t);
      }
    }
    return out;
  }

  /** The plans with a tracked entry (in any stage) that {@code inScope} accepts. */
  synchronized Set<String> plansWithEntries(Predicate<OrderRequest> inScope) {
    Set<String> out = new HashSet<>();
    for (TrackedOrder t : byRef.values()) {
      if (t.request.ref().role() == OrderRole.ENTRY && inScope.test(t.request)) {
        out.add(t.request.ref().planId());
      }
    }
    return out;
  }

  /** See {@link IbBroker#hasForeignWorkingOrders}. */
  synchronized boolean hasForeignWorkingOrders() {
    for (TrackedOrder t : byRef.values()) {
      TrackedOrder.Stage s = t.stage();
      if (s == TrackedOrder.Stage.WRITTEN
          || s == TrackedOrder.Stage.RESTORED
          || s == TrackedOrder.Stage.RESTORED_UNACKNOWLEDGED) {
        return true;
      }
    }
    return false;
  }

  // ---- order ids and sending ----

  /** IB's nextValidId: ids only increase. */
  /** Whether {@code id} is the order id of an order tracked here. */
  synchronized boolean isOrderId(int id) {
    return byId.containsKey(id);
  }

  synchronized void raiseNextOrderId(int orderId) {
    if (orderId > nextOrderId) {
      nextOrderId = orderId;
    }
  }

  /**
   * An order id for a whatIf order ({@link WhatIfChecks}): from the same increasing counter as
   * every order, so that it never collides with one; nothing is tracked under it.
   */
  synchronized int nextWhatIfOrderId() {
    return nextOrderId++;
  }

  /** What the sender may do with an order it took from the queue. */
  record SendStart(int orderId, boolean resend) {
    /** Not to be written: restored, already written, ended or forgotten meanwhile. */
    static final SendStart SKIP = new SendStart(-1, false);

    boolean skip() {
      return this == SKIP;
    }
  }

  /** Gives a queued order its order id (stage JOURNALING); SKIP when it must not be written. */
  synchronized SendStart startSending(TrackedOrder t) {
    if (!t.stage().isQueued()) {
      return SendStart.SKIP; // restored, at IB already, ended, or written: never twice
    }
    if (byRef.get(t.ref()) != t) {
      // Forgotten (forgetOwner) while the sender held it: taken from the queue before the user's
      // orders were dropped, kept over a reconcile. Whoever runs the user now re-derives it from
      // the store (intent recorded, never journaled: sent once, by that owner); written here it
      // would be an order nobody tracks, and its fills would be lost to the rebuilt session.
      log.info("order {} dropped unsent: its user's orders were forgotten", t.request.ref());
      return SendStart.SKIP;
    }
    int id = nextOrderId++;
    boolean resend = t.startSending(id);
    byId.put(id, t);
    return new SendStart(id, resend);
  }

  synchronized void written(TrackedOrder t, long nowNanos) {
    t.written(nowNanos);
  }

  /** The send journal refused it: ended, never written. */
  synchronized void journalRefused(TrackedOrder t) {
    t.refuse();
  }

  /** What the sender does with a cancel it took from the queue. */
  enum CancelStep {
    /** The order ended meanwhile: nothing to do. */
    ALREADY_DONE,
    /** It was still queued: ended here, never written ("cancelled unsent"). */
    CANCELLED_UNSENT,
    /** Restored without an id of ours: IB cannot be asked (only the placing client may). */
    NO_ORDER_ID,
    /** Send cancelOrder for its id. */
    SEND
  }

  synchronized CancelStep cancelStep(TrackedOrder t) {
    TrackedOrder.Stage s = t.stage();
    if (s == TrackedOrder.Stage.DONE) {
      return CancelStep.ALREADY_DONE;
    }
    if (s.isQueued()) {
      t.end(OrderStatus.CANCELLED);
      return CancelStep.CANCELLED_UNSENT;
    }
    return t.orderId() == null ? CancelStep.NO_ORDER_ID : CancelStep.SEND;
  }

  synchronized Integer orderIdOf(TrackedOrder t) {
    return t.orderId();
  }

  // ---- reports ----

  /**
   * IB's {@code orderStatus} for {@code orderId}. A repeated status, a move the status table does
   * not allow and a Filled not yet covered by executions change nothing: IB sends Filled before the
   * execution, and the fill that completes the order reports it FILLED (passed on first, the engine
   * would take the order as ended unfilled).
   */
  synchronized StatusChange applyStatus(int orderId, OrderStatus next, long nowNanos) {
    TrackedOrder t = byId.get(orderId);
    if (t == null) {
      log.debug("status for order {} that is not ours: {}", orderId, next);
      return StatusChange.NONE;
    }
    long latency = t.acknowledge(nowNanos);
    if (next == t.status()) {
      return new StatusChange(null, latency); // IB repeats statuses
    }
    if (!t.status().canMoveTo(next)) {
      log.info("order {}: status {} after {} ignored", t.request.ref(), next, t.status());
      return new StatusChange(null, latency);
    }
    if (next == OrderStatus.FILLED && t.filled() < t.request.quantity()) {
      return new StatusChange(null, latency); // reported after the executions cover it
    }
    t.reportStatus(next);
    return new StatusChange(OrderUpdate.status(t.request.ref(), next), latency);
  }

  /** IB refused order {@code orderId} (201, 103): the rejection to pass on, or null. */
  synchronized OrderUpdate reject(int orderId, String reason) {
    TrackedOrder t = byId.get(orderId);
    if (t == null || t.stage() == TrackedOrder.Stage.DONE) {
      return null;
    }
    t.refuse();
    return OrderUpdate.rejected(t.request.ref(), reason);
  }

  /**
   * IB lists an open order. Returns false when its orderRef is not tracked. In all-clients mode an
   * order not mapped to an id of ours is matched by orderRef only: its id may be another client's.
   */
  synchronized boolean seenOpen(String ref, int orderId, boolean allClients) {
    TrackedOrder t = ref == null ? null : byRef.get(ref);
    if (t == null) {
      return false;
    }
    if (allClients && t.orderId() == null) {
      t.seenOpenByRef();
      return true;
    }
    t.seenOpenUnderId(orderId);
    byId.putIfAbsent(orderId, t);
    return true;
  }

  /**
   * The tracked order an execution belongs to: by orderRef, else by order id unless the id is
   * another client's. Null when none.
   */
  synchronized TrackedOrder forExecution(String ref, int orderId, boolean idIsOurs) {
    TrackedOrder t = ref == null ? null : byRef.get(ref);
    if (t == null && idIsOurs) {
      t = byId.get(orderId);
    }
    return t;
  }

  /** Applies an execution's quantity; true when it completes the order (now FILLED). */
  synchronized boolean applyFill(TrackedOrder t, long quantity) {
    return t.applyFill(quantity);
  }

  // ---- reconcile ----

  /** A reconcile begins; returns its number (orders restored from now on wait for the next). */
  synchronized int beginReconcile() {
    return ++reconcileStarts;
  }

  /**
   * Judges every tracked order against IB's answer ({@link Reconciler#judge}) and applies the
   * verdicts, in one step under the lock.
   */
  synchronized Settled reconcile(Reconciler.BrokerAnswer answer, Reconciler.Moment now) {
    List<TrackedOrder.View> views = new ArrayList<>(byRef.size());
    for (TrackedOrder t : byRef.values()) {
      views.add(t.view());
    }
    Reconciler.Reconciliation r = Reconciler.judge(views, answer, now);
    List<TrackedOrder> toResend = new ArrayList<>();
    r.verdicts()
        .forEach(
            (ref, verdict) -> {
              TrackedOrder t = byRef.get(ref);
              switch (verdict) {
                case FILLED_WHILE_AWAY -> t.end(OrderStatus.FILLED);
                case GONE, LOST_AFTER_RESEND -> t.end(OrderStatus.CANCELLED);
                case RESEND -> {
                  t.queueForResend();
                  toResend.add(t);
                }
                default -> {
                  // nothing changes
                }
              }
            });
    return new Settled(r, toResend);
  }

  /** A re-send the queue had no room for: ended, never sent. */
  synchronized void resendRefused(TrackedOrder t) {
    t.end(OrderStatus.CANCELLED);
  }
}
