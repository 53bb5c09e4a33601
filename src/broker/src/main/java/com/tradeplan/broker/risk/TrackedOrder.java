package com.tradeplan.broker.risk;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.risk.LimitLayers;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.Set;

/**
 * An order the gate let through, as the risk check counts it: whose it is, on what, how much is
 * filled, and the execution and commission ids already counted (a replay counts once). Bounded by
 * the order: executions and commissions are at most one per filled share. Mutated under {@link
 * EntryLimits}' lock only.
 */
final class TrackedOrder {
  private static final MathContext MONEY = MathContext.DECIMAL128;

  final OrderRef ref;
  final String owner;
  final String account;
  final String symbol;
  final OrderRole role;
  final boolean entry;
  final boolean buy;
  final long quantity;

  /** The price an entry is valued at (its limit or stop price, or the last price), or null. */
  final BigDecimal unitPrice;

  /** {@link #notionalOf} the whole quantity, worked out once: sent and, unfilled, released. */
  private final BigDecimal wholeNotional;

  long filled;

  // Made at the first execution or commission: most entries end unfilled (cancelled, refused).
  private Set<String> executions;
  private Set<String> commissions;

  private TrackedOrder(OrderRequest request, BigDecimal unitPrice) {
    this.ref = request.ref();
    this.owner = request.owner();
    this.account = LimitLayers.accountOf(request.account());
    this.symbol = request.instrument().symbol();
    this.role = request.ref().role();
    this.entry = role == OrderRole.ENTRY;
    this.buy = request.action() == OrderAction.BUY;
    this.quantity = request.quantity();
    this.unitPrice = unitPrice;
    this.wholeNotional = valueOf(quantity);
  }

  static TrackedOrder of(OrderRequest request, BigDecimal unitPrice) {
    return new TrackedOrder(request, unitPrice);
  }

  /** Notes an execution of this order; false when its id was noted before (a replay). */
  boolean newExecution(String executionId) {
    if (executions == null) {
      executions = new HashSet<>(2);
    }
    return executions.add(executionId);
  }

  /** Notes the commission of an execution; false when its id was noted before (a replay). */
  boolean newCommission(String executionId) {
    if (commissions == null) {
      commissions = new HashSet<>(2);
    }
    return commissions.add(executionId);
  }

  long remaining() {
    return Math.max(0, quantity - filled);
  }

  /** The value of {@code shares} of this entry (zero when it has no price). */
  BigDecimal notionalOf(long shares) {
    return shares == quantity ? wholeNotional : valueOf(shares);
  }

  private BigDecimal valueOf(long shares) {
    return unitPrice == null
        ? BigDecimal.ZERO
        : unitPrice.multiply(BigDecimal.valueOf(shares), MONEY);
  }
}
