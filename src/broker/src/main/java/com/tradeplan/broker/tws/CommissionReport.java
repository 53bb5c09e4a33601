package com.tradeplan.broker.tws;

import java.math.BigDecimal;

/** IB's commission report for one execution; arrives after the execution. */
public record CommissionReport(
    String execId, BigDecimal commission, String currency, BigDecimal realizedPnl) {}
