package com.tradeplan.simulator.storm;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.simulator.SimulatedBroker;

/**
 * The simulator's market for a storm replay: entries fill as {@link SimulatedBroker} fills them (at
 * the next tick of their symbol), exits are accepted and never filled nor answered, as {@link
 * LaneReplay}'s broker treats them. Why: with exits filled at the next tick, whether a plan's
 * second exit is sent depends on when the first one's fill arrives relative to the ticks, which a
 * lane that batches ticks decides differently from a tick-by-tick simulator. With exits left
 * working on both sides, every exit the rules send follows from the levels the prices reached
 * alone, so the two runs must send exactly the same exits.
 */
public final class StormMarket extends SimulatedBroker {
  public StormMarket() {
    super(null, CommissionModel.NONE);
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    return request.ref().role() == OrderRole.ENTRY ? super.submit(request) : SubmitResult.ACCEPTED;
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    return ref.role() == OrderRole.ENTRY ? super.cancel(ref) : SubmitResult.ACCEPTED;
  }
}
