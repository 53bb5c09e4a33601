package com.tradeplan.engine.facts;

import com.tradeplan.domain.broker.OrderRequest;

/** An order the rules decided to send, already recorded in the plan's state. */
public record OrderIntent(OrderRequest request) {}
