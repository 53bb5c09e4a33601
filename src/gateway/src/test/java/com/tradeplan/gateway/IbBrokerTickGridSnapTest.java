package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over a real socket into the paper gateway, whose PENNY is on market rule 31 (0.0001 below $1,
 * 0.01 from $1): a long's break-even stop and an entry's slippage limit above $1, rounded on the
 * finest increment 0.0001, reach the gateway on the 0.01 grid (the stop up, the buy limit down) and
 * are accepted, the answer saying what was moved; a price on the grid goes as it is. The gateway
 * refuses off-grid prices with IB's error 110, so this is also the proof that Tradeplan's snap
 * never trips it (seeded random prices), and that an order sent before its grid is known gets it as
 * a rejection in IB's words.
 */
class IbBrokerTickGridSnapTest {
  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private PaperGateway gateway;
  private IbBroker broker;

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

  private void connect() throws Exception {
    gateway = paper.startGateway(new GatewayConfig());
    broker =
        paper.connect(
            paper.brokerConfig(14).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7));
  }

  /** The last update the broker reported of each order. */
  private Map<OrderRef, OrderUpdate> lastUpdate() {
    return paper.listener.lastUpdates();
  }

  private void awaitGrid(String symbol) {
    assertThat(broker.tickSizes().tickSize(Instrument.stock(symbol), Duration.ofSeconds(5)).grid())
        .as("%s's market rule known", symbol)
        .isNotNull();
  }

  @Test
  void offGridPricesAboveOneDollarReachTheGatewayOnItsGridAndAreAccepted() throws Exception {
    connect();
    awaitGrid("PENNY");

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
        .until(() -> gateway.getAudit().entries().size() >= 3 && lastUpdate().size() >= 3);
    Map<String, AuditEntry> sent = new ConcurrentHashMap<>();
    gateway.getAudit().entries().forEach(e -> sent.put(e.orderRef(), e));
    assertThat(sent.get(breakEvenStop.ref().toString()).stopPrice()).isEqualByComparingTo("1.24");
    assertThat(sent.get(entryLimit.ref().toString()).limitPrice()).isEqualByComparingTo("1.50");
    assertThat(sent.get(onGrid.ref().toString()).limitPrice()).isEqualByComparingTo("0.9876");
    assertThat(lastUpdate().values())
        .as("none refused by the gateway")
        .noneMatch(OrderUpdate::rejected);
  }

  /**
   * Before IB told its grid (contract details asked for at the first order, never waited for), an
   * order goes as it is; an off-grid price then gets IB's error 110, which reaches the engine as a
   * rejection in IB's words (so the plan's history says why), not as a silent cancel.
   */
  @Test
  void anOffGridPriceSentBeforeTheGridIsKnownIsRejectedWithIbsError110() throws Exception {
    connect();
    OrderRequest early = order(OrderRole.ENTRY, OrderAction.BUY, OrderType.LIMIT, "1.5003", null);
    assertThat(broker.submit(early)).isEqualTo(SubmitResult.ACCEPTED);
    await().atMost(Duration.ofSeconds(10)).until(() -> lastUpdate().containsKey(early.ref()));
    OrderUpdate refused = lastUpdate().get(early.ref());
    assertThat(refused.rejected()).isTrue();
    assertThat(refused.reason())
        .isEqualTo(
            "IB 110: The price does not conform to the minimum price variation for this"
                + " contract.");
  }

  /**
   * Seeded: random limit and stop prices, most of them off the grid, on PENNY (rule 31), COARSE
   * (rule 32: 0.01, 0.05 from $10, 0.10 from $100) and NICKEL (0.05), for random roles and sides,
   * through IbBroker.submit: every one reaches the gateway on its grid and none gets IB's error 110
   * (which the gateway answers a hand-made off-grid order with, PaperGatewayPriceGridAndHoursTest).
   */
  @Test
  void randomOffGridPricesThroughSubmitAreAllAcceptedByTheGateway() throws Exception {
    connect();
    String[] symbols = {"PENNY", "COARSE", "NICKEL"};
    for (String s : symbols) {
      awaitGrid(s);
    }
    long seed = 20261205L;
    java.util.Random random = new java.util.Random(seed);
    OrderRole[] roles = {OrderRole.ENTRY, OrderRole.STOP, OrderRole.TARGET, OrderRole.FLATTEN};
    int count = 120;
    int snapped = 0;
    for (int i = 0; i < count; i++) {
      String symbol = symbols[random.nextInt(symbols.length)];
      OrderRole role = roles[random.nextInt(roles.length)];
      OrderAction action = random.nextBoolean() ? OrderAction.BUY : OrderAction.SELL;
      BigDecimal price =
          BigDecimal.valueOf(10_000 + random.nextInt(1_990_000), 4); // 1.0000 .. 199.9999
      boolean stop = role == OrderRole.STOP || (role == OrderRole.ENTRY && random.nextBoolean());
      OrderRequest r =
          new OrderRequest(
              new OrderRef("rnd" + i, role, 0, 1),
              "alice",
              Instrument.stock(symbol),
              action,
              stop ? OrderType.STOP : OrderType.LIMIT,
              10,
              stop ? null : price,
              stop ? price : null,
              "rule",
              null);
      SubmitResult answer = broker.submit(r);
      assertThat(answer.accepted()).as("seed %d order %d: %s", seed, i, answer).isTrue();
      if (answer.adjustment() != null) {
        snapped++;
      }
    }
    assertThat(snapped).as("most random prices were off the grid").isGreaterThan(count / 2);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                gateway.getAudit().entries().size() >= count
                    && lastUpdate().keySet().stream()
                            .filter(k -> k.planId().startsWith("rnd"))
                            .count()
                        >= count);
    for (AuditEntry e : gateway.getAudit().entries()) {
      BigDecimal sent = e.limitPrice() != null ? e.limitPrice() : e.stopPrice();
      assertThat(gateway.contracts().gridOf(e.symbol()).isOnGrid(sent))
          .as("seed %d: %s %s sent at %s", seed, e.orderRef(), e.symbol(), sent)
          .isTrue();
    }
    assertThat(lastUpdate().values())
        .as("seed %d: no error 110 (nor any refusal) from the gateway", seed)
        .noneMatch(OrderUpdate::rejected);
  }
}
