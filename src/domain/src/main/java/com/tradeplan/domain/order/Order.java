package com.tradeplan.domain.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An order of a plan as Tradeplan knows it: what was asked ({@code quantity}) and what the broker
 * confirmed ({@code filledQuantity}, from executions). Not thread-safe: owned by one session
 * thread.
 */
public final class Order {
  /** Expected outcomes of applying a fill, as values rather than exceptions. */
  public enum FillResult {
    APPLIED,
    /**
     * Applied although the order was cancelled or being cancelled: the race was lost at the broker.
     */
    APPLIED_AFTER_CANCEL,
    /** The execution id was seen before (a replay after reconnect): nothing changed. */
    DUPLICATE,
    /** More than the order's quantity: nothing changed; an operator must look. */
    OVERFILL_REFUSED,
    /** The fill names another order: nothing changed. */
    WRONG_ORDER
  }

  private final OrderRef ref;
  private final OrderAction action;
  private final OrderType type;
  private final long quantity;
  private final BigDecimal limitPrice;
  private final BigDecimal stopPrice;
  private OrderStatus status = OrderStatus.CREATED;
  private long filledQuantity;
  private final Set<String> executionIds = new LinkedHashSet<>();
  private final List<Fill> fills = new ArrayList<>();

  public Order(
      OrderRef ref,
      OrderAction action,
      OrderType type,
      long quantity,
      BigDecimal limitPrice,
      BigDecimal stopPrice) {
    this.ref = Objects.requireNonNull(ref, "ref");
    this.action = Objects.requireNonNull(action, "action");
    this.type = Objects.requireNonNull(type, "type");
    if (quantity <= 0) {
      throw new IllegalArgumentException("order quantity must be > 0: " + quantity);
    }
    boolean needsLimit = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT;
    boolean needsStop = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
    if (needsLimit != (limitPrice != null) || needsStop != (stopPrice != null)) {
      throw new IllegalArgumentException(type + " order needs exactly its own price fields");
    }
    this.quantity = quantity;
    this.limitPrice = limitPrice;
    this.stopPrice = stopPrice;
  }

  public static Order market(OrderRef ref, OrderAction action, long quantity) {
    return new Order(ref, action, OrderType.MARKET, quantity, null, null);
  }

  /** Applies a broker status; repeated statuses are no-ops, refused moves throw. */
  public void applyStatus(OrderStatus next) {
    status = status.moveTo(next);
  }

  /** Applies an execution. A duplicate or an overfill is refused before any state changes. */
  public FillResult applyFill(Fill fill) {
    if (!fill.orderRef().equals(ref) || fill.action() != action) {
      return FillResult.WRONG_ORDER;
    }
    if (executionIds.contains(fill.executionId())) {
      return FillResult.DUPLICATE;
    }
    if (filledQuantity + fill.quantity() > quantity) {
      return FillResult.OVERFILL_REFUSED;
    }
    boolean afterCancel =
        status == OrderStatus.CANCELLED
            || status == OrderStatus.API_CANCELLED
            || status == OrderStatus.PENDING_CANCEL;
    executionIds.add(fill.executionId());
    fills.add(fill);
    filledQuantity += fill.quantity();
    if (filledQuantity == quantity && !status.isDone()) {
      status = OrderStatus.FILLED;
    }
    return afterCancel ? FillResult.APPLIED_AFTER_CANCEL : FillResult.APPLIED;
  }

  public OrderRef ref() {
    return ref;
  }

  public OrderAction action() {
    return action;
  }

  public OrderType type() {
    return type;
  }

  public long quantity() {
    return quantity;
  }

  public BigDecimal limitPrice() {
    return limitPrice;
  }

  public BigDecimal stopPrice() {
    return stopPrice;
  }

  public OrderStatus status() {
    return status;
  }

  public long filledQuantity() {
    return filledQuantity;
  }

  public long remainingQuantity() {
    return quantity - filledQuantity;
  }

  public List<Fill> fills() {
    return List.copyOf(fills);
  }
}
