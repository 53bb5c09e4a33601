package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.gateway.ExecutionReport;
import java.math.BigDecimal;
import java.util.List;

/**
 * The oracle of issue 20, point 7: what a plan's commission and realized P&L must be, computed from
 * the paper gateway's own executions alone (each with the commission it reported), independently of
 * the engine: entries add to the cost, each exit realizes (price - average entry so far) times its
 * shares, negated for a SHORT, and every execution's commission is subtracted once.
 */
record ExecutionsImply(BigDecimal commission, BigDecimal realizedPnl, long executions) {
  static ExecutionsImply of(String planId, Side side, List<ExecutionReport> executions) {
    long entryShares = 0;
    long count = 0;
    BigDecimal entryCost = BigDecimal.ZERO;
    BigDecimal gross = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    for (ExecutionReport e : executions) {
      OrderRef ref = OrderRef.parse(e.orderRef());
      if (ref == null || !ref.planId().equals(planId)) {
        continue;
      }
      count++;
      BigDecimal shares = e.shares();
      commission = commission.add(e.commission(), Decimals.MATH);
      if (ref.role() == OrderRole.ENTRY) {
        entryShares += shares.longValueExact();
        entryCost = entryCost.add(e.price().multiply(shares, Decimals.MATH), Decimals.MATH);
      } else {
        BigDecimal avg = entryCost.divide(BigDecimal.valueOf(entryShares), Decimals.MATH);
        BigDecimal pnl = e.price().subtract(avg, Decimals.MATH).multiply(shares, Decimals.MATH);
        gross = gross.add(side == Side.LONG ? pnl : pnl.negate(), Decimals.MATH);
      }
    }
    return new ExecutionsImply(commission, gross.subtract(commission), count);
  }

  /** Fails unless the plan's commission and realized P&L are exactly what its executions imply. */
  static void check(PlanSnapshot s, List<ExecutionReport> executions, String when) {
    ExecutionsImply implied = of(s.planId(), s.plan().side(), executions);
    assertEquals(
        0,
        implied.commission().compareTo(s.commission()),
        when
            + ": "
            + s.planId()
            + " commission "
            + s.commission()
            + ", its "
            + implied.executions()
            + " executions imply "
            + implied.commission());
    assertEquals(
        0,
        implied.realizedPnl().compareTo(s.realizedPnl()),
        when
            + ": "
            + s.planId()
            + " realized P&L "
            + s.realizedPnl()
            + ", its executions imply "
            + implied.realizedPnl());
  }
}
