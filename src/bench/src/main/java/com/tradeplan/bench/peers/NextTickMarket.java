package com.tradeplan.bench.peers;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The market every implementation trades with in the benchmarks: the simulator's default fill model
 * (lifecycle.md section 6: a market order sent while evaluating tick i fills completely at the last
 * price of the next tick of its symbol, before that tick is evaluated; no commission). It records
 * every order in an {@link OrderLog} with the index of the tick it was sent during.
 *
 * <p>Unlike the simulator's {@code SimulatedBroker}, which scans every working order on every tick,
 * it keeps working orders per symbol: a tick of a symbol with nothing working costs one map lookup,
 * so the market adds the same near-zero cost to every implementation's quiet tick. It does not
 * refuse a second submit of the same reference: a duplicate shows up as an order the workload did
 * not expect. Single-threaded; at most {@link #WORKING_MAX} orders work at once, past which a
 * submit is DENIED.
 */
public final class NextTickMarket implements Broker {
  public static final int WORKING_MAX = 2_000_000;

  private final OrderLog log;
  private final Map<String, ArrayDeque<OrderRequest>> working = new HashMap<>();
  private BrokerListener listener;
  private long tickIndex = -1;
  private long executions;
  private int workingCount;

  public NextTickMarket(OrderLog log) {
    this.log = log;
  }

  @Override
  public void setListener(BrokerListener listener) {
    this.listener = listener;
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    if (request.type() != OrderType.MARKET) {
      return SubmitResult.denied("the benchmark market fills market orders only");
    }
    if (workingCount >= WORKING_MAX) {
      return SubmitResult.denied("more than " + WORKING_MAX + " working orders");
    }
    log.record(SentOrder.of(request.ref(), request.action(), request.quantity(), tickIndex));
    working.computeIfAbsent(request.instrument().symbol(), s -> new ArrayDeque<>()).add(request);
    workingCount++;
    return SubmitResult.ACCEPTED;
  }

  /** Cancels at once (the benchmark's workloads never cancel; an implementation may). */
  @Override
  public SubmitResult cancel(OrderRef ref) {
    for (ArrayDeque<OrderRequest> orders : working.values()) {
      Iterator<OrderRequest> it = orders.iterator();
      while (it.hasNext()) {
        if (it.next().ref().equals(ref)) {
          it.remove();
          workingCount--;
          listener.onOrderUpdate(OrderUpdate.status(ref, OrderStatus.CANCELLED));
          return SubmitResult.ACCEPTED;
        }
      }
    }
    return SubmitResult.denied("no working order " + ref);
  }

  /**
   * Starts tick {@code index}: fills the orders working on its symbol at its last price, in the
   * order they were sent, and stamps the orders sent from now on with this index.
   */
  public void onTick(Tick tick, long index) {
    tickIndex = index;
    ArrayDeque<OrderRequest> orders = working.get(tick.symbol());
    if (orders == null || orders.isEmpty()) {
      return;
    }
    List<OrderRequest> filled = new ArrayList<>(orders);
    orders.clear();
    workingCount -= filled.size();
    BigDecimal price = tick.last();
    for (OrderRequest o : filled) {
      listener.onFill(
          new Fill(
              "x" + (++executions),
              o.ref(),
              o.action(),
              o.quantity(),
              price,
              BigDecimal.ZERO,
              tick.time()));
    }
  }

  public int workingCount() {
    return workingCount;
  }

  public OrderLog log() {
    return log;
  }
}
