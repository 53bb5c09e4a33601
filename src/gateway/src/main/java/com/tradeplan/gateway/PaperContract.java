package com.tradeplan.gateway;

import java.math.BigDecimal;

/** One stock as the paper gateway describes it in a contractData answer. */
record PaperContract(
    int conId,
    String symbol,
    String secType,
    String exchange,
    String primaryExchange,
    String currency,
    String longName,
    BigDecimal minTick,
    String timeZoneId,
    String tradingHours,
    String liquidHours,
    int marketRuleId) {}
