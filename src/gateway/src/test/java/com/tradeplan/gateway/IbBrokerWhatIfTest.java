package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.WhatIfAnswer;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IbBroker's shadow what-if checks over a real socket into the paper gateway (issue 14, point 7):
 * an exit is answered with the margin it frees, a rejection the gateway is told to give comes back
 * with IB's words, and a whatIf order can never execute: the gateway keeps none of them working and
 * fills none however the price moves, every one of them arrives flagged, and no order the broker
 * sends for real carries the flag.
 */
class IbBrokerWhatIfTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private PaperGateway gateway;
  private IbBroker broker;

  private void start() throws Exception {
    gateway = paper.startGateway(new GatewayConfig());
    broker =
        paper.connect(
            paper.brokerConfig(14).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7));
  }

  private static OrderRequest exit(String planId, OrderAction action, long quantity) {
    return OrderRequest.market(
        new OrderRef(planId, OrderRole.STOP, 0, 1),
        "alice",
        Instrument.stock("AAPL"),
        action,
        quantity,
        "what-if check");
  }

  private WhatIfAnswer ask(OrderRequest exit) throws Exception {
    CompletableFuture<WhatIfAnswer> answer = new CompletableFuture<>();
    assertThat(broker.askWhatIf(exit, answer::complete)).isTrue();
    return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void anExitIsAnsweredWithTheMarginItFreesAndARejectionWithIbsWords() throws Exception {
    start();
    gateway.publishTick("AAPL", "100.00");
    OrderRequest entry =
        OrderRequest.market(
            new OrderRef("p1", OrderRole.ENTRY, 0, 1),
            "alice",
            Instrument.stock("AAPL"),
            OrderAction.BUY,
            100,
            "entry");
    assertThat(broker.submit(entry)).isEqualTo(SubmitResult.ACCEPTED);
    // submit() only queues the order for the socket: the tick that fills it must come after the
    // gateway holds it, or (on a loaded machine) the tick passes first and nothing ever fills.
    await().atMost(WAIT).until(() -> gateway.openOrderCount() == 1);
    gateway.publishTick("AAPL", "100.00");
    await().atMost(WAIT).until(() -> gateway.positions(gateway.account()).containsKey("AAPL"));

    WhatIfAnswer a = ask(exit("p1", OrderAction.SELL, 100));
    assertThat(a.verdict()).isEqualTo(WhatIfAnswer.Verdict.ACCEPTED);
    assertThat(a.ref()).isEqualTo(new OrderRef("p1", OrderRole.STOP, 0, 1));
    // 100 shares at 100.00 held: 2,500 of margin (25%) freed by selling them all.
    assertThat(a.initMarginChange()).isEqualByComparingTo("-2500");
    assertThat(a.maintMarginChange()).isEqualByComparingTo("-2500");
    assertThat(a.initMarginAfter()).isEqualByComparingTo("0");
    assertThat(a.commission()).isEqualByComparingTo("1");

    gateway.rejectWhatIfOrders("insufficient equity for the order");
    WhatIfAnswer rejected = ask(exit("p1", OrderAction.SELL, 100));
    assertThat(rejected.verdict()).isEqualTo(WhatIfAnswer.Verdict.REJECTED);
    assertThat(rejected.reason())
        .isEqualTo("IB 201: Order rejected - reason:insufficient equity for the order");

    gateway.rejectWhatIfOrders(null);
    assertThat(ask(exit("p1", OrderAction.SELL, 100)).verdict())
        .isEqualTo(WhatIfAnswer.Verdict.ACCEPTED);
    assertThat(gateway.positions(gateway.account()).get("AAPL").quantity())
        .as("nothing was sold")
        .isEqualByComparingTo("100");
  }

  /**
   * Seeded: whatIf checks of random exits (some larger than the position, either side) between
   * random ticks and real orders. Whatever the price does, no whatIf order ever works or fills: the
   * account's position moves only by the real orders' fills.
   */
  @Test
  void noWhatIfOrderEverExecutesAndOnlyWhatIfOrdersCarryTheFlag() throws Exception {
    start();
    Random random = new Random(14);
    gateway.publishTick("AAPL", "50.00");
    long expected = 0;
    int real = 0;
    for (int i = 0; i < 40; i++) {
      OrderAction side = random.nextBoolean() ? OrderAction.BUY : OrderAction.SELL;
      long qty = 1 + random.nextInt(500);
      assertThat(ask(exit("w" + i, side, qty)).verdict()).isEqualTo(WhatIfAnswer.Verdict.ACCEPTED);
      if (i % 8 == 0) {
        assertThat(
                broker.submit(
                    OrderRequest.market(
                        new OrderRef("r" + i, OrderRole.ENTRY, 0, 1),
                        "alice",
                        Instrument.stock("AAPL"),
                        OrderAction.BUY,
                        10,
                        "real")))
            .isEqualTo(SubmitResult.ACCEPTED);
        expected += 10;
        real++;
      }
      gateway.publishTick(
          "AAPL",
          new BigDecimal(40 + random.nextInt(20) + "." + random.nextInt(10) + "0").toPlainString());
    }
    long finalExpected = expected;
    await()
        .atMost(WAIT)
        .until(
            () -> {
              var p = gateway.positions(gateway.account()).get("AAPL");
              return p != null && p.quantity().longValue() == finalExpected;
            });
    assertThat(gateway.openOrderCount()).as("no whatIf order works").isZero();
    assertThat(gateway.executionCount()).as("only the real orders filled").isEqualTo(real);
    List<AuditEntry> entries = gateway.getAudit().entries();
    assertThat(entries).hasSize(40 + real);
    for (AuditEntry e : entries) {
      assertThat(e.whatIf())
          .as("flagged exactly when it is a whatIf: " + e.orderRef())
          .isEqualTo(e.orderRef().startsWith("whatif:"));
    }
    assertThat(gateway.getAudit().newOrdersByRef()).hasSize(real);
    assertThat(gateway.getAudit().sizeWithoutWhatIf()).isEqualTo(real);
  }
}
