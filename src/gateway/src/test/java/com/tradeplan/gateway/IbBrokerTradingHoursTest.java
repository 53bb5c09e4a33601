package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IbBroker over a real socket against the paper gateway with its trading hours on: a market entry
 * sent at 08:00 US/Eastern (Tradeplan never sets outsideRth) is accepted, not rejected (IB's 399 is
 * an order message, not a refusal), waits PreSubmitted through a tick before the open and fills at
 * the first tick from 09:30.
 */
class IbBrokerTradingHoursTest {
  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private final List<OrderUpdate> updates = paper.listener.updates;
  private final List<Fill> fills = paper.listener.fills;

  @Test
  void aMarketEntryBeforeTheOpenWaitsForItAndFillsThen() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T13:00:00Z")); // 08:00 NY
    GatewayConfig config = new GatewayConfig();
    config.clock = clock;
    config.tradingHours = true;
    PaperGateway gateway = paper.startGateway(config);
    IbBroker broker =
        paper.connect(
            paper.brokerConfig(15).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7));
    OrderRequest entry =
        OrderRequest.market(
            new OrderRef("early", OrderRole.ENTRY, 0, 1),
            "alice",
            Instrument.stock("AAPL"),
            OrderAction.BUY,
            100,
            "rule");
    assertThat(broker.submit(entry)).isEqualTo(SubmitResult.ACCEPTED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> updates.stream().anyMatch(u -> u.status() == OrderStatus.PRE_SUBMITTED));
    gateway.publishTick("AAPL", "100.00");
    gateway.publishTick("AAPL", "100.10");
    assertThat(gateway.exchange().openOrderCount()).as("still waiting at the gateway").isEqualTo(1);
    assertThat(gateway.exchange().executions())
        .as("the ticks before the open fill nothing")
        .isEmpty();
    assertThat(fills).as("before the open: no fill").isEmpty();
    assertThat(updates).as("never rejected").noneMatch(OrderUpdate::rejected);

    clock.set(Instant.parse("2026-12-07T14:30:00Z")); // 09:30 NY: the open
    gateway.publishTick("AAPL", "100.20");
    await().atMost(Duration.ofSeconds(10)).until(() -> !fills.isEmpty());
    assertThat(fills.get(0).price()).isEqualByComparingTo("100.20");
    assertThat(fills.get(0).quantity()).isEqualTo(100);
  }
}
