package com.tradeplan.domain.order;

import com.tradeplan.domain.IllegalTransitionException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An order's status: IB's order statuses plus two of Tradeplan's own: {@link #CREATED}, the intent
 * recorded before sending, and {@link #DENIED}, an intent that a local limit refused to send. Fills
 * are not status changes: they are applied by {@link Order#applyFill}, which also accepts a fill
 * that arrives after a cancel (the money moved; refusing it would lose it).
 */
public enum OrderStatus {
  CREATED("Created"),
  PENDING_SUBMIT("PendingSubmit"),
  PRE_SUBMITTED("PreSubmitted"),
  SUBMITTED("Submitted"),
  PENDING_CANCEL("PendingCancel"),
  CANCELLED("Cancelled"),
  API_CANCELLED("ApiCancelled"),
  FILLED("Filled"),
  INACTIVE("Inactive"),
  /**
   * Refused before it left Tradeplan: a limit of the risk gate, the broker connection's own bounds
   * (outbound queue full, too many orders tracked, closed), an intent that could not be recorded.
   * Not a broker rejection: the broker never saw the order. Final; IB never reports it (added last,
   * so the ordinals the replicated state carries stay the same).
   */
  DENIED("Denied");

  private final String ibName;

  OrderStatus(String ibName) {
    this.ibName = ibName;
  }

  private static final Map<OrderStatus, Set<OrderStatus>> NEXT = new EnumMap<>(OrderStatus.class);

  static {
    Set<OrderStatus> ends = EnumSet.of(CANCELLED, API_CANCELLED, FILLED, INACTIVE);
    NEXT.put(
        CREATED, union(ends, PENDING_SUBMIT, PRE_SUBMITTED, SUBMITTED, PENDING_CANCEL, DENIED));
    NEXT.put(PENDING_SUBMIT, union(ends, PRE_SUBMITTED, SUBMITTED, PENDING_CANCEL));
    NEXT.put(PRE_SUBMITTED, union(ends, SUBMITTED, PENDING_CANCEL));
    NEXT.put(SUBMITTED, union(ends, PENDING_CANCEL));
    // A cancel request can lose the race: the order fills, or the cancel is refused and it works
    // on.
    NEXT.put(
        PENDING_CANCEL, EnumSet.of(CANCELLED, API_CANCELLED, FILLED, SUBMITTED, PRE_SUBMITTED));
    // IB reports Inactive for orders it holds (outside hours, margin); they may come back to life.
    NEXT.put(INACTIVE, EnumSet.of(PRE_SUBMITTED, SUBMITTED, CANCELLED, API_CANCELLED, FILLED));
    NEXT.put(CANCELLED, EnumSet.noneOf(OrderStatus.class));
    NEXT.put(API_CANCELLED, EnumSet.noneOf(OrderStatus.class));
    NEXT.put(FILLED, EnumSet.noneOf(OrderStatus.class));
    NEXT.put(DENIED, EnumSet.noneOf(OrderStatus.class));
  }

  private static Set<OrderStatus> union(Set<OrderStatus> base, OrderStatus... more) {
    EnumSet<OrderStatus> s = EnumSet.copyOf(base);
    s.addAll(Set.of(more));
    return s;
  }

  public String ibName() {
    return ibName;
  }

  /**
   * Maps IB's status text ({@code "PreSubmitted"}); IB's {@code ApiPending} counts as CREATED.
   * DENIED is Tradeplan's alone: no text IB sends becomes it.
   */
  public static OrderStatus fromIb(String text) {
    if ("ApiPending".equals(text)) {
      return CREATED;
    }
    for (OrderStatus s : values()) {
      if (s != DENIED && s.ibName.equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown IB order status: " + text);
  }

  public boolean canMoveTo(OrderStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** Returns {@code next} when allowed; a repeated status (IB sends duplicates) is a no-op. */
  public OrderStatus moveTo(OrderStatus next) {
    if (next != this && !canMoveTo(next)) {
      throw new IllegalTransitionException("order status", this, next);
    }
    return next;
  }

  /** No further status change can happen (fills after a cancel are still accepted). */
  public boolean isDone() {
    return NEXT.get(this).isEmpty();
  }

  /** Working: sent (or about to be) and neither completely filled nor cancelled. */
  public boolean isWorking() {
    return !isDone() && this != INACTIVE;
  }
}
