package com.tradeplan.gateway;

import java.math.BigDecimal;

/**
 * One execution of the paper gateway as its audit keeps it, for tests that check what the platform
 * made of it: IB's execution id, the orderRef, IB's side ({@code BOT} or {@code SLD}), the shares,
 * the price and the commission the gateway reported for it.
 */
public record ExecutionReport(
    String executionId,
    String orderRef,
    String side,
    BigDecimal shares,
    BigDecimal price,
    BigDecimal commission) {}
