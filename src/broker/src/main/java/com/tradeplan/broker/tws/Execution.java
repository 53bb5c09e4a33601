package com.tradeplan.broker.tws;

import java.math.BigDecimal;

/** One execution as reported by execDetails. {@code side} is IB's BOT or SLD. */
public record Execution(
    int orderId,
    int clientId,
    String execId,
    String time,
    String acctNumber,
    String exchange,
    String side,
    BigDecimal shares,
    BigDecimal price,
    long permId,
    BigDecimal cumQty,
    BigDecimal avgPrice,
    String orderRef) {}
