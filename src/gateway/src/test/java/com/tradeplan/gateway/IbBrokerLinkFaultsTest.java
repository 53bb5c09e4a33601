package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IbBroker over loopback into the paper gateway when the link fails under it: an order lost with
 * its connection, IB's own connectivity notices (1100, 1101, 1102), and the execution time the
 * gateway writes.
 */
class IbBrokerLinkFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instrument AAPL = Instrument.stock("AAPL");
  private static final int CLIENT = 13;

  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private final RecordingListener listener = paper.listener;
  private final OnceJournal journal = new OnceJournal();
  private PaperGateway gateway;
  private IbBroker broker;

  private void start(GatewayConfig config) throws Exception {
    gateway = paper.startGateway(config);
    broker =
        paper.connect(
            paper
                .brokerConfig(CLIENT)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 5),
            b -> b.setSendJournal(journal));
  }

  private static OrderRequest stop(String plan, long qty) {
    return OrderRequest.market(
        new OrderRef(plan, OrderRole.STOP, 0, 1), "alice", AAPL, OrderAction.SELL, qty, "stop");
  }

  /**
   * Issue 20, point 6: the gateway drops the connection on the placeOrder without processing it,
   * before the broker can notice. The reconcile on the next connection finds the order unknown to
   * IB and, after the grace, sends it once more under the same orderRef; its fill arrives once.
   */
  @Test
  void anOrderLostWithItsConnectionIsResentOnceUnderItsOrderRefAndFilledOnce() throws Exception {
    start(new GatewayConfig());
    gateway.publishTick("AAPL", "50.00");
    gateway.dropConnectionOnNextOrders(1);
    OrderRequest stop = stop("lost1", 40);

    assertThat(broker.submit(stop).accepted()).isTrue();
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    gateway.publishTick("AAPL", "49.90");
    await().atMost(WAIT).until(() -> listener.filledQuantity(stop.ref()) == 40);

    assertThat(gateway.getAudit().newOrdersByRef())
        .containsExactly(Map.entry(stop.ref().toString(), 1L));
    assertThat(journal.asked).containsExactly("place " + stop.ref(), "resend " + stop.ref());
    assertThat(paper.alertsOf("ORDER_RESENT_AFTER_RECONNECT")).isEqualTo(1);
    assertThat(listener.updatesOf(stop.ref())).noneMatch(u -> u.status() == OrderStatus.CANCELLED);
    await().atMost(WAIT).until(() -> listener.commissions.size() == 1);
    int before = broker.reconciliations();
    broker.reconcileNow();
    await().atMost(WAIT).until(() -> broker.reconciliations() > before);
    assertThat(listener.fills).hasSize(1);
    assertThat(gateway.getAudit().size()).isEqualTo(1);
  }

  /** The re-send is lost too: it is reported lost and alerted, and never sent a third time. */
  @Test
  void aResendLostAgainIsReportedLostAndNeverSentAThirdTime() throws Exception {
    start(new GatewayConfig());
    gateway.dropConnectionOnNextOrders(2);
    OrderRequest stop = stop("lost2", 40);

    assertThat(broker.submit(stop).accepted()).isTrue();
    await().atMost(WAIT).until(() -> paper.alertsOf("ORDER_LOST") == 1);
    await()
        .atMost(WAIT)
        .until(
            () ->
                listener.updatesOf(stop.ref()).stream()
                    .anyMatch(u -> u.status() == OrderStatus.CANCELLED));

    OrderUpdate lost = listener.updatesOf(stop.ref()).get(0);
    assertThat(lost.reason()).contains("twice").contains("not sent again");
    assertThat(journal.asked).containsExactly("place " + stop.ref(), "resend " + stop.ref());
    int before = broker.reconciliations();
    broker.reconcileNow();
    await().atMost(WAIT).until(() -> broker.reconciliations() > before);
    assertThat(gateway.getAudit().size()).as("neither send reached the gateway").isZero();
    assertThat(journal.asked).as("no third send asked for").hasSize(2);
  }

  /**
   * IB's 1100: TWS lost IB. Nothing is written while it lasts (the order waits, it is not dropped);
   * 1102 brings a reconcile on the same connection, then the order goes out.
   */
  @Test
  void connectivityLostHoldsOrdersUntilIbIsBackAndAReconcileRan() throws Exception {
    start(new GatewayConfig());
    int reconciled = broker.reconciliations();

    gateway.sendConnectivity(ErrorCodes.CONNECTIVITY_LOST);
    await().atMost(WAIT).until(() -> broker.state() == IbBroker.LinkState.CONNECTIVITY_LOST);
    assertThat(paper.alertsOf("IB_CONNECTIVITY_LOST")).isEqualTo(1);
    OrderRequest stop = stop("held", 10);
    assertThat(broker.submit(stop).accepted()).as("accepted, waiting").isTrue();
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(5))
        .until(() -> gateway.getAudit().size() == 0);
    broker.reconcileNow(); // asked while IB is away: judged once it is back
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> broker.reconciliations() == reconciled);

    gateway.sendConnectivity(ErrorCodes.RESTORED_DATA_KEPT);
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    assertThat(broker.reconciliations())
        .as("reconciled before the order went")
        .isGreaterThan(reconciled);
    assertThat(broker.state()).isEqualTo(IbBroker.LinkState.READY);
    assertThat(paper.alertsOf("IB_CONNECTIVITY_RESTORED")).isEqualTo(1);
    assertThat(gateway.connectedClientIds()).as("the same connection all along").contains(CLIENT);
  }

  /** 1101: market data was lost. After the reconcile every subscription is requested again. */
  @Test
  void marketDataLostIsRequestedAgainAfterTheReconcile() throws Exception {
    start(new GatewayConfig());
    List<BigDecimal> prices = new CopyOnWriteArrayList<>();
    broker.subscribeTicks(AAPL, t -> prices.add(t.last()));
    await().atMost(WAIT).until(() -> requestsOf(MsgIds.REQ_MKT_DATA) == 1);
    int reconciled = broker.reconciliations();

    gateway.sendConnectivity(ErrorCodes.CONNECTIVITY_LOST);
    await().atMost(WAIT).until(() -> broker.state() == IbBroker.LinkState.CONNECTIVITY_LOST);
    gateway.sendConnectivity(ErrorCodes.RESTORED_DATA_LOST);

    await().atMost(WAIT).until(() -> requestsOf(MsgIds.REQ_MKT_DATA) == 2);
    // READY is set with the reconcile's count, after the subscriptions are requested again.
    await().atMost(WAIT).until(() -> broker.state() == IbBroker.LinkState.READY);
    assertThat(broker.reconciliations()).isGreaterThan(reconciled);
    gateway.publishTick("AAPL", "77.70");
    await()
        .atMost(WAIT)
        .until(() -> prices.stream().anyMatch(p -> p.compareTo(new BigDecimal("77.70")) == 0));
  }

  private long requestsOf(int msgId) {
    return gateway.recordedRequests(CLIENT).getOrDefault(msgId, List.of()).size();
  }

  /**
   * The gateway writes its execution times with their zone (UTC), as recent IB versions do; the
   * broker, whose default zone is New York, reads the instant the gateway meant.
   */
  @Test
  void aFillCarriesTheExecutionTimeTheGatewayMeant() throws Exception {
    GatewayConfig c = new GatewayConfig();
    Instant executedAt = Instant.parse("2026-03-02T14:30:00Z");
    c.clock = new MutableClock(executedAt);
    start(c);
    gateway.publishTick("AAPL", "20.00");
    OrderRequest stop = stop("timed", 5);
    broker.submit(stop);
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    gateway.publishTick("AAPL", "20.01");
    await().atMost(WAIT).until(() -> listener.fills.size() == 1);

    Fill f = listener.fills.get(0);
    assertThat(f.time()).isEqualTo(executedAt);
    assertThat(f.commission()).as("commissions come only as onCommission").isNull();
    assertThat(paper.alerts).noneMatch(a -> a.startsWith("EXECUTION_TIME_UNREADABLE"));
  }
}
