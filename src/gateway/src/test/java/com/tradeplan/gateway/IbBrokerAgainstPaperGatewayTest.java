package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** IbBroker over a real loopback socket into the paper gateway, faults included. */
class IbBrokerAgainstPaperGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Instrument AAPL = Instrument.stock("AAPL");

  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private final RecordingListener listener = paper.listener;
  private final List<String> alerts = paper.alerts;
  private PaperGateway gateway;
  private IbBroker broker;

  private void startGateway(GatewayConfig config) throws Exception {
    gateway = paper.startGateway(config);
  }

  private void startBroker(int perSecond, int burst) throws Exception {
    broker =
        paper.connect(
            paper
                .brokerConfig(11)
                .withPacing(perSecond, burst)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7));
  }

  private static OrderRef ref(String plan, int index) {
    return new OrderRef(plan, OrderRole.ENTRY, index, 1);
  }

  private static OrderRequest market(OrderRef ref, OrderAction action, long qty) {
    return OrderRequest.market(ref, "alice", AAPL, action, qty, "test");
  }

  @Test
  void marketOrderFillsWithExecutionThenCommission() throws Exception {
    startGateway(new GatewayConfig());
    startBroker(45, 5);
    gateway.publishTick("AAPL", "100.00");
    OrderRef r = ref("p1", 0);
    assertThat(broker.submit(market(r, OrderAction.BUY, 100)).accepted()).isTrue();
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    gateway.publishTick("AAPL", "100.10");
    await().atMost(WAIT).until(() -> listener.commissions.size() == 1);
    Fill f = listener.fills.get(0);
    assertThat(f.orderRef()).isEqualTo(r);
    assertThat(f.quantity()).isEqualTo(100);
    assertThat(f.price()).isEqualByComparingTo("100.10");
    assertThat(listener.commissions.get(0)).startsWith(f.executionId() + " " + r + " 1");
    await()
        .atMost(WAIT)
        .until(
            () -> listener.updatesOf(r).stream().anyMatch(u -> u.status() == OrderStatus.FILLED));
    assertThat(gateway.positions(gateway.account()).get("AAPL").quantity())
        .isEqualByComparingTo("100");
  }

  @Test
  void aSecondSubmitOfTheSameOrderRefIsADuplicateAndNeverSent() throws Exception {
    startGateway(new GatewayConfig());
    startBroker(45, 5);
    OrderRef r = ref("p2", 0);
    assertThat(broker.submit(market(r, OrderAction.BUY, 10)).accepted()).isTrue();
    SubmitResult again = broker.submit(market(r, OrderAction.BUY, 10));
    assertThat(again.code()).isEqualTo(SubmitResult.Code.DUPLICATE);
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).isEmpty();
  }

  @Test
  void limitOrderWorksThenCancelsAndRejectionsArriveAsRejectedUpdates() throws Exception {
    startGateway(new GatewayConfig());
    startBroker(45, 5);
    gateway.publishTick("AAPL", "100.00");
    OrderRef lmt = ref("p3", 0);
    broker.submit(
        new OrderRequest(
            lmt,
            "alice",
            AAPL,
            OrderAction.BUY,
            OrderType.LIMIT,
            10,
            new BigDecimal("90.00"),
            null,
            "test",
            null));
    await()
        .atMost(WAIT)
        .until(
            () ->
                listener.updatesOf(lmt).stream()
                    .anyMatch(u -> u.status() == OrderStatus.SUBMITTED));
    assertThat(broker.cancel(lmt).accepted()).isTrue();
    await()
        .atMost(WAIT)
        .until(
            () ->
                listener.updatesOf(lmt).stream()
                    .anyMatch(u -> u.status() == OrderStatus.CANCELLED));

    gateway.rejectNextOrder("test rule");
    OrderRef rejected = ref("p3", 1);
    broker.submit(market(rejected, OrderAction.BUY, 10));
    await().atMost(WAIT).until(() -> !listener.updatesOf(rejected).isEmpty());
    OrderUpdate u = listener.updatesOf(rejected).get(0);
    assertThat(u.rejected()).isTrue();
    assertThat(u.reason()).contains("201").contains("test rule");
    // a marker order after it: once its status is back, the Cancelled status that follows the
    // 201 on the same socket has been read too
    OrderRef marker = ref("p3", 2);
    awaitMarker(marker);
    assertThat(listener.updatesOf(rejected))
        .as("the Cancelled status after 201 is not repeated")
        .hasSize(1);
  }

  @Test
  void duplicateStatusesAndReplayedExecutionsAreIgnored() throws Exception {
    GatewayConfig c = new GatewayConfig();
    c.maxFillPerTick = new BigDecimal("30");
    startGateway(c);
    startBroker(45, 5);
    gateway.setDuplicateOrderStatus(true);
    gateway.publishTick("AAPL", "50.00");
    OrderRef r = ref("p4", 0);
    broker.submit(market(r, OrderAction.BUY, 90));
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    for (String p : List.of("50.01", "50.02", "50.03")) {
      gateway.publishTick("AAPL", p);
    }
    await().atMost(WAIT).until(() -> listener.commissions.size() == 3);
    gateway.replayExecutions(11);
    // a marker order after the replay: once its status is back, the replay has been read
    OrderRef marker = ref("p4", 1);
    awaitMarker(marker);
    assertThat(listener.fills).hasSize(3);
    assertThat(listener.filledQuantity(r)).isEqualTo(90);
    assertThat(listener.commissions).hasSize(3);
    assertThat(listener.updatesOf(r).stream().map(OrderUpdate::status))
        .as("each status once, despite every status being sent twice")
        .containsExactly(OrderStatus.SUBMITTED, OrderStatus.FILLED);
  }

  @Test
  void disconnectInTheMiddleOfAFillSequenceLosesNoFillAndSendsNothingTwice() throws Exception {
    GatewayConfig c = new GatewayConfig();
    c.maxFillPerTick = new BigDecimal("100");
    startGateway(c);
    startBroker(45, 5);
    gateway.publishTick("AAPL", "20.00");
    OrderRef big = ref("p5", 0);
    broker.submit(market(big, OrderAction.BUY, 1000));
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    for (int i = 1; i <= 3; i++) {
      gateway.publishTick("AAPL", "20.0" + i);
    }
    await().atMost(WAIT).until(() -> listener.fills.size() == 3);

    gateway.dropConnections();
    // fills go on while Tradeplan is away; orders submitted meanwhile must wait for reconcile
    for (int i = 4; i <= 6; i++) {
      gateway.publishTick("AAPL", "20.0" + i);
    }
    // "meanwhile" = once the broker knows the link is down (or already reconnected). An order
    // written into the dead socket before the drop is noticed is a different case: after a grace
    // the reconcile finds it unknown at IB and sends it once more under the same orderRef
    // (IbBrokerLinkFaultsTest).
    await()
        .atMost(WAIT)
        .until(() -> broker.state() != IbBroker.LinkState.READY || broker.reconciliations() >= 2);
    OrderRef queued = ref("p5", 1);
    assertThat(broker.submit(market(queued, OrderAction.BUY, 50)).accepted()).isTrue();
    await().atMost(WAIT).until(() -> broker.reconciliations() >= 2);
    await().atMost(WAIT).until(() -> listener.fills.size() == 6);
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 2);
    for (int i = 7; i <= 9; i++) {
      gateway.publishTick("AAPL", "20.0" + i);
    }
    gateway.publishTick("AAPL", "20.10");
    await().atMost(WAIT).until(() -> listener.filledQuantity(big) == 1000);
    await().atMost(WAIT).until(() -> listener.filledQuantity(queued) == 50);

    assertThat(listener.fills.stream().map(Fill::executionId).distinct().count())
        .as("no execution reported twice")
        .isEqualTo(listener.fills.size());
    assertThat(listener.fills).hasSize(11);
    assertThat(gateway.positions(gateway.account()).get("AAPL").quantity())
        .isEqualByComparingTo("1050");
    assertThat(broker.positions().get("AAPL")).as("positions read at reconcile").isNotNull();
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).as("orders sent twice").isEmpty();
    assertThat(gateway.getAudit().size()).isEqualTo(2);
    await().atMost(WAIT).until(() -> listener.commissions.size() == 11);
  }

  /**
   * The previous process journaled the order and died before writing it: restored as possibly sent,
   * never acknowledged. While the grace runs it is neither judged nor sent; once a reconcile after
   * the grace finds it neither open nor executed, it is sent once under the same orderRef.
   */
  @Test
  void aRestoredOrderThatNeverReachedIbIsSentOnceUnderItsOrderRef() throws Exception {
    startGateway(new GatewayConfig());
    startBroker(45, 5);
    gateway.publishTick("AAPL", "50.00");
    OrderRef lost = ref("p7", 0);
    long restoredAt = System.nanoTime();
    broker.restoreSentOrder(market(lost, OrderAction.BUY, 30), OrderStatus.CREATED);
    broker.reconcileNow(); // inside the grace: not judged

    // The broker reconciles again by itself once the grace is over, and only then sends it.
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    assertThat(System.nanoTime() - restoredAt)
        .as("not sent before the grace ended")
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1_500));
    assertThat(gateway.getAudit().newOrdersByRef()).containsOnlyKeys(lost.toString());
    assertThat(alerts).anyMatch(a -> a.startsWith("ORDER_RESENT_AFTER_RECONNECT"));
    assertThat(listener.updatesOf(lost)).noneMatch(u -> u.status() == OrderStatus.CANCELLED);
    gateway.publishTick("AAPL", "50.10");
    await().atMost(WAIT).until(() -> listener.filledQuantity(lost) == 30);

    int before = broker.reconciliations();
    broker.reconcileNow();
    await().atMost(WAIT).until(() -> broker.reconciliations() > before);
    assertThat(broker.submit(market(lost, OrderAction.BUY, 30)).code())
        .isEqualTo(SubmitResult.Code.DUPLICATE);
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).isEmpty();
    assertThat(gateway.getAudit().size()).isEqualTo(1);
  }

  /**
   * A user's session is rebuilt (or released and taken back): the broker forgets the user's orders
   * and their executions, so that the reconcile after the restore delivers the fills again to the
   * rebuilt session instead of treating them as already seen. Nothing is sent again.
   */
  /**
   * A take-over reconciles on the live link (state RECONCILING) while another take-over subscribes
   * a new symbol: the subscription is requested on that link and its ticks arrive, instead of
   * waiting for a reconnect that never comes.
   */
  @Test
  void aSymbolSubscribedDuringAReconcileOnTheLiveLinkGetsItsTicks() throws Exception {
    startGateway(new GatewayConfig());
    startBroker(45, 5);
    gateway.publishTick("MSFT", "300.00");
    broker.reconcileNow();
    // Usually still reconciling here; a quick reconcile (a few ms of loopback) may be over.
    assertThat(broker.state()).isIn(IbBroker.LinkState.RECONCILING, IbBroker.LinkState.READY);
    List<BigDecimal> prices = new CopyOnWriteArrayList<>();
    broker.subscribeTicks(Instrument.stock("MSFT"), t -> prices.add(t.last()));
    await().atMost(WAIT).until(() -> broker.state() == IbBroker.LinkState.READY);
    gateway.publishTick("MSFT", "300.50");
    await()
        .atMost(WAIT)
        .until(() -> prices.stream().anyMatch(p -> p.compareTo(new BigDecimal("300.50")) == 0));
  }

  @Test
  void afterForgetOwnerARestoredOrdersFillsAreDeliveredAgain() throws Exception {
    startGateway(new GatewayConfig());
    startBroker(45, 5);
    broker.setReconcileAllClients(true);
    gateway.publishTick("AAPL", "60.00");
    OrderRef r = ref("p9", 0);
    OrderRequest request = market(r, OrderAction.BUY, 20);
    broker.submit(request);
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    gateway.publishTick("AAPL", "60.10");
    await().atMost(WAIT).until(() -> listener.filledQuantity(r) == 20);
    String execId = listener.fills.get(0).executionId();

    broker.forgetOwner("alice");
    broker.restoreSentOrder(request, OrderStatus.SUBMITTED);
    broker.reconcileNow();
    await()
        .atMost(WAIT)
        .until(
            () -> listener.fills.stream().filter(f -> f.executionId().equals(execId)).count() == 2);
    assertThat(gateway.getAudit().size()).as("nothing sent again").isEqualTo(1);
    assertThat(alerts).noneMatch(a -> a.startsWith("ORDER_RESENT_AFTER_RECONNECT"));
  }

  /**
   * The regression a chaos run found: an execution that arrives while the user's orders are
   * forgotten (its session being rebuilt) must not be remembered as someone else's, or the
   * reconcile after the restore hides it, judges the order absent and sends it a second time.
   */
  @Test
  void anExecutionArrivingWhileTheOrderIsForgottenIsDeliveredAfterTheRestoreNotResent()
      throws Exception {
    startGateway(new GatewayConfig());
    startBroker(45, 5);
    broker.setReconcileAllClients(true);
    gateway.publishTick("AAPL", "70.00");
    OrderRef r = ref("p10", 0);
    OrderRequest request = market(r, OrderAction.BUY, 20);
    broker.submit(request);
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 1);
    await()
        .atMost(WAIT)
        .until(
            () ->
                listener.updatesOf(r).stream().anyMatch(u -> u.status() == OrderStatus.SUBMITTED));

    broker.forgetOwner("alice");
    gateway.publishTick("AAPL", "70.10"); // the fill reaches a broker that tracks nothing
    await().atMost(WAIT).until(() -> gateway.positions(gateway.account()).containsKey("AAPL"));
    long restoredAt = System.nanoTime();
    broker.restoreSentOrder(request, OrderStatus.CREATED);
    broker.reconcileNow();
    await().atMost(WAIT).until(() -> listener.filledQuantity(r) == 20);
    await()
        .atMost(WAIT)
        .until(() -> System.nanoTime() - restoredAt > TimeUnit.MILLISECONDS.toNanos(1_600));
    int before = broker.reconciliations();
    broker.reconcileNow(); // a reconcile after the grace: the one that would have re-sent it
    await().atMost(WAIT).until(() -> broker.reconciliations() > before);
    assertThat(gateway.getAudit().size()).as("sent once").isEqualTo(1);
    assertThat(alerts).noneMatch(a -> a.startsWith("ORDER_RESENT_AFTER_RECONNECT"));
    assertThat(alerts).noneMatch(a -> a.startsWith("UNKNOWN_EXECUTION"));
  }

  /**
   * Restored as never acknowledged, but another client (the previous member) did place it: the
   * reconcile across client ids finds it open and adopts it; it is never sent again.
   */
  @Test
  void aRestoredOrderThatAnotherClientPlacedIsAdoptedNotSentAgain() throws Exception {
    startGateway(new GatewayConfig());
    OrderRef placed = ref("p8", 0);
    try (RawClient previous = RawClient.connect(gateway.port(), 12)) {
      previous.placeLimit(1, "AAPL", "BUY", "5", "1.00", placed.toString());
      await().atMost(WAIT).until(() -> gateway.openOrderCount() == 1);
    }
    startBroker(45, 5);
    broker.setReconcileAllClients(true);
    broker.restoreSentOrder(
        new OrderRequest(
            placed,
            "alice",
            AAPL,
            OrderAction.BUY,
            OrderType.LIMIT,
            5,
            new BigDecimal("1.00"),
            null,
            "t",
            null),
        OrderStatus.CREATED);
    long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_600);
    await().atMost(WAIT).until(() -> System.nanoTime() > graceEnd);
    broker.reconcileNow();
    await().atMost(WAIT).until(() -> broker.reconciliations() >= 2);
    broker.reconcileNow();
    await().atMost(WAIT).until(() -> broker.reconciliations() >= 3);
    assertThat(gateway.getAudit().size()).as("only the previous client's order").isEqualTo(1);
    assertThat(alerts).noneMatch(a -> a.startsWith("ORDER_RESENT_AFTER_RECONNECT"));
    assertThat(listener.updatesOf(placed)).noneMatch(u -> u.status() == OrderStatus.CANCELLED);
  }

  @Test
  void anOrderAtTheBrokerThatTradeplanDidNotSendIsFlaggedNotTouched() throws Exception {
    startGateway(new GatewayConfig());
    // someone else's order under the same client id, placed before Tradeplan connects
    try (RawClient manual = RawClient.connect(gateway.port(), 11)) {
      manual.placeLimit(1, "AAPL", "BUY", "5", "1.00", "manual-order");
      await().atMost(WAIT).until(() -> gateway.openOrderCount() == 1);
    }
    await().atMost(WAIT).until(() -> gateway.connectedClientIds().isEmpty());
    startBroker(45, 5);
    assertThat(alerts)
        .anyMatch(a -> a.startsWith("UNKNOWN_BROKER_ORDER") && a.contains("manual-order"));
    assertThat(gateway.openOrderCount()).as("never cancelled").isEqualTo(1);
    OrderRef mine = ref("p6", 0);
    broker.submit(market(mine, OrderAction.BUY, 1));
    await().atMost(WAIT).until(() -> gateway.getAudit().size() == 2);
    assertThat(gateway.getAudit().entries().get(1).orderId())
        .as("order ids keep increasing past the ones already used")
        .isGreaterThan(1);
  }

  @Test
  void aBurstOf500OrdersNeverTripsPacingAndNoneIsLost() throws Exception {
    GatewayConfig c = new GatewayConfig();
    c.pacingPerSecond = 500;
    startGateway(c);
    startBroker(450, 5);
    gateway.publishTick("AAPL", "10.00");
    for (int i = 0; i < 500; i++) {
      SubmitResult r = broker.submit(market(ref("burst", i), OrderAction.BUY, 1));
      assertThat(r.accepted()).as("order %d accepted", i).isTrue();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> gateway.getAudit().size() == 500);
    gateway.publishTick("AAPL", "10.01");
    await().atMost(WAIT).until(() -> listener.fills.size() == 500);
    assertThat(gateway.pacingViolations()).as("error 100 count").isZero();
    assertThat(alerts).noneMatch(a -> a.startsWith("PACING"));
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).isEmpty();
  }

  @Test
  void atIbsRealLimitOf50PerSecondABurstStillNeverTripsPacing() throws Exception {
    startGateway(new GatewayConfig()); // 50 msg/s, as IB
    startBroker(45, 5);
    for (int i = 0; i < 60; i++) {
      broker.submit(market(ref("real", i), OrderAction.BUY, 1));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.getAudit().size() == 60);
    assertThat(gateway.pacingViolations()).as("error 100 count").isZero();
    assertThat(ErrorCodes.PACING).isEqualTo(100);
  }

  /**
   * Submits a limit order far from the market as a marker and waits for its first update: every
   * message the gateway sent this client before the marker's status has been read by then.
   */
  private void awaitMarker(OrderRef marker) {
    broker.submit(
        new OrderRequest(
            marker,
            "alice",
            AAPL,
            OrderAction.BUY,
            OrderType.LIMIT,
            1,
            new BigDecimal("1.00"),
            null,
            "marker",
            null));
    await().atMost(WAIT).until(() -> !listener.updatesOf(marker).isEmpty());
  }
}
