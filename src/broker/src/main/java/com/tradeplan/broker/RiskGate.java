package com.tradeplan.broker;

import com.tradeplan.broker.tws.TokenBucket;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The invariants no rule can break, in front of any {@link Broker}: a kill switch, a largest order
 * quantity and an order rate per owner, all three for <b>entries</b>. A refusal is {@link
 * SubmitResult#denied} with a reason that names the limit, its value and the figure that broke it;
 * the order never leaves Tradeplan (a local DENIED, never a broker rejection).
 *
 * <p>What protects a position is never refused here. An exit (role STOP, TARGET or FLATTEN: {@link
 * #isExit}) can only reduce a position the platform let in: the engine sizes every exit to at most
 * the open position not already covered by working exits, and refuses to build one beyond it
 * (lifecycle.md §4.5; {@code PlanState}). So an exit passes the kill switch, the rate limit (and
 * does not use the owner's rate), and the quantity maximum (a position built from several entries
 * may be larger than one entry may be, and must still be exitable in one order). The broker behind
 * sends exits ahead of entries ({@link OrderSender#priority}). Cancels always pass: they only
 * reduce risk. Positions are not known here, so "never oversell" stays with the engine.
 */
public final class RiskGate implements Broker {
  /** Owners the rate limiter remembers; an entry of one more owner is refused (named). */
  static final int MAX_OWNERS = 100_000;

  private final Broker delegate;
  private final long maxOrderQuantity;
  private final int ordersPerSecondPerOwner;
  private final int burstPerOwner;
  private final Map<String, OwnerRate> perOwner = new ConcurrentHashMap<>();
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

  /**
   * True for an order that can only reduce a position: a stop, a target or a flatten (what the
   * engine sends to leave a position, never more than the position). Only an entry opens one.
   */
  public static boolean isExit(OrderRequest request) {
    return request.ref().role() != OrderRole.ENTRY;
  }

  /** Stops every new entry until {@link #releaseKillSwitch()}; exits and cancels still go. */
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
    if (isExit(request)) {
      return delegate.submit(request); // protects a position: never refused here
    }
    String kill = killReason;
    if (kill != null) {
      return SubmitResult.denied(
          "kill switch engaged (" + kill + "): entries are refused, exits and cancels pass");
    }
    if (request.quantity() > maxOrderQuantity) {
      return SubmitResult.denied(
          "entry quantity "
              + request.quantity()
              + " exceeds the maximum of "
              + maxOrderQuantity
              + " per order (maximum order quantity)");
    }
    OwnerRate rate = perOwner.get(request.owner());
    if (rate == null) {
      if (perOwner.size() >= MAX_OWNERS) {
        return SubmitResult.denied(
            "the order rate limiter tracks at most "
                + MAX_OWNERS
                + " owners ("
                + perOwner.size()
                + " tracked): entry of owner "
                + request.owner()
                + " refused");
      }
      rate =
          perOwner.computeIfAbsent(
              request.owner(), o -> new OwnerRate(ordersPerSecondPerOwner, burstPerOwner));
    }
    int refusedAt = rate.tryEnter(System.nanoTime());
    if (refusedAt > 0) {
      return SubmitResult.denied(
          "order rate limit "
              + ordersPerSecondPerOwner
              + "/s (burst "
              + burstPerOwner
              + ") for owner "
              + request.owner()
              + " reached ("
              + refusedAt
              + " entries in the last second with this one)");
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

  /**
   * One owner's entry rate: a token bucket (rate per second, burst) decides; the times of the
   * latest entries it let through say how many came in the last second, for the refusal's figure.
   * Bounded: it keeps at most {@code burst + rate} times, the most a one-second window can hold.
   */
  private static final class OwnerRate {
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final TokenBucket bucket;
    private final long[] recent;
    private int next;
    private int count;

    OwnerRate(int perSecond, int burst) {
      this.bucket = new TokenBucket(perSecond, burst);
      this.recent = new long[perSecond + burst];
    }

    /** 0 when the entry may go; otherwise the entries in the last second, this one included. */
    synchronized int tryEnter(long nowNanos) {
      if (!bucket.tryAcquire()) {
        int inLastSecond = 1;
        for (int i = 0; i < count; i++) {
          if (nowNanos - recent[i] < SECOND_NANOS) {
            inLastSecond++;
          }
        }
        return inLastSecond;
      }
      recent[next] = nowNanos;
      next = (next + 1) % recent.length;
      count = Math.min(count + 1, recent.length);
      return 0;
    }
  }
}
