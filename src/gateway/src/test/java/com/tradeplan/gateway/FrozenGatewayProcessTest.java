package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, point 4, with real processes: the gateway host "vanishes" without closing the socket
 * (its process is frozen with SIGSTOP) while an order works, a subscription streams and an order is
 * written into the frozen socket. The broker must notice within 10 s (the bound, with the
 * default heartbeat of 2 s and dead-link bound of 6 s), alert, and once the gateway resumes,
 * reconnect and reconcile with nothing sent twice and nothing lost.
 */
class FrozenGatewayProcessTest {
  private static final Duration NOTICE_BOUND = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Instrument AAPL = Instrument.stock("AAPL");
  private static final int CLIENT = 21;

  private GatewayProcess gateway;
  private IbBroker broker;
  private final RecordingListener listener = new RecordingListener();
  private final OnceJournal journal = new OnceJournal();
  private final List<String> alerts = new CopyOnWriteArrayList<>();
  private final AtomicLong deadAlertAtNanos = new AtomicLong();

  @AfterEach
  void tearDown() {
    if (broker != null) {
      broker.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  private static OrderRequest market(String plan, long qty) {
    return OrderRequest.market(
        new OrderRef(plan, OrderRole.ENTRY, 0, 1), "alice", AAPL, OrderAction.BUY, qty, "test");
  }

  @Test
  void aFrozenGatewayIsNoticedAlertedAndReconciledAfterItResumesWithNothingTwiceNothingLost()
      throws Exception {
    gateway = GatewayProcess.start("frozen", "--symbols", "AAPL", "--seed", "20");
    IbBrokerConfig config =
        IbBrokerConfig.of("127.0.0.1", gateway.port(), CLIENT, "")
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 20)
            .withConnectTimeout(Duration.ofSeconds(2));
    broker =
        new IbBroker(
            config,
            (kind, msg) -> {
              if (kind.equals("IB_LINK_DEAD")) {
                deadAlertAtNanos.compareAndSet(0, System.nanoTime());
              }
              alerts.add(kind + ": " + msg);
            });
    broker.setListener(listener);
    broker.setSendJournal(journal);
    List<BigDecimal> prices = new CopyOnWriteArrayList<>();
    broker.subscribeTicks(AAPL, t -> prices.add(t.last()));
    broker.start();
    assertThat(broker.awaitReady(30, TimeUnit.SECONDS)).as("connected").isTrue();
    await().atMost(WAIT).until(() -> prices.size() >= 2);

    // A working order and a filled one before the freeze.
    OrderRequest working =
        new OrderRequest(
            new OrderRef("working", OrderRole.ENTRY, 0, 1),
            "alice",
            AAPL,
            OrderAction.BUY,
            OrderType.LIMIT,
            10,
            new BigDecimal("1.00"),
            null,
            "test",
            null);
    broker.submit(working);
    OrderRequest before = market("before", 5);
    broker.submit(before);
    await().atMost(WAIT).until(() -> listener.filledQuantity(before.ref()) == 5);
    await()
        .atMost(WAIT)
        .until(
            () ->
                listener.updatesOf(working.ref()).stream()
                    .anyMatch(u -> u.status() == OrderStatus.SUBMITTED));

    long frozenAt = System.nanoTime();
    gateway.signal("STOP");
    OrderRequest intoTheFrozenSocket = market("frozen", 7);
    broker.submit(intoTheFrozenSocket);
    await().atMost(WAIT).until(() -> deadAlertAtNanos.get() != 0);
    long noticedMillis = TimeUnit.NANOSECONDS.toMillis(deadAlertAtNanos.get() - frozenAt);
    System.out.println("frozen gateway noticed after " + noticedMillis + " ms (bound 10,000 ms)");
    assertThat(noticedMillis)
        .as("noticed within the issue's bound")
        .isLessThan(NOTICE_BOUND.toMillis());
    assertThat(broker.state()).isNotEqualTo(IbBroker.LinkState.READY);
    OrderRequest whileAway = market("away", 3);
    assertThat(broker.submit(whileAway).accepted()).as("waits in the queue").isTrue();
    int pricesBeforeResume = prices.size();

    gateway.signal("CONT");
    await().atMost(WAIT).until(() -> broker.reconciliations() >= 2);
    await().atMost(WAIT).until(() -> listener.filledQuantity(intoTheFrozenSocket.ref()) == 7);
    await().atMost(WAIT).until(() -> listener.filledQuantity(whileAway.ref()) == 3);
    await().atMost(WAIT).until(() -> prices.size() > pricesBeforeResume + 2);
    int reconciled = broker.reconciliations();
    broker.reconcileNow(); // one more look: nothing changes
    await().atMost(WAIT).until(() -> broker.reconciliations() > reconciled);

    assertThat(gateway.ordersByRef())
        .as("the gateway received each orderRef exactly once")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                working.ref().toString(), 1,
                before.ref().toString(), 1,
                intoTheFrozenSocket.ref().toString(), 1,
                whileAway.ref().toString(), 1));
    assertThat(listener.fills.stream().map(Fill::executionId).distinct().count())
        .as("every execution reached the listener exactly once")
        .isEqualTo(listener.fills.size());
    assertThat(listener.fills).hasSize(3);
    assertThat(listener.updatesOf(working.ref()))
        .as("the working order is still working")
        .noneMatch(u -> u.status().isDone());
    assertThat(alerts).noneMatch(a -> a.startsWith("ORDER_GONE_AFTER_RECONNECT"));
    assertThat(alerts).noneMatch(a -> a.startsWith("ORDER_LOST"));
    System.out.println("journal: " + journal.asked + "; alerts: " + alerts);
  }
}
