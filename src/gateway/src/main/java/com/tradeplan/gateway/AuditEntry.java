package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One placeOrder the gateway received, whatever became of it. {@code modification} marks a
 * placeOrder that reused the id of a working order (IB treats that as a modify, not a new order).
 * {@code account} is the order's account field as sent (empty when the client named none); {@code
 * limitPrice} and {@code stopPrice} its lmtPrice and auxPrice as sent (null when empty).
 */
public record AuditEntry(
    Instant receivedAt,
    int clientId,
    int orderId,
    String orderRef,
    String symbol,
    String action,
    BigDecimal quantity,
    String orderType,
    boolean whatIf,
    boolean modification,
    String account,
    BigDecimal limitPrice,
    BigDecimal stopPrice) {

  /** The entry of a placeOrder as parsed, received at {@code receivedAt}. */
  static AuditEntry of(Instant receivedAt, int clientId, ParsedOrder p, boolean modification) {
    return new AuditEntry(
        receivedAt,
        clientId,
        p.orderId(),
        p.orderRef(),
        p.symbol(),
        p.action(),
        p.totalQuantity(),
        p.orderType(),
        p.whatIf(),
        modification,
        p.account() == null ? "" : p.account(),
        p.lmtPrice(),
        p.auxPrice());
  }
}
