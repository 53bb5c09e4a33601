package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskGateTest {
  private final List<String> sent = new ArrayList<>();
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
        public void setListener(BrokerListener listener) {}
      };

  private static OrderRequest order(String owner, int index, long qty) {
    return OrderRequest.market(
        new OrderRef("p-" + owner, OrderRole.TARGET, index, 1),
        owner,
        Instrument.stock("AAPL"),
        OrderAction.SELL,
        qty,
        "test");
  }

  @Test
  void deniesAnOrderAboveTheMaximumQuantityWithTheReason() {
    RiskGate gate = new RiskGate(market, 1000, 10, 10);
    SubmitResult r = gate.submit(order("alice", 0, 1001));
    assertThat(r.code()).isEqualTo(SubmitResult.Code.DENIED);
    assertThat(r.reason()).contains("exceeds the maximum of 1000");
    assertThat(gate.submit(order("alice", 1, 1000)).accepted()).isTrue();
    assertThat(sent).containsExactly("p-alice:TARGET:1:1");
  }

  @Test
  void killSwitchStopsNewOrdersButLetsCancelsThrough() {
    RiskGate gate = new RiskGate(market, 1000, 10, 10);
    gate.engageKillSwitch("operator: market halted");
    assertThat(gate.submit(order("alice", 0, 1)).reason()).contains("market halted");
    assertThat(gate.cancel(new OrderRef("p1", OrderRole.ENTRY, 0, 1)).accepted()).isTrue();
    gate.releaseKillSwitch();
    assertThat(gate.submit(order("alice", 1, 1)).accepted()).isTrue();
  }

  @Test
  void rateLimitIsPerOwner() {
    RiskGate gate = new RiskGate(market, 1000, 1, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(gate.submit(order("alice", i, 1)).accepted()).isTrue();
    }
    assertThat(gate.submit(order("alice", 3, 1)).reason()).contains("rate limit").contains("alice");
    assertThat(gate.submit(order("bob", 0, 1)).accepted()).as("bob has his own bucket").isTrue();
  }
}
