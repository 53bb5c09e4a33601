package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate with the layered limits: reports pass through the limits on their way to the engine, a
 * fill that reaches an account's maximum per symbol has its other working entries cancelled with
 * the limit as the reason the plan sees, and exits pass whatever the figures.
 */
class RiskGateLimitsTest {
  private final List<String> sent = new ArrayList<>();
  private final List<OrderUpdate> seen = new ArrayList<>();
  private BrokerListener reports;

  private final Broker market =
      new Broker() {
        @Override
        public SubmitResult submit(OrderRequest request) {
          sent.add(request.ref().toString());
          return SubmitResult.ACCEPTED;
        }

        @Override
        public SubmitResult cancel(OrderRef ref) {
          sent.add("cancel " + ref);
          return SubmitResult.ACCEPTED;
        }

        @Override
        public void setListener(BrokerListener listener) {
          reports = listener;
        }
      };

  private static RiskLimits perSymbol(long max) {
    return RiskLimits.builder().maxPositionPerSymbol(max).build();
  }

  private static OrderRequest order(String plan, OrderRole role, OrderAction action, long qty) {
    return OrderRequest.market(
            new OrderRef(plan, role, 0, 1), "alice", Instrument.stock("AAPL"), action, qty, "t")
        .withAccount("DU1");
  }

  private RiskGate gate(LimitLayers layers) {
    RiskGate gate = new RiskGate(market, EntryLimits.of(RiskLimits.NONE));
    gate.limits().setLayers(layers);
    gate.setListener(
        new BrokerListener() {
          @Override
          public void onOrderUpdate(OrderUpdate update) {
            seen.add(update);
          }

          @Override
          public void onFill(Fill fill) {}
        });
    return gate;
  }

  private static Fill fill(OrderRequest o, long qty) {
    return new Fill(
        "X" + o.ref(), o.ref(), o.action(), qty, new BigDecimal("10"), null, Instant.EPOCH);
  }

  @Test
  void aFillThatReachesTheAccountsMaximumCancelsItsOtherEntriesOnTheSymbolWithTheReason() {
    RiskGate gate =
        gate(LimitLayers.of(RiskLimits.NONE).with(LimitScope.ACCOUNT, "DU1", perSymbol(1_000)));
    OrderRequest first = order("p1", OrderRole.ENTRY, OrderAction.BUY, 600);
    OrderRequest second = order("p2", OrderRole.ENTRY, OrderAction.BUY, 300);
    assertThat(gate.submit(first).accepted()).isTrue();
    assertThat(gate.submit(second).accepted()).isTrue();
    gate.limits()
        .setLayers(LimitLayers.of(RiskLimits.NONE).with(LimitScope.ACCOUNT, "DU1", perSymbol(600)));

    reports.onFill(fill(first, 600));
    assertThat(sent).containsExactly("p1:ENTRY:0:1", "p2:ENTRY:0:1", "cancel p2:ENTRY:0:1");
    reports.onOrderUpdate(OrderUpdate.status(second.ref(), OrderStatus.CANCELLED));
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(seen.get(0).reason())
        .isEqualTo(
            "maximum position per symbol 600 on AAPL for account DU1 reached by execution"
                + " Xp1:ENTRY:0:1 (position 600): working entry cancelled");
  }

  @Test
  void atTheMaximumAnEntryIsDeniedAndTheStopStillGoes() {
    RiskGate gate =
        gate(LimitLayers.of(RiskLimits.NONE).with(LimitScope.ACCOUNT, "DU1", perSymbol(600)));
    OrderRequest entry = order("p1", OrderRole.ENTRY, OrderAction.BUY, 600);
    gate.submit(entry);
    reports.onFill(fill(entry, 600));
    SubmitResult more = gate.submit(order("p2", OrderRole.ENTRY, OrderAction.BUY, 1));
    assertThat(more.code()).isEqualTo(SubmitResult.Code.DENIED);
    assertThat(more.reason()).startsWith("maximum position per symbol 600 on AAPL for account DU1");
    OrderRequest stop = order("p1", OrderRole.STOP, OrderAction.SELL, 600);
    assertThat(gate.submit(stop).accepted()).isTrue();
    reports.onFill(fill(stop, 600));
    assertThat(gate.limits().position("alice", "AAPL")).isZero();
    assertThat(gate.submit(order("p3", OrderRole.ENTRY, OrderAction.BUY, 600)).accepted())
        .as("the room is back once the stop filled")
        .isTrue();
  }
}
