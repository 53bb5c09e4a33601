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

  /** An entry: the orders the gate may refuse. */
  private static OrderRequest order(String owner, int index, long qty) {
    return exit(owner, OrderRole.ENTRY, index, qty);
  }

  private static OrderRequest exit(String owner, OrderRole role, int index, long qty) {
    return OrderRequest.market(
        new OrderRef("p-" + owner, role, index, 1),
        owner,
        Instrument.stock("AAPL"),
        role == OrderRole.ENTRY ? OrderAction.BUY : OrderAction.SELL,
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
    assertThat(sent).containsExactly("p-alice:ENTRY:1:1");
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

  /**
   * Issue 20, point 3: with the kill switch on and the owner's rate used up, a stop and a flatten
   * (and a target) still go out; an entry is denied, with the limit that broke.
   */
  @Test
  void withTheKillSwitchOnAndTheRateUsedUpStopsAndFlattensPassAndAnEntryIsDeniedWithItsReason() {
    RiskGate gate = new RiskGate(market, 1000, 1, 2);
    assertThat(gate.submit(order("alice", 0, 1)).accepted()).isTrue();
    assertThat(gate.submit(order("alice", 1, 1)).accepted()).isTrue();
    SubmitResult rate = gate.submit(order("alice", 2, 1));
    assertThat(rate.code()).isEqualTo(SubmitResult.Code.DENIED);
    assertThat(rate.reason())
        .isEqualTo(
            "order rate limit 1/s (burst 2) for owner alice reached"
                + " (3 entries in the last second with this one)");

    gate.engageKillSwitch("operator: market halted");
    assertThat(gate.submit(exit("alice", OrderRole.STOP, 0, 50)).accepted()).isTrue();
    assertThat(gate.submit(exit("alice", OrderRole.FLATTEN, 0, 50)).accepted()).isTrue();
    assertThat(gate.submit(exit("alice", OrderRole.TARGET, 0, 50)).accepted()).isTrue();
    SubmitResult entry = gate.submit(order("alice", 3, 1));
    assertThat(entry.code()).isEqualTo(SubmitResult.Code.DENIED);
    assertThat(entry.reason())
        .isEqualTo(
            "kill switch engaged (operator: market halted): entries are refused, exits and"
                + " cancels pass");
    assertThat(sent)
        .containsExactly(
            "p-alice:ENTRY:0:1",
            "p-alice:ENTRY:1:1",
            "p-alice:STOP:0:1",
            "p-alice:FLATTEN:0:1",
            "p-alice:TARGET:0:1");
  }

  /** A position built from several entries is exited in one order, above the entry maximum. */
  @Test
  void anExitAboveTheEntryMaximumPassesAndAnEntryAboveItIsDeniedNamingBoth() {
    RiskGate gate = new RiskGate(market, 1000, 10, 10);
    assertThat(gate.submit(exit("alice", OrderRole.STOP, 0, 3000)).accepted()).isTrue();
    assertThat(gate.submit(order("alice", 0, 1001)).reason())
        .isEqualTo(
            "entry quantity 1001 exceeds the maximum of 1000 per order (maximum order quantity)");
  }

  @Test
  void exitsDoNotUseTheOwnersRate() {
    RiskGate gate = new RiskGate(market, 1000, 1, 1);
    for (int i = 0; i < 20; i++) {
      assertThat(gate.submit(exit("alice", OrderRole.STOP, i, 1)).accepted()).isTrue();
    }
    assertThat(gate.submit(order("alice", 0, 1)).accepted()).as("the entry's token").isTrue();
  }

  @Test
  void onlyEntriesAreExposure() {
    for (OrderRole role : OrderRole.values()) {
      assertThat(RiskGate.isExit(exit("alice", role, 0, 1))).isEqualTo(role != OrderRole.ENTRY);
    }
  }
}
