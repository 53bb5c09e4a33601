package com.tradeplan.gateway;

import java.math.BigDecimal;

/** One execution of the simulated exchange, with its commission. */
record SimExecution(
    String execId,
    int clientId,
    int orderId,
    long permId,
    String orderRef,
    String account,
    int conId,
    String symbol,
    String secType,
    String exchange,
    String currency,
    String side,
    BigDecimal shares,
    BigDecimal price,
    BigDecimal cumQty,
    BigDecimal avgPrice,
    BigDecimal commission,
    String time) {}
