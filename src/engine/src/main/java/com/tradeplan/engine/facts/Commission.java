package com.tradeplan.engine.facts;

import com.tradeplan.domain.order.OrderRef;
import java.math.BigDecimal;

/**
 * A commission report from the broker, for the execution {@code executionId} of the order {@code
 * ref}. Charged once per execution id: IB sends it after its execution, and again whenever it
 * replays executions (a restart, a take-over, a rebuild).
 */
public record Commission(String executionId, OrderRef ref, BigDecimal amount) {}
