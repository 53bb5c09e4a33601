package com.tradeplan.runtime;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import java.util.function.Consumer;

/**
 * Test fixtures of the kill-switch tests: a {@link RiskGate} in front of a broker that accepts
 * everything, and market orders on AAPL to put to it (an entry the switch refuses, a stop it lets
 * pass).
 */
final class GateOrders {
  private GateOrders() {}

  /** A gate whose rate limits are far away, over a broker that accepts every order and cancel. */
  static RiskGate openGate() {
    return new RiskGate(new AcceptingBroker(), 1_000, 1_000, 1_000);
  }

  /** As {@link #openGate()}, on IB account {@code account}. */
  static RiskGate openGate(String account) {
    return new RiskGate(new AcceptingBroker(), 1_000, 1_000, 1_000, account);
  }

  /** alice's market entry of plan {@code p<plan>}: buy 100 AAPL. */
  static OrderRequest entry(int plan) {
    return market("p" + plan, OrderRole.ENTRY, "alice", OrderAction.BUY, 100, "Entry triggers");
  }

  /** alice's market stop of plan {@code p<plan>}: sell 100 AAPL. */
  static OrderRequest stop(int plan) {
    return market("p" + plan, OrderRole.STOP, "alice", OrderAction.SELL, 100, "Stop triggers");
  }

  /** {@code owner}'s market entry of plan {@code p-<owner>} (buy 10 AAPL) on {@code account}. */
  static OrderRequest entry(String owner, String account) {
    return market("p-" + owner, OrderRole.ENTRY, owner, OrderAction.BUY, 10, "Entry triggers")
        .withAccount(account);
  }

  private static OrderRequest market(
      String planId, OrderRole role, String owner, OrderAction action, int shares, String why) {
    return OrderRequest.market(
        new OrderRef(planId, role, 0, 1), owner, Instrument.stock("AAPL"), action, shares, why);
  }

  /** A broker that accepts everything, telling what it was sent and asked to cancel. */
  static final class AcceptingBroker implements Broker {
    private final Consumer<OrderRequest> submitted;
    private final Consumer<OrderRef> cancelled;

    AcceptingBroker() {
      this(request -> {}, ref -> {});
    }

    AcceptingBroker(Consumer<OrderRequest> submitted, Consumer<OrderRef> cancelled) {
      this.submitted = submitted;
      this.cancelled = cancelled;
    }

    @Override
    public SubmitResult submit(OrderRequest request) {
      submitted.accept(request);
      return SubmitResult.ACCEPTED;
    }

    @Override
    public SubmitResult cancel(OrderRef ref) {
      cancelled.accept(ref);
      return SubmitResult.ACCEPTED;
    }

    @Override
    public void setListener(BrokerListener listener) {}
  }
}
