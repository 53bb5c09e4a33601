package com.tradeplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated market fills a limit (a slippage-protected entry) only at or better than it. */
class SimulatedBrokerLimitTest {
  private final List<Fill> fills = new ArrayList<>();
  private final SimulatedBroker broker = new SimulatedBroker(null, CommissionModel.NONE);

  SimulatedBrokerLimitTest() {
    broker.setListener(
        new BrokerListener() {
          @Override
          public void onOrderUpdate(OrderUpdate update) {}

          @Override
          public void onFill(Fill fill) {
            fills.add(fill);
          }

          @Override
          public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {}
        });
  }

  private static OrderRequest limit(String plan, OrderAction action, String price) {
    return new OrderRequest(
        new OrderRef(plan, OrderRole.ENTRY, 0, 1),
        "alice",
        Instrument.stock("AAPL"),
        action,
        OrderType.LIMIT,
        10,
        new BigDecimal(price),
        null,
        "test",
        null);
  }

  private void tick(String last) {
    broker.onTick(Tick.of("AAPL", Instant.parse("2026-03-02T15:00:00Z"), new BigDecimal(last)));
  }

  @Test
  void aBuyLimitFillsAtOrBelowItAndASellLimitAtOrAboveIt() {
    assertThat(broker.submit(limit("b", OrderAction.BUY, "101.02")))
        .isEqualTo(SubmitResult.ACCEPTED);
    assertThat(broker.submit(limit("s", OrderAction.SELL, "101.05")))
        .isEqualTo(SubmitResult.ACCEPTED);
    tick("101.03");
    assertThat(fills).isEmpty();
    tick("101.02");
    assertThat(fills).extracting(f -> f.orderRef().planId()).containsExactly("b");
    assertThat(fills.get(0).price()).isEqualByComparingTo("101.02");
    tick("101.04");
    assertThat(fills).hasSize(1);
    tick("101.05");
    assertThat(fills).extracting(f -> f.orderRef().planId()).containsExactly("b", "s");
    assertThat(fills.get(1).price()).isEqualByComparingTo("101.05");
    assertThat(broker.workingCount()).isZero();
  }
}
