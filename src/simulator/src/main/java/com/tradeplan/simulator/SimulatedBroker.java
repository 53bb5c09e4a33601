package com.tradeplan.simulator;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The simulator's market (lifecycle.md section 6): a market order sent while evaluating tick i
 * fills at the last price of the next tick of its symbol, before that tick is evaluated; at most
 * {@code maxFillPerTick} shares per order per tick (partial fills); with a latency of N ticks an
 * order lets N ticks of its symbol pass before its first fill; a cancel takes effect at once; a
 * commission per share is charged on every fill. Single-threaded, deterministic.
 */
public class SimulatedBroker implements Broker {
  /** Bound on orders working at once in one simulation. */
  public static final int WORKING_MAX = 1_000_000;

  private final Long maxFillPerTick;
  private final CommissionModel commission;
  private final int latencyTicks;
  private final Map<OrderRef, Working> working = new LinkedHashMap<>();
  private final Set<OrderRef> seen = new HashSet<>();
  private BrokerListener listener;
  private long executions;

  private static final class Working {
    final OrderRequest request;
    long remaining;
    int ticksToWait;
    BigDecimal filledShares = BigDecimal.ZERO;
    BigDecimal tradeValue = BigDecimal.ZERO;

    Working(OrderRequest request) {
      this.request = request;
      this.remaining = request.quantity();
    }
  }

  public SimulatedBroker(Long maxFillPerTick, CommissionModel commission) {
    this(maxFillPerTick, commission, 0);
  }

  /** A market whose orders let {@code latencyTicks} ticks of their symbol pass before filling. */
  public SimulatedBroker(Long maxFillPerTick, CommissionModel commission, int latencyTicks) {
    if (latencyTicks < 0) {
      throw new IllegalArgumentException("latencyTicks must be >= 0: " + latencyTicks);
    }
    this.latencyTicks = latencyTicks;
    if (maxFillPerTick != null && maxFillPerTick <= 0) {
      throw new IllegalArgumentException("maxFillPerTick must be > 0: " + maxFillPerTick);
    }
    this.maxFillPerTick = maxFillPerTick;
    this.commission = Objects.requireNonNull(commission, "commission");
  }

  /** A market charging a plain rate per share (null as 0), the historical model. */
  public SimulatedBroker(Long maxFillPerTick, BigDecimal commissionPerShare) {
    this(
        maxFillPerTick,
        new CommissionModel.PerShare(
            commissionPerShare == null ? BigDecimal.ZERO : commissionPerShare));
  }

  @Override
  public void setListener(BrokerListener listener) {
    this.listener = listener;
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    if (!seen.add(request.ref())) {
      return SubmitResult.duplicate("orderRef " + request.ref() + " was already sent");
    }
    if (request.type() != OrderType.MARKET && request.type() != OrderType.LIMIT) {
      return SubmitResult.denied("the simulator fills market and limit orders only");
    }
    if (working.size() >= WORKING_MAX) {
      return SubmitResult.denied("more than " + WORKING_MAX + " working orders");
    }
    Working w = new Working(request);
    w.ticksToWait = latencyTicks;
    working.put(request.ref(), w);
    return SubmitResult.ACCEPTED;
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    Working w = working.remove(ref);
    if (w == null) {
      return SubmitResult.denied("no working order " + ref);
    }
    listener.onOrderUpdate(OrderUpdate.status(ref, OrderStatus.CANCELLED));
    return SubmitResult.ACCEPTED;
  }

  /**
   * Fills working orders of the tick's symbol at its last price, in the order they were sent; a
   * limit order only on a tick whose last price is at or better than its limit (a
   * slippage-protected entry), otherwise it keeps working.
   */
  public void onTick(Tick tick) {
    List<Fill> fills = new ArrayList<>();
    Iterator<Working> it = working.values().iterator();
    while (it.hasNext()) {
      Working w = it.next();
      if (!w.request.instrument().symbol().equals(tick.symbol()) || !limitAllows(w, tick)) {
        continue;
      }
      if (w.ticksToWait > 0) {
        w.ticksToWait--;
        continue;
      }
      long qty = maxFillPerTick == null ? w.remaining : Math.min(w.remaining, maxFillPerTick);
      w.remaining -= qty;
      BigDecimal shares = BigDecimal.valueOf(qty);
      BigDecimal charged =
          commission.fillCommission(w.filledShares, w.tradeValue, shares, tick.last());
      w.filledShares = w.filledShares.add(shares);
      w.tradeValue = w.tradeValue.add(tick.last().multiply(shares), Decimals.MATH);
      fills.add(
          new Fill(
              "sim-" + (++executions),
              w.request.ref(),
              w.request.action(),
              qty,
              tick.last(),
              charged,
              tick.time()));
      if (w.remaining == 0) {
        it.remove();
      }
    }
    for (Fill f : fills) {
      listener.onFill(f);
    }
  }

  private static boolean limitAllows(Working w, Tick tick) {
    if (w.request.type() != OrderType.LIMIT) {
      return true;
    }
    int c = tick.last().compareTo(w.request.limitPrice());
    return w.request.action() == OrderAction.BUY ? c <= 0 : c >= 0;
  }

  /** Orders still working, for scenario assertions. */
  public int workingCount() {
    return working.size();
  }

  protected BrokerListener listener() {
    return listener;
  }

  /** Removes a working order without telling anyone (scenario fault injection). */
  protected boolean forget(OrderRef ref) {
    return working.remove(ref) != null;
  }
}
