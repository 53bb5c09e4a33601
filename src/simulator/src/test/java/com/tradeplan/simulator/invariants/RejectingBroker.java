package com.tradeplan.simulator.invariants;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.simulator.SimulatedBroker;
import java.math.BigDecimal;

/**
 * The simulated market, except that it rejects a deterministic share of orders: whether an order is
 * rejected depends only on the seed and its orderRef, so reruns (gate off, rebuilt sessions) see
 * the same rejections.
 */
final class RejectingBroker extends SimulatedBroker {
  private final long seed;
  private final int rejectOneIn;

  RejectingBroker(Long maxFillPerTick, BigDecimal commissionPerShare, long seed, int rejectOneIn) {
    super(maxFillPerTick, commissionPerShare);
    this.seed = seed;
    this.rejectOneIn = rejectOneIn;
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    long h = (request.ref().toString().hashCode() * 0x9E3779B97F4A7C15L) ^ seed;
    if (rejectOneIn > 0 && Math.floorMod(h >>> 7, rejectOneIn) == 0) {
      listener().onOrderUpdate(OrderUpdate.rejected(request.ref(), "random rejection"));
      return SubmitResult.ACCEPTED;
    }
    return super.submit(request);
  }
}
