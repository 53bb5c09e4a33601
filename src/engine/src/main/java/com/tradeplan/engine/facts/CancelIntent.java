package com.tradeplan.engine.facts;

import com.tradeplan.domain.order.OrderRef;

/** A cancel the rules decided to send for the unfilled rest of an order. */
public record CancelIntent(String owner, OrderRef ref, long unfilledQuantity, String rule) {}
