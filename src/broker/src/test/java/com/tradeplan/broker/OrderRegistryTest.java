package com.tradeplan.broker;

import static com.tradeplan.broker.TestOrders.buy;
import static com.tradeplan.broker.TestOrders.buyFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.OrderRegistry.CancelStep;
import com.tradeplan.broker.OrderRegistry.SendStart;
import com.tradeplan.broker.Reconciler.BrokerAnswer;
import com.tradeplan.broker.Reconciler.Moment;
import com.tradeplan.broker.Reconciler.Verdict;
import com.tradeplan.broker.TrackedOrder.Stage;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The tracked orders' bookkeeping: registration, sending, cancels, restores, reconcile. */
class OrderRegistryTest {
  private static final BrokerAnswer NOTHING = new BrokerAnswer(Set.of(), Set.of());

  private static String ref(String plan) {
    return TestOrders.ref(plan).toString();
  }

  @Test
  void anOrderRefIsTrackedOnceAndTheBoundRefusesMore() {
    OrderRegistry registry = new OrderRegistry(2);

    assertThat(registry.register(buy("p1", 10)).order()).isNotNull();
    assertThat(registry.register(buy("p1", 10)).refusal().code())
        .isEqualTo(SubmitResult.Code.DUPLICATE);
    assertThat(registry.register(buy("p2", 10)).order()).isNotNull();
    assertThat(registry.register(buy("p3", 10)).refusal().code())
        .isEqualTo(SubmitResult.Code.DENIED);
  }

  @Test
  void orderIdsComeFromIbAndOnlyIncrease() {
    OrderRegistry registry = new OrderRegistry(10);
    registry.raiseNextOrderId(40);
    registry.raiseNextOrderId(12);

    TrackedOrder a = registry.register(buy("p1", 10)).order();
    TrackedOrder b = registry.register(buy("p2", 10)).order();
    assertThat(registry.startSending(a).orderId()).isEqualTo(40);
    assertThat(registry.startSending(b).orderId()).isEqualTo(41);
  }

  @Test
  void theSenderNeverWritesAnOrderRestoredExecutedOrForgottenWhileItWaited() {
    OrderRegistry registry = new OrderRegistry(10);
    TrackedOrder restored = registry.register(buy("p1", 10)).order();
    TrackedOrder executed = registry.register(buy("p2", 10)).order();
    TrackedOrder forgotten = registry.register(buyFor("bob", "p3", 10)).order();

    registry.restore(buy("p1", 10), OrderStatus.SUBMITTED, 0);
    registry.applyFill(executed, 1);
    registry.forgetOwner("bob");

    assertThat(registry.startSending(restored)).isSameAs(SendStart.SKIP);
    assertThat(registry.startSending(executed)).isSameAs(SendStart.SKIP);
    assertThat(registry.startSending(forgotten)).isSameAs(SendStart.SKIP);
    assertThat(forgotten.stage()).isEqualTo(Stage.QUEUED);
  }

  @Test
  void aCancelEndsAQueuedOrderUnsentAndCannotReachARestoredOne() {
    OrderRegistry registry = new OrderRegistry(10);
    registry.raiseNextOrderId(1);
    TrackedOrder queued = registry.register(buy("p1", 10)).order();
    TrackedOrder sent = registry.register(buy("p2", 10)).order();
    registry.startSending(sent);
    registry.restore(buy("p3", 10), OrderStatus.SUBMITTED, 0);
    TrackedOrder restored = registry.find(ref("p3"));

    assertThat(registry.cancelStep(queued)).isEqualTo(CancelStep.CANCELLED_UNSENT);
    assertThat(registry.statusOf(queued)).isEqualTo(OrderStatus.CANCELLED);
    assertThat(registry.cancelStep(queued)).isEqualTo(CancelStep.ALREADY_DONE);
    assertThat(registry.startSending(queued)).isSameAs(SendStart.SKIP);
    assertThat(registry.cancelStep(sent)).isEqualTo(CancelStep.SEND);
    assertThat(registry.orderIdOf(sent)).isEqualTo(1);
    assertThat(registry.cancelStep(restored)).isEqualTo(CancelStep.NO_ORDER_ID);
  }

  @Test
  void foreignWorkingOrdersAreThoseWhoseReportsMayNotReachThisClient() {
    OrderRegistry registry = new OrderRegistry(10);
    registry.raiseNextOrderId(1);
    assertThat(registry.hasForeignWorkingOrders()).isFalse();

    TrackedOrder mine = registry.register(buy("p1", 10)).order();
    registry.startSending(mine);
    assertThat(registry.hasForeignWorkingOrders()).as("journaling").isFalse();
    registry.written(mine, 5);
    assertThat(registry.hasForeignWorkingOrders()).as("written, not acknowledged").isTrue();
    registry.applyStatus(1, OrderStatus.SUBMITTED, 9);
    assertThat(registry.hasForeignWorkingOrders()).as("acknowledged").isFalse();

    registry.restore(buy("p2", 10), OrderStatus.SUBMITTED, 0);
    assertThat(registry.hasForeignWorkingOrders()).as("restored").isTrue();
    registry.seenOpen(ref("p2"), 77, true);
    assertThat(registry.hasForeignWorkingOrders()).as("open by ref only").isTrue();
    registry.seenOpen(ref("p2"), 77, false);
    assertThat(registry.hasForeignWorkingOrders()).as("open under our id").isFalse();
  }

  @Test
  void anOrderRestoredWhileAReconcileRunsIsJudgedByTheNextOne() {
    OrderRegistry registry = new OrderRegistry(10);
    registry.restore(buy("p1", 10), OrderStatus.SUBMITTED, 0);
    int first = registry.beginReconcile();
    registry.restore(buy("p2", 10), OrderStatus.SUBMITTED, 0);

    Map<String, Verdict> verdicts =
        registry.reconcile(NOTHING, new Moment(first, 1, true, 0)).reconciliation().verdicts();
    assertThat(verdicts.get(ref("p1"))).isEqualTo(Verdict.GONE);
    assertThat(verdicts.get(ref("p2"))).isEqualTo(Verdict.RESTORED_DURING_RECONCILE);

    int second = registry.beginReconcile();
    assertThat(
            registry
                .reconcile(NOTHING, new Moment(second, 1, true, 0))
                .reconciliation()
                .verdicts()
                .get(ref("p2")))
        .isEqualTo(Verdict.GONE);
    assertThat(registry.find(ref("p2")).stage()).isEqualTo(Stage.DONE);
  }

  @Test
  void theOneResendIsQueuedAndAFullQueueEndsItCancelled() {
    OrderRegistry registry = new OrderRegistry(10);
    registry.restore(buy("p1", 10), OrderStatus.CREATED, 0);
    int reconcile = registry.beginReconcile();

    OrderRegistry.Settled settled =
        registry.reconcile(
            NOTHING, new Moment(reconcile, Reconciler.RESTORED_GRACE_NANOS, true, 0));
    TrackedOrder t = registry.find(ref("p1"));
    assertThat(settled.toResend()).containsExactly(t);
    assertThat(t.stage()).isEqualTo(Stage.QUEUED_FOR_RESEND);
    registry.resendRefused(t);
    assertThat(t.stage()).isEqualTo(Stage.DONE);
    assertThat(t.status()).isEqualTo(OrderStatus.CANCELLED);
  }

  // ---- seeded random ----

  private static final OrderStatus[] STATUSES = OrderStatus.values();

  /**
   * Seeded: random submits, sends, journal refusals, IB statuses, rejections, open orders, fills,
   * cancels, restores, forgets and reconciles on a few orderRefs. No event ever breaks a table (no
   * throw); a tracked order is DONE exactly when its status is final; it has an order id exactly
   * when this process gave it one or IB showed it under one; ids given out only increase.
   */
  @Test
  void randomEventsNeverBreakATableAndKeepStageStatusAndIdInStep() {
    for (long seed = 1; seed <= 200; seed++) {
      Random r = new Random(seed);
      OrderRegistry registry = new OrderRegistry(1_000);
      registry.raiseNextOrderId(1);
      List<String> plans = List.of("p0", "p1", "p2", "p3", "p4");
      List<Integer> idsGiven = new ArrayList<>();
      Set<TrackedOrder> journaling = new HashSet<>();
      for (int step = 0; step < 150; step++) {
        String plan = plans.get(r.nextInt(plans.size()));
        TrackedOrder t = registry.find(ref(plan));
        int ibId = idsGiven.isEmpty() ? 1 : idsGiven.get(r.nextInt(idsGiven.size()));
        switch (r.nextInt(12)) {
          case 0 -> registry.register(buy(plan, 10));
          case 1 -> {
            if (t != null) {
              SendStart s = registry.startSending(t);
              if (!s.skip()) {
                idsGiven.add(s.orderId());
                journaling.add(t);
              }
            }
          }
          case 2 -> {
            if (t != null && journaling.remove(t)) {
              if (r.nextBoolean()) {
                registry.written(t, step);
              } else {
                registry.journalRefused(t);
              }
            }
          }
          case 3 -> registry.applyStatus(ibId, STATUSES[r.nextInt(STATUSES.length)], step);
          case 4 -> registry.reject(ibId, "IB 201: test");
          case 5 -> registry.seenOpen(ref(plan), ibId, r.nextBoolean());
          case 6 -> {
            if (t != null) {
              registry.applyFill(t, 1 + r.nextInt(6));
            }
          }
          case 7 -> {
            if (t != null) {
              registry.cancelStep(t);
            }
          }
          case 8 -> {
            OrderStatus known = r.nextInt(4) == 0 ? null : STATUSES[r.nextInt(STATUSES.length)];
            registry.restore(buy(plan, 10), known, step);
          }
          case 9 -> {
            if (r.nextInt(4) == 0) {
              registry.forgetOwner("alice");
              journaling.clear();
            }
          }
          default -> reconcile(registry, plans, r, step);
        }
        for (String p : plans) {
          TrackedOrder o = registry.find(ref(p));
          if (o != null) {
            long at = seed;
            int stepAt = step;
            checkInStep(() -> "seed " + at + " step " + stepAt + ", " + o.view(), o);
          }
        }
      }
      for (int i = 1; i < idsGiven.size(); i++) {
        assertThat(idsGiven.get(i))
            .as("seed %d: ids only increase", seed)
            .isGreaterThan(idsGiven.get(i - 1));
      }
    }
  }

  private static void reconcile(OrderRegistry registry, List<String> plans, Random r, int step) {
    Set<String> open = new HashSet<>();
    Set<String> executed = new HashSet<>();
    for (String p : plans) {
      if (r.nextInt(3) == 0) {
        open.add(ref(p));
      }
      if (r.nextInt(3) == 0) {
        executed.add(ref(p));
      }
    }
    int reconcile = registry.beginReconcile();
    long now = step * Reconciler.RESTORED_GRACE_NANOS;
    OrderRegistry.Settled settled =
        registry.reconcile(
            new BrokerAnswer(open, executed), new Moment(reconcile, now, r.nextBoolean(), 0));
    settled
        .reconciliation()
        .verdicts()
        .forEach(
            (ref, v) -> {
              Stage after = registry.find(ref).stage();
              switch (v) {
                case FILLED_WHILE_AWAY, GONE, LOST_AFTER_RESEND ->
                    assertThat(after).isEqualTo(Stage.DONE);
                case RESEND -> assertThat(after).isEqualTo(Stage.QUEUED_FOR_RESEND);
                default -> {
                  // unchanged
                }
              }
            });
    for (TrackedOrder t : settled.toResend()) {
      assertThat(open).doesNotContain(t.ref());
      assertThat(executed).doesNotContain(t.ref());
      if (r.nextBoolean()) {
        registry.resendRefused(t);
      }
    }
  }

  private static void checkInStep(Supplier<String> why, TrackedOrder o) {
    assertThat(o.stage() == Stage.DONE)
        .as(() -> why.get() + ": DONE exactly when the status is final")
        .isEqualTo(o.status().isDone());
    switch (o.stage()) {
      case QUEUED, QUEUED_FOR_RESEND, RESTORED, RESTORED_UNACKNOWLEDGED ->
          assertThat(o.orderId()).as(() -> why.get() + ": no id of ours").isNull();
      case JOURNALING, WRITTEN, ACKNOWLEDGED ->
          assertThat(o.orderId()).as(() -> why.get() + ": an id of ours").isNotNull();
      case DONE -> {
        // ended with or without an id
      }
    }
  }
}
