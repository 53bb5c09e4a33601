package com.tradeplan.gateway;

import java.math.BigDecimal;

/** The fields of a placeOrder request the simulated exchange uses. */
record ParsedOrder(
    int orderId,
    String symbol,
    String secType,
    String exchange,
    String currency,
    String action,
    BigDecimal totalQuantity,
    String orderType,
    BigDecimal lmtPrice,
    BigDecimal auxPrice,
    String tif,
    String ocaGroup,
    String account,
    String orderRef,
    boolean transmit,
    int parentId,
    String goodTillDate,
    int ocaType,
    boolean whatIf,
    boolean outsideRth) {}
