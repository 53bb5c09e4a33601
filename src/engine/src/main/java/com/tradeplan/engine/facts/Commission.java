package com.tradeplan.engine.facts;

import com.tradeplan.domain.order.OrderRef;
import java.math.BigDecimal;

/** A commission reported by the broker after its execution. */
public record Commission(String executionId, OrderRef ref, BigDecimal amount) {}
