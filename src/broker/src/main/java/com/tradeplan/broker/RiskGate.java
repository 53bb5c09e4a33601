package com.tradeplan.broker;

import com.tradeplan.broker.tws.TokenBucket;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invariants no rule can break, in front of any {@link Broker}: a kill switch, a largest order
 * quantity, and an order rate per owner. A refusal is {@link SubmitResult#denied} with the reason;
 * the order never leaves Tradeplan. Cancels always pass (they only reduce risk), even with the kill
 * switch on. Positions are not known here, so "never oversell" stays with the engine.
 */
public final class RiskGate implements Broker {
  private static final int MAX_OWNERS = 100_000;

  private final Broker delegate;
  private final long maxOrderQuantity;
  private final int ordersPerSecondPerOwner;
  private final int burstPerOwner;
  private final Map<String, TokenBucket> perOwner = new ConcurrentHashMap<>();
  private volatile String killReason;

  public RiskGate(
      Broker delegate, long maxOrderQuantity, int ordersPerSecondPerOwner, int burstPerOwner) {
    if (maxOrderQuantity <= 0 || ordersPerSecondPerOwner <= 0 || burstPerOwner <= 0) {
      throw new IllegalArgumentException("limits must be > 0");
    }
    this.delegate = delegate;
    this.maxOrderQuantity = maxOrderQuantity;
    this.ordersPerSecondPerOwner = ordersPerSecondPerOwner;
    this.burstPerOwner = burstPerOwner;
  }

  /** Stops every new order until {@link #releaseKillSwitch()}; cancels still go through. */
  public void engageKillSwitch(String reason) {
    this.killReason = reason == null ? "kill switch engaged" : reason;
  }

  public void releaseKillSwitch() {
    this.killReason = null;
  }

  public boolean killSwitchEngaged() {
    return killReason != null;
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    String kill = killReason;
    if (kill != null) {
      return SubmitResult.denied("kill switch: " + kill);
    }
    if (request.quantity() > maxOrderQuantity) {
      return SubmitResult.denied(
          "quantity " + request.quantity() + " exceeds the maximum of " + maxOrderQuantity);
    }
    if (perOwner.size() >= MAX_OWNERS && !perOwner.containsKey(request.owner())) {
      return SubmitResult.denied("too many distinct owners for the rate limiter");
    }
    TokenBucket bucket =
        perOwner.computeIfAbsent(
            request.owner(), o -> new TokenBucket(ordersPerSecondPerOwner, burstPerOwner));
    if (!bucket.tryAcquire()) {
      return SubmitResult.denied(
          "order rate limit of "
              + ordersPerSecondPerOwner
              + "/s reached for owner "
              + request.owner());
    }
    return delegate.submit(request);
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    return delegate.cancel(ref);
  }

  @Override
  public void setListener(BrokerListener listener) {
    delegate.setListener(listener);
  }
}
