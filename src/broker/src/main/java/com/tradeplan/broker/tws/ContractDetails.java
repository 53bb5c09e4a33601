package com.tradeplan.broker.tws;

import java.math.BigDecimal;

/**
 * What IB's contractData tells about one contract, as far as Tradeplan uses it: the contract's
 * identity, its minimum price increment ({@code minTick}, the tick grid every price must sit on),
 * and when it trades ({@code tradingHours}, {@code liquidHours}: IB's text, e.g. {@code
 * 20261207:0400-20261207:2000;20261208:CLOSED}, in {@code timeZoneId}). The other fields of the
 * message are read past.
 */
public record ContractDetails(
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
    String liquidHours) {}
