package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One placeOrder the gateway received, whatever became of it. {@code modification} marks a
 * placeOrder that reused the id of a working order (IB treats that as a modify, not a new order).
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
    boolean modification) {}
