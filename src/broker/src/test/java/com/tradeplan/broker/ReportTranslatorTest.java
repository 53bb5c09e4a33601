package com.tradeplan.broker;

import static com.tradeplan.broker.TestOrders.buy;
import static com.tradeplan.broker.TestOrders.commission;
import static com.tradeplan.broker.TestOrders.execution;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IB's reports into the engine's, without a socket: a registry, a translator, a recording listener.
 */
class ReportTranslatorTest {
  private static final int ME = 11;
  private static final int OTHER_CLIENT = 12;
  private static final Instant RECEIVED_AT = Instant.parse("2026-12-01T20:00:00Z");

  private final List<String> alerts = new ArrayList<>();
  private final List<Fill> fills = new ArrayList<>();
  private final List<OrderUpdate> updates = new ArrayList<>();
  private final List<String> commissions = new ArrayList<>();
  private final List<Long> latencies = new ArrayList<>();
  private OrderRegistry registry;
  private ClientScope scope;
  private ReportTranslator translator;

  @BeforeEach
  void setUp() {
    alerts.clear();
    fills.clear();
    updates.clear();
    commissions.clear();
    latencies.clear();
    registry = new OrderRegistry(1_000);
    registry.raiseNextOrderId(1);
    scope = new ClientScope(ME);
    EngineReports reports = new EngineReports();
    reports.setListener(
        new BrokerListener() {
          @Override
          public void onOrderUpdate(OrderUpdate update) {
            updates.add(update);
          }

          @Override
          public void onFill(Fill fill) {
            fills.add(fill);
          }

          @Override
          public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {
            commissions.add(executionId + " " + ref + " " + commission);
          }
        });
    translator =
        new ReportTranslator(
            registry,
            scope,
            (kind, msg) -> alerts.add(kind + ": " + msg),
            reports,
            ZoneId.of("America/New_York"),
            Clock.fixed(RECEIVED_AT, ZoneOffset.UTC));
    translator.setAckLatencyListener(latencies::add);
  }

  /** Registers, journals and writes an order as the sender would; returns its order id. */
  private int written(OrderRequest request) {
    TrackedOrder t = registry.register(request).order();
    int id = registry.startSending(t).orderId();
    registry.written(t, System.nanoTime());
    return id;
  }

  private static String ref(String plan) {
    return TestOrders.ref(plan).toString();
  }

  private List<OrderStatus> statusesOf(String plan) {
    return updates.stream()
        .filter(u -> u.ref().equals(TestOrders.ref(plan)))
        .map(OrderUpdate::status)
        .toList();
  }

  @Test
  void aReplayedExecutionIsPassedOnOnce() {
    int id = written(buy("p1", 10));

    translator.onExecution(execution("e1", id, ME, ref("p1"), 4, "100.10"));
    translator.onExecution(execution("e1", id, ME, ref("p1"), 4, "100.10"));

    assertThat(fills).hasSize(1);
    assertThat(fills.get(0).quantity()).isEqualTo(4);
    assertThat(fills.get(0).price()).isEqualByComparingTo("100.10");
  }

  @Test
  void ibsFilledStatusWaitsForTheFillThatCompletesTheOrderAndIsNotRepeated() {
    int id = written(buy("p1", 10));
    translator.onOrderStatus(id, "Submitted", ME);

    translator.onOrderStatus(id, "Filled", ME);
    assertThat(statusesOf("p1"))
        .as("Filled before the executions cover it")
        .containsExactly(OrderStatus.SUBMITTED);
    translator.onExecution(execution("e1", id, ME, ref("p1"), 6, "50.00"));
    translator.onExecution(execution("e2", id, ME, ref("p1"), 4, "50.01"));
    translator.onOrderStatus(id, "Filled", ME);

    assertThat(fills).extracting(Fill::executionId).containsExactly("e1", "e2");
    assertThat(statusesOf("p1")).containsExactly(OrderStatus.SUBMITTED, OrderStatus.FILLED);
  }

  @Test
  void repeatedStatusesAndMovesTheTableRefusesAreDropped() {
    int id = written(buy("p1", 10));

    translator.onOrderStatus(id, "PreSubmitted", ME);
    translator.onOrderStatus(id, "PreSubmitted", ME);
    translator.onOrderStatus(id, "Cancelled", ME);
    translator.onOrderStatus(id, "Submitted", ME);
    translator.onOrderStatus(id, "NoSuchStatus", ME);

    assertThat(statusesOf("p1")).containsExactly(OrderStatus.PRE_SUBMITTED, OrderStatus.CANCELLED);
  }

  @Test
  void theAckLatencyIsMeasuredOnceAndAThrowingListenerLosesNoStatus() {
    int id = written(buy("p1", 10));
    translator.setAckLatencyListener(
        nanos -> {
          latencies.add(nanos);
          throw new IllegalStateException("metrics down");
        });

    translator.onOrderStatus(id, "Submitted", ME);
    translator.onOrderStatus(id, "Submitted", ME);

    assertThat(latencies).hasSize(1);
    assertThat(latencies.get(0)).isNotNegative();
    assertThat(statusesOf("p1")).containsExactly(OrderStatus.SUBMITTED);
  }

  /**
   * The commission contract: never inside a fill; one onCommission per report, after the fill of
   * its execution, keyed by IB's execution id; a report that came first waits for its execution.
   */
  @Test
  void aCommissionFollowsItsExecutionOnceAndOneThatCameFirstFollowsTheFillNeverInsideIt() {
    int id = written(buy("p1", 10));
    translator.onExecution(execution("e1", id, ME, ref("p1"), 5, "10.00"));
    translator.onCommission(commission("e1", "1.00"));
    translator.onCommission(commission("e1", "1.00"));
    assertThat(commissions).containsExactly("e1 " + ref("p1") + " 1.00");

    translator.onCommission(commission("e2", "0.50"));
    assertThat(commissions).as("kept until its execution").hasSize(1);
    translator.onExecution(execution("e2", id, ME, ref("p1"), 5, "10.00"));
    assertThat(fills).extracting(Fill::commission).containsOnlyNulls();
    assertThat(commissions).last().isEqualTo("e2 " + ref("p1") + " 0.50");

    translator.onCommission(commission("e2", "0.50")); // IB replays the report
    assertThat(commissions).as("the early one counts as seen once passed on").hasSize(2);
  }

  /**
   * After a user's orders are forgotten (a rebuild or a take-over), IB's replayed execution and
   * commission reports reach the listener again, by design: de-duplication here is a best effort,
   * and the engine refuses a second charge for an execution id.
   */
  @Test
  void afterForgettingAnOwnerItsCommissionsArePassedOnAgainWithTheirExecutionIds() {
    int id = written(buy("p1", 10));
    translator.onExecution(execution("e1", id, ME, ref("p1"), 10, "10.00"));
    translator.onCommission(commission("e1", "1.00"));

    translator.forgetExecutionsOf(registry.forgetOwner("alice"));
    registry.restore(buy("p1", 10), OrderStatus.SUBMITTED, 0);
    translator.onCommission(commission("e1", "1.00"));
    translator.onExecution(execution("e1", id, ME, ref("p1"), 10, "10.00"));

    assertThat(commissions)
        .containsExactly("e1 " + ref("p1") + " 1.00", "e1 " + ref("p1") + " 1.00");
    assertThat(fills).extracting(Fill::commission).containsOnlyNulls();
  }

  @Test
  void anExecutionTimeIsReadInIbsZoneOrTheConfiguredOne() {
    int id = written(buy("p1", 100));
    translator.onExecution(
        execution("e1", id, ME, ref("p1"), 1, "10.00", "20260302  09:30:00 US/Eastern"));
    translator.onExecution(execution("e2", id, ME, ref("p1"), 1, "10.00", "20260302 09:30:00"));
    translator.onExecution(execution("e3", id, ME, ref("p1"), 1, "10.00", "20260302 14:30:00 UTC"));

    assertThat(fills).extracting(Fill::time).containsOnly(Instant.parse("2026-03-02T14:30:00Z"));
    assertThat(alerts).isEmpty();
  }

  /** Money moved: the fill is kept, stamped with its receipt time, and the operator told once. */
  @Test
  void anUnreadableExecutionTimeKeepsTheFillAtItsReceiptTimeAndIsAlertedOnce() {
    int id = written(buy("p1", 100));
    translator.onExecution(execution("e1", id, ME, ref("p1"), 1, "10.00", "yesterday noon"));
    translator.onExecution(
        execution("e2", id, ME, ref("p1"), 1, "10.00", "20260302 09:30:00 Mars/Olympus"));

    assertThat(fills).extracting(Fill::executionId).containsExactly("e1", "e2");
    assertThat(fills).extracting(Fill::time).containsOnly(RECEIVED_AT);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0))
        .startsWith("EXECUTION_TIME_UNREADABLE")
        .contains("e1")
        .contains("yesterday noon")
        .contains(RECEIVED_AT.toString());
  }

  @Test
  void anExecutionTradeplanDidNotOrderIsAlertedOnceAndItsCommissionIgnored() {
    translator.onExecution(execution("x1", 500, ME, "manual-order", 5, "10.00"));
    translator.onExecution(execution("x1", 500, ME, "manual-order", 5, "10.00"));
    translator.onCommission(commission("x1", "1.00"));

    assertThat(fills).isEmpty();
    assertThat(commissions).isEmpty();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0)).startsWith("UNKNOWN_EXECUTION").contains("manual-order");
  }

  @Test
  void anExecutionOfATradeplanOrderNotTrackedNowIsDeliveredAfterItsRestore() {
    translator.onExecution(execution("e1", 3, ME, ref("p9"), 5, "10.00"));
    assertThat(fills).isEmpty();
    assertThat(alerts).as("never taken for someone else's").isEmpty();

    registry.restore(buy("p9", 5), OrderStatus.SUBMITTED, 0);
    translator.onExecution(execution("e1", 3, ME, ref("p9"), 5, "10.00"));

    assertThat(fills).extracting(Fill::executionId).containsExactly("e1");
    assertThat(statusesOf("p9")).containsExactly(OrderStatus.FILLED);
  }

  @Test
  void acrossClientsAnotherClientsOrderIdsAreNeverMatched() {
    scope.setAllClients(true);
    int id = written(buy("p1", 10));

    translator.onOrderStatus(id, "Submitted", OTHER_CLIENT);
    translator.onExecution(execution("o1", id, OTHER_CLIENT, "manual-order", 5, "10.00"));
    translator.onExecution(execution("o2", id, OTHER_CLIENT, ref("q1"), 5, "10.00"));

    assertThat(updates).isEmpty();
    assertThat(fills).isEmpty();
    assertThat(alerts).as("another client's: applied after a restore, not flagged").isEmpty();
    translator.onExecution(execution("o2", id, OTHER_CLIENT, ref("q1"), 5, "10.00"));
    registry.restore(buy("q1", 5), OrderStatus.SUBMITTED, 0);
    translator.onExecution(execution("o2", id, OTHER_CLIENT, ref("q1"), 5, "10.00"));
    assertThat(fills).extracting(Fill::executionId).containsExactly("o2");
  }

  @Test
  void aRejectionIsOneRejectedUpdateAndIbsCancelledAfterItIsNotRepeated() {
    int id = written(buy("p1", 10));

    translator.onError(id, 201, "Order rejected - reason: test");
    translator.onOrderStatus(id, "Cancelled", ME);

    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).rejected()).isTrue();
    assertThat(updates.get(0).reason()).contains("201").contains("test");
  }

  @Test
  void anOpenOrderTradeplanDidNotSendIsAlertedOncePerOrderId() {
    TwsOrder manual = new TwsOrder();
    manual.orderRef = "manual-order";
    Contract aapl = Contract.stock("AAPL", "SMART", "USD");

    translator.onOpenOrder(1, aapl, manual);
    translator.onOpenOrder(1, aapl, manual);
    TwsOrder othersMember = new TwsOrder();
    othersMember.orderRef = ref("q1");
    scope.setAllClients(true);
    translator.onOpenOrder(2, aapl, othersMember);

    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0)).startsWith("UNKNOWN_BROKER_ORDER").contains("manual-order");
  }

  @Test
  void afterForgettingAnOwnerItsExecutionsCountAsUnseen() {
    int id = written(buy("p1", 10));
    translator.onExecution(execution("e1", id, ME, ref("p1"), 10, "10.00"));

    translator.forgetExecutionsOf(registry.forgetOwner("alice"));
    registry.restore(buy("p1", 10), OrderStatus.SUBMITTED, 0);
    translator.onExecution(execution("e1", id, ME, ref("p1"), 10, "10.00"));

    assertThat(fills).extracting(Fill::executionId).containsExactly("e1", "e1");
  }

  /**
   * Seeded: executions arrive, are replayed, arrive for orders being forgotten and restored, and
   * commissions come before or after them. Each execution reaches the engine exactly once per time
   * its order is tracked (a forget makes it unseen again, by design) and never while it is not.
   */
  @Test
  void eachExecutionIsPassedOnOncePerTrackingWhateverTheReplays() {
    for (long seed = 1; seed <= 100; seed++) {
      setUp();
      Random r = new Random(seed);
      int orders = 1 + r.nextInt(5);
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < orders; i++) {
        ids.put("p" + i, written(buy("p" + i, 1_000)));
      }
      List<String[]> ibExecutions = new ArrayList<>(); // execId, plan
      Set<String> trackedPlans = new HashSet<>(ids.keySet());
      Set<String> passedOnSinceTracked = new HashSet<>();
      for (int step = 0; step < 200; step++) {
        int what = r.nextInt(10);
        if (what < 4 || ibExecutions.isEmpty()) {
          String plan = "p" + r.nextInt(orders);
          String[] e = {"s" + seed + "e" + step, plan};
          ibExecutions.add(e);
          deliver(e, ids, trackedPlans, passedOnSinceTracked, "seed " + seed);
        } else if (what < 8) {
          String[] e = ibExecutions.get(r.nextInt(ibExecutions.size()));
          deliver(e, ids, trackedPlans, passedOnSinceTracked, "seed " + seed);
        } else if (what == 8) {
          translator.onCommission(
              commission(ibExecutions.get(r.nextInt(ibExecutions.size()))[0], "0.01"));
        } else if (trackedPlans.isEmpty()) {
          ids.keySet().forEach(p -> registry.restore(buy(p, 1_000), OrderStatus.SUBMITTED, 0));
          trackedPlans.addAll(ids.keySet());
          passedOnSinceTracked.clear();
        } else {
          translator.forgetExecutionsOf(registry.forgetOwner("alice"));
          trackedPlans.clear();
        }
      }
    }
  }

  /** Delivers one execution and checks it was passed on exactly when it should have been. */
  private void deliver(
      String[] e,
      Map<String, Integer> ids,
      Set<String> trackedPlans,
      Set<String> passedOnSinceTracked,
      String why) {
    int before = fills.size();
    translator.onExecution(execution(e[0], ids.get(e[1]), ME, ref(e[1]), 1, "10.00"));
    boolean passedOn = fills.size() > before;
    boolean expected = trackedPlans.contains(e[1]) && !passedOnSinceTracked.contains(e[0]);
    assertThat(passedOn)
        .as(() -> why + ": execution " + e[0] + " of " + e[1] + " passed on")
        .isEqualTo(expected);
    if (passedOn) {
      passedOnSinceTracked.add(e[0]);
    }
  }
}
