package com.tradeplan.gateway;

import java.math.BigDecimal;

/** A position of one account in one symbol; negative quantity is short. */
public record Position(
    int conId, String symbol, String currency, BigDecimal quantity, BigDecimal averageCost) {}
