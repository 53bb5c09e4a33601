package com.tradeplan.domain.broker;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A command to the broker: send this order. {@code reason} is the name of the rule that decided it,
 * kept in the trade's history as the "why" of the order. {@code account} is the IB account the
 * order is for (IB's order field {@code account}); null means the connection's default account, as
 * for a single-account connection.
 */
public record OrderRequest(
    OrderRef ref,
    String owner,
    Instrument instrument,
    OrderAction action,
    OrderType type,
    long quantity,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    String reason,
    String account) {
  public OrderRequest {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(type, "type");
    if (quantity <= 0) {
      throw new IllegalArgumentException("order quantity must be > 0: " + quantity);
    }
  }

  public static OrderRequest market(
      OrderRef ref,
      String owner,
      Instrument instrument,
      OrderAction action,
      long quantity,
      String reason) {
    return new OrderRequest(
        ref, owner, instrument, action, OrderType.MARKET, quantity, null, null, reason, null);
  }

  /**
   * The order {@code plan} sends under {@code ref}: its entry as a marketable limit at {@link
   * com.tradeplan.domain.plan.Entry#limitPrice} when the entry has slippage protection, every other
   * order (the entry without it, every exit) at market. The one place that decides an order's type
   * from its plan: a first send and a re-send after a restart go out alike.
   */
  public static OrderRequest ofPlan(
      Plan plan, OrderRef ref, OrderAction action, long quantity, String reason) {
    BigDecimal limit =
        ref.role() == OrderRole.ENTRY
            ? plan.entry().limitPrice(plan.side(), plan.instrument().tickSize())
            : null;
    if (limit == null) {
      return market(ref, plan.owner(), plan.instrument(), action, quantity, reason);
    }
    return new OrderRequest(
        ref,
        plan.owner(),
        plan.instrument(),
        action,
        OrderType.LIMIT,
        quantity,
        limit,
        null,
        reason,
        null);
  }

  /** This order for {@code account} (null: the connection's default account). */
  public OrderRequest withAccount(String account) {
    return new OrderRequest(
        ref, owner, instrument, action, type, quantity, limitPrice, stopPrice, reason, account);
  }
}
