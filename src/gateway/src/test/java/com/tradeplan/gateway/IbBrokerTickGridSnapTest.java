package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over a real socket into the paper gateway, whose PENNY is on market rule 31 (0.0001 below $1,
 * 0.01 from $1): a long's break-even stop and an entry's slippage limit above $1, rounded on the
 * finest increment 0.0001, reach the gateway on the 0.01 grid (the stop up, the buy limit down) and
 * are accepted; a price on the grid goes as it is.
 */
class IbBrokerTickGridSnapTest {
  private PaperGateway gateway;
  private IbBroker broker;
  private final Map<OrderRef, OrderUpdate> lastUpdate = new ConcurrentHashMap<>();

  @AfterEach
  void tearDown() {
    if (broker != null) {
      broker.close();
    }
    if (gateway != null) {
      gateway.stop();
    }
  }

  private static OrderRequest order(
      OrderRole role, OrderAction action, OrderType type, String limit, String stop) {
    return new OrderRequest(
        new OrderRef("penny-plan", role, 0, 1),
        "alice",
        Instrument.stock("PENNY"),
        action,
        type,
        100,
        limit == null ? null : new BigDecimal(limit),
        stop == null ? null : new BigDecimal(stop),
        "rule",
        null);
  }

  @Test
  void offGridPricesAboveOneDollarReachTheGatewayOnItsGridAndAreAccepted() throws Exception {
    gateway = new PaperGateway(new GatewayConfig()).start();
    IbBrokerConfig c =
        IbBrokerConfig.of("127.0.0.1", gateway.port(), 14, gateway.account())
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7);
    broker = new IbBroker(c, (kind, msg) -> {}).start();
    broker.setListener(
        new BrokerListener() {
          @Override
          public void onOrderUpdate(OrderUpdate update) {
            lastUpdate.put(update.ref(), update);
          }

          @Override
          public void onFill(Fill fill) {}
        });
    assertThat(broker.awaitReady(15, TimeUnit.SECONDS)).as("broker connected").isTrue();
    assertThat(broker.tickSizes().tickSize(Instrument.stock("PENNY"), Duration.ofSeconds(5)).grid())
        .as("PENNY's market rule known")
        .isNotNull();

    OrderRequest breakEvenStop =
        order(OrderRole.STOP, OrderAction.SELL, OrderType.STOP, null, "1.2345");
    OrderRequest entryLimit =
        order(OrderRole.ENTRY, OrderAction.BUY, OrderType.LIMIT, "1.5003", null);
    OrderRequest onGrid =
        order(OrderRole.TARGET, OrderAction.SELL, OrderType.LIMIT, "0.9876", null);
    assertThat(broker.submit(breakEvenStop))
        .as("accepted, saying what was moved (the engine records it in the plan's history)")
        .isEqualTo(
            SubmitResult.sentAs(
                "stop 1.2345 sent as 1.24 (rounded up): tick 0.01 at this price"
                    + " (tick grid 0.0001 from 0, 0.01 from 1)"));
    assertThat(broker.submit(entryLimit).adjustment())
        .startsWith("limit 1.5003 sent as 1.50 (rounded down): tick 0.01 at this price");
    assertThat(broker.submit(onGrid)).isEqualTo(SubmitResult.ACCEPTED);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gateway.getAudit().entries().size() >= 3 && lastUpdate.size() >= 3);
    Map<String, AuditEntry> sent = new ConcurrentHashMap<>();
    gateway.getAudit().entries().forEach(e -> sent.put(e.orderRef(), e));
    assertThat(sent.get(breakEvenStop.ref().toString()).stopPrice()).isEqualByComparingTo("1.24");
    assertThat(sent.get(entryLimit.ref().toString()).limitPrice()).isEqualByComparingTo("1.50");
    assertThat(sent.get(onGrid.ref().toString()).limitPrice()).isEqualByComparingTo("0.9876");
    assertThat(lastUpdate.values())
        .as("none refused by the gateway")
        .noneMatch(OrderUpdate::rejected);
  }
}
