package com.tradeplan.broker;

import static com.tradeplan.broker.TestOrders.buy;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.Reconciler.BrokerAnswer;
import com.tradeplan.broker.Reconciler.Moment;
import com.tradeplan.broker.Reconciler.Reconciliation;
import com.tradeplan.broker.Reconciler.Verdict;
import com.tradeplan.broker.TrackedOrder.Stage;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.OrderStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The reconcile's judgement, without a socket: tracked orders and IB's answer in, a value out. */
class ReconcilerTest {
  private static final long NOW = TimeUnit.SECONDS.toNanos(100);
  private static final int RECONCILE = 5;

  /** The connection the reconcile reads on was made long before anything here was written. */
  private static final long CONNECTED_AT = 0;

  private static final Moment ONE_CLIENT = new Moment(RECONCILE, NOW, false, CONNECTED_AT);
  private static final Moment ALL_CLIENTS = new Moment(RECONCILE, NOW, true, CONNECTED_AT);
  private static final BrokerAnswer NOTHING = answer(Set.of(), Set.of());

  private static BrokerAnswer answer(Set<String> open, Set<String> executed) {
    return new BrokerAnswer(open, executed);
  }

  /** A tracked order as a reconcile sees it; 10 shares ordered. */
  private static TrackedOrder.View order(
      String plan, Stage stage, OrderStatus status, Integer orderId, long filled) {
    return new TrackedOrder.View(
        TestOrders.ref(plan).toString(),
        buy(plan, 10),
        stage,
        status,
        orderId,
        filled,
        stage == Stage.WRITTEN ? 1 : 0,
        -1,
        0,
        false);
  }

  private static TrackedOrder.View written(String plan, long writtenAtNanos) {
    return written(plan, writtenAtNanos, false);
  }

  /** Written and never acknowledged; {@code resent}: it was this order's one re-send. */
  private static TrackedOrder.View written(String plan, long writtenAtNanos, boolean resent) {
    return new TrackedOrder.View(
        TestOrders.ref(plan).toString(),
        buy(plan, 10),
        Stage.WRITTEN,
        OrderStatus.CREATED,
        7,
        0,
        writtenAtNanos,
        -1,
        0,
        resent);
  }

  private static TrackedOrder.View restoredUnacknowledged(
      String plan, int restoredInReconcile, long restoredAtNanos) {
    return new TrackedOrder.View(
        TestOrders.ref(plan).toString(),
        buy(plan, 10),
        Stage.RESTORED_UNACKNOWLEDGED,
        OrderStatus.CREATED,
        null,
        0,
        0,
        restoredInReconcile,
        restoredAtNanos,
        false);
  }

  private static String ref(String plan) {
    return TestOrders.ref(plan).toString();
  }

  private static Reconciliation judge(TrackedOrder.View order, BrokerAnswer answer, Moment now) {
    return Reconciler.judge(List.of(order), answer, now);
  }

  @Test
  void anOrderIbListsOpenIsWorkingAndNothingIsSaid() {
    Reconciliation r =
        judge(
            order("p1", Stage.ACKNOWLEDGED, OrderStatus.SUBMITTED, 7, 3),
            answer(Set.of(ref("p1")), Set.of()),
            ONE_CLIENT);

    assertThat(r.verdicts()).containsExactly(Map.entry(ref("p1"), Verdict.OPEN_AT_BROKER));
    assertThat(r.updates()).isEmpty();
    assertThat(r.alerts()).isEmpty();
    assertThat(r.resend()).isEmpty();
    assertThat(r.rejudgeAtNanos()).isZero();
  }

  @Test
  void anOrderWhoseExecutionsCoverItIsReportedFilledWithoutAlert() {
    Reconciliation r =
        judge(
            order("p1", Stage.ACKNOWLEDGED, OrderStatus.SUBMITTED, 7, 10),
            answer(Set.of(), Set.of(ref("p1"))),
            ONE_CLIENT);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.FILLED_WHILE_AWAY);
    assertThat(r.updates())
        .containsExactly(OrderUpdate.status(TestOrders.ref("p1"), OrderStatus.FILLED));
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void anOrderFilledWhileAwayIsAlreadyDoneFromItsExecutionsAndIsNotReportedAgain() {
    Reconciliation r =
        judge(
            order("p1", Stage.DONE, OrderStatus.FILLED, 7, 10),
            answer(Set.of(), Set.of(ref("p1"))),
            ONE_CLIENT);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.ALREADY_DONE);
    assertThat(r.updates()).isEmpty();
  }

  @Test
  void aPartlyFilledOrderThatIsGoneIsCancelledWithWhatFilledAndAlerted() {
    Reconciliation r =
        judge(
            order("p1", Stage.ACKNOWLEDGED, OrderStatus.SUBMITTED, 7, 4),
            answer(Set.of(), Set.of(ref("p1"))),
            ONE_CLIENT);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.GONE);
    assertThat(r.updates())
        .containsExactly(
            new OrderUpdate(
                TestOrders.ref("p1"),
                OrderStatus.CANCELLED,
                false,
                "not open at the broker after reconnect (filled 4)"));
    assertThat(r.alerts()).hasSize(1);
    assertThat(r.alerts().get(0).kind()).isEqualTo("ORDER_GONE_AFTER_RECONNECT");
    assertThat(r.alerts().get(0).message()).contains(ref("p1")).contains("filled 4 of 10");
    assertThat(r.resend()).as("never written again").isEmpty();
  }

  @Test
  void anOrderStillQueuedIsNotJudgedItGoesOutAfterTheReconcile() {
    Reconciliation r =
        judge(order("p1", Stage.QUEUED, OrderStatus.CREATED, null, 0), NOTHING, ONE_CLIENT);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.NOT_WRITTEN_YET);
    assertThat(r.updates()).isEmpty();
    assertThat(r.resend()).isEmpty();
  }

  @Test
  void anOrderIbAcknowledgedOrThatIsStillBeingJournaledIsGoneWhenIbDoesNotKnowItNeverResent() {
    for (Stage stage : List.of(Stage.JOURNALING, Stage.ACKNOWLEDGED)) {
      Reconciliation r = judge(order("p1", stage, OrderStatus.CREATED, 7, 0), NOTHING, ONE_CLIENT);

      assertThat(r.verdicts().get(ref("p1"))).as(stage.name()).isEqualTo(Verdict.GONE);
      assertThat(r.updates().get(0).rejected()).as("it had an order id").isFalse();
      assertThat(r.resend()).isEmpty();
    }
  }

  /**
   * Issue 20, point 6: an order written into a connection that died before the drop was noticed.
   * After the grace IB has never heard of it (no status, not open, not executed): the decision
   * stands and it is sent once more under the same orderRef, in either client mode.
   */
  @Test
  void anOrderThisProcessWroteThatIbNeverHeardOfIsResentOnceAfterTheGrace() {
    for (Moment now : List.of(ONE_CLIENT, ALL_CLIENTS)) {
      Reconciliation r = judge(written("p1", NOW - Reconciler.UNACKED_GRACE_NANOS), NOTHING, now);

      assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.RESEND);
      assertThat(r.resend()).containsExactly(ref("p1"));
      assertThat(r.updates()).as("the decision stands: no cancel to the engine").isEmpty();
      assertThat(r.alerts()).isEmpty();
    }
  }

  @Test
  void aLostResendIsNotSentAThirdTimeItIsReportedLostAndAlerted() {
    Reconciliation r =
        judge(written("p1", NOW - Reconciler.UNACKED_GRACE_NANOS, true), NOTHING, ONE_CLIENT);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.LOST_AFTER_RESEND);
    assertThat(r.resend()).isEmpty();
    assertThat(r.updates()).hasSize(1);
    assertThat(r.updates().get(0).status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(r.updates().get(0).reason()).contains("twice").contains("not sent again");
    assertThat(r.alerts()).extracting(Reconciler.Alert::kind).containsExactly("ORDER_LOST");
    assertThat(r.alerts().get(0).message()).contains(ref("p1"));
  }

  @Test
  void aWrittenOrderIbExecutedOrPartlyFilledIsNeverResent() {
    Reconciliation executed =
        judge(
            written("p1", NOW - Reconciler.UNACKED_GRACE_NANOS),
            answer(Set.of(), Set.of(ref("p1"))),
            ONE_CLIENT);
    assertThat(executed.verdicts().get(ref("p1"))).isEqualTo(Verdict.GONE);

    TrackedOrder.View partly =
        new TrackedOrder.View(
            ref("p2"), buy("p2", 10), Stage.WRITTEN, OrderStatus.CREATED, 8, 3, 1, -1, 0, false);
    assertThat(judge(partly, NOTHING, ONE_CLIENT).verdicts().get(ref("p2")))
        .isEqualTo(Verdict.GONE);
  }

  @Test
  void theGraceRunsFromTheConnectionTheReconcileReadsOnWhenItIsLaterThanTheWrite() {
    // Written long ago into a connection that died; the new connection was made just now: IB may
    // still be reading the old connection's last bytes (a gateway that was frozen).
    long connectedAt = NOW - Reconciler.UNACKED_GRACE_NANOS + 1;
    Moment justConnected = new Moment(RECONCILE, NOW, false, connectedAt);

    Reconciliation r = judge(written("p1", 1), NOTHING, justConnected);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.AWAITING_ACKNOWLEDGEMENT);
    assertThat(r.resend()).isEmpty();
    assertThat(r.rejudgeAtNanos()).isEqualTo(connectedAt + Reconciler.UNACKED_GRACE_NANOS);
  }

  @Test
  void aRestoredOrderIbDoesNotKnowIsGoneAsNeverArrived() {
    Reconciliation r =
        judge(order("p1", Stage.RESTORED, OrderStatus.CREATED, null, 0), NOTHING, ALL_CLIENTS);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.GONE);
    assertThat(r.updates().get(0).rejected()).as("no order id of ours").isTrue();
    assertThat(r.resend()).isEmpty();
  }

  @Test
  void anOrderAnEarlierProcessJournaledThatNeverReachedIbIsResentOnceAfterTheGrace() {
    long restoredAt = NOW - Reconciler.RESTORED_GRACE_NANOS;
    Reconciliation r = judge(restoredUnacknowledged("p1", 2, restoredAt), NOTHING, ALL_CLIENTS);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.RESEND);
    assertThat(r.resend()).containsExactly(ref("p1"));
    assertThat(r.updates()).as("the decision stands: no cancel to the engine").isEmpty();
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void withinTheRestoreGraceItWaitsAndTheNextReconcileIsScheduled() {
    long restoredAt = NOW - Reconciler.RESTORED_GRACE_NANOS + 1;
    Reconciliation r = judge(restoredUnacknowledged("p1", 2, restoredAt), NOTHING, ALL_CLIENTS);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.AWAITING_RESTORE_GRACE);
    assertThat(r.resend()).isEmpty();
    assertThat(r.rejudgeAtNanos()).isEqualTo(restoredAt + Reconciler.RESTORED_GRACE_NANOS);
  }

  @Test
  void aJournaledOrderIbExecutedIsNeverResentEvenWhenItsExecutionWasSeenBefore() {
    // Its execution was a replay of one this process saw: dropped, so nothing is filled here,
    // but IB's answer names the orderRef: it reached IB.
    Reconciliation r =
        judge(restoredUnacknowledged("p1", 2, 0), answer(Set.of(), Set.of(ref("p1"))), ALL_CLIENTS);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.GONE);
    assertThat(r.resend()).isEmpty();
  }

  @Test
  void aJournaledOrderIbListsOpenIsWorking() {
    Reconciliation r =
        judge(restoredUnacknowledged("p1", 2, 0), answer(Set.of(ref("p1")), Set.of()), ALL_CLIENTS);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.OPEN_AT_BROKER);
    assertThat(r.resend()).isEmpty();
  }

  @Test
  void anOrderRestoredWhileThisReconcileRanIsLeftToTheNext() {
    Reconciliation r = judge(restoredUnacknowledged("p1", RECONCILE, 0), NOTHING, ALL_CLIENTS);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.RESTORED_DURING_RECONCILE);
    assertThat(r.updates()).isEmpty();
    assertThat(r.resend()).isEmpty();
    assertThat(r.rejudgeAtNanos()).as("the asked-for reconcile comes anyway").isZero();
  }

  @Test
  void anOrderWrittenAndNotYetAcknowledgedGetsItsGraceBeforeItIsJudged() {
    long writtenAt = NOW - Reconciler.UNACKED_GRACE_NANOS + 1;
    for (Moment now : List.of(ONE_CLIENT, ALL_CLIENTS)) {
      Reconciliation waiting = judge(written("p1", writtenAt), NOTHING, now);
      assertThat(waiting.verdicts().get(ref("p1"))).isEqualTo(Verdict.AWAITING_ACKNOWLEDGEMENT);
      assertThat(waiting.rejudgeAtNanos()).isEqualTo(writtenAt + Reconciler.UNACKED_GRACE_NANOS);
      assertThat(waiting.updates()).isEmpty();

      assertThat(
              judge(written("p1", NOW - Reconciler.UNACKED_GRACE_NANOS), NOTHING, now)
                  .verdicts()
                  .get(ref("p1")))
          .as("after the grace")
          .isEqualTo(Verdict.RESEND);
    }
  }

  @Test
  void anOrderRefTradeplanDidNotMakeGetsNoVerdictAndChangesNoOtherOrdersVerdict() {
    TrackedOrder.View mine = order("p1", Stage.ACKNOWLEDGED, OrderStatus.SUBMITTED, 7, 0);
    Reconciliation r =
        judge(
            mine,
            answer(Set.of("manual-order", ref("q9")), Set.of("manual-order", ref("q9"))),
            ONE_CLIENT);

    assertThat(r.verdicts()).containsOnlyKeys(ref("p1"));
    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.GONE);
    assertThat(r.updates()).extracting(OrderUpdate::ref).containsExactly(TestOrders.ref("p1"));
  }

  @Test
  void anExecutionListedAgainIsNotCountedAgain() {
    // The fills were applied as they arrived; IB listing the executions again adds nothing.
    TrackedOrder.View half = order("p1", Stage.ACKNOWLEDGED, OrderStatus.SUBMITTED, 7, 5);
    Reconciliation r = judge(half, answer(Set.of(), Set.of(ref("p1"))), ONE_CLIENT);

    assertThat(r.verdicts().get(ref("p1"))).isEqualTo(Verdict.GONE);
    assertThat(r.updates().get(0).reason()).contains("filled 5");
  }

  @Test
  void everyOrderGetsOneVerdictInTheOrderGivenAndTheUpdatesFollowThatOrder() {
    List<TrackedOrder.View> orders =
        List.of(
            order("p3", Stage.ACKNOWLEDGED, OrderStatus.SUBMITTED, 3, 0),
            order("p1", Stage.QUEUED, OrderStatus.CREATED, null, 0),
            order("p2", Stage.ACKNOWLEDGED, OrderStatus.SUBMITTED, 2, 10));

    Reconciliation r = Reconciler.judge(orders, NOTHING, ONE_CLIENT);

    assertThat(r.verdicts().keySet()).containsExactly(ref("p3"), ref("p1"), ref("p2"));
    assertThat(r.updates())
        .extracting(OrderUpdate::status)
        .containsExactly(OrderStatus.CANCELLED, OrderStatus.FILLED);
  }

  // ---- seeded random ----

  private static final Stage[] STAGES = Stage.values();
  private static final OrderStatus[] WORKING = {
    OrderStatus.CREATED,
    OrderStatus.PENDING_SUBMIT,
    OrderStatus.PRE_SUBMITTED,
    OrderStatus.SUBMITTED,
    OrderStatus.PENDING_CANCEL,
    OrderStatus.INACTIVE
  };
  private static final OrderStatus[] FINAL = {
    OrderStatus.FILLED, OrderStatus.CANCELLED, OrderStatus.API_CANCELLED
  };

  private static TrackedOrder.View randomOrder(Random r, int i) {
    Stage stage = STAGES[r.nextInt(STAGES.length)];
    OrderStatus status =
        switch (stage) {
          case DONE -> FINAL[r.nextInt(FINAL.length)];
          case QUEUED, QUEUED_FOR_RESEND, JOURNALING, RESTORED_UNACKNOWLEDGED, WRITTEN ->
              OrderStatus.CREATED;
          default -> WORKING[r.nextInt(WORKING.length)];
        };
    boolean hasId =
        switch (stage) {
          case JOURNALING, WRITTEN, ACKNOWLEDGED -> true;
          case DONE -> r.nextBoolean();
          default -> false;
        };
    long qty = 1 + r.nextInt(20);
    int pick = r.nextInt(4);
    long filled = pick == 0 ? qty : pick == 1 ? 0 : r.nextInt((int) qty + 1);
    long writtenAt =
        stage == Stage.WRITTEN
            ? NOW - 1 - (long) (r.nextDouble() * 2 * Reconciler.UNACKED_GRACE_NANOS)
            : 0;
    long restoredAt = NOW - (long) (r.nextDouble() * 2 * Reconciler.RESTORED_GRACE_NANOS);
    int restoredIn = r.nextInt(3) == 0 ? -1 : RECONCILE - 2 + r.nextInt(4);
    String plan = "r" + i;
    return new TrackedOrder.View(
        ref(plan),
        buy(plan, qty),
        stage,
        status,
        hasId ? 100 + i : null,
        filled,
        writtenAt,
        restoredIn,
        restoredAt,
        r.nextInt(4) == 0);
  }

  /**
   * Random tracked orders and IB answers (with orderRefs Tradeplan did not make): every order gets
   * exactly one verdict, nothing IB knows is re-sent, nothing is said about an order IB lists open,
   * still queued or already done, and each update, alert and re-send matches its verdict.
   */
  @Test
  void randomOrdersAndAnswersKeepTheReconcilesPromises() {
    Set<Verdict> seen = EnumSet.noneOf(Verdict.class);
    for (long seed = 1; seed <= 500; seed++) {
      Random r = new Random(seed);
      int n = r.nextInt(40);
      List<TrackedOrder.View> orders = new ArrayList<>();
      Set<String> open = new HashSet<>();
      Set<String> executed = new HashSet<>();
      for (int i = 0; i < n; i++) {
        TrackedOrder.View v = randomOrder(r, i);
        orders.add(v);
        if (r.nextInt(3) == 0) {
          open.add(v.ref());
        }
        if (r.nextInt(3) == 0) {
          executed.add(v.ref());
        }
      }
      for (int i = 0; i < r.nextInt(4); i++) {
        open.add(r.nextBoolean() ? "manual-" + i : ref("foreign" + i));
        executed.add("manual-x" + i);
      }
      long connectedAt = NOW - (long) (r.nextDouble() * 2 * Reconciler.UNACKED_GRACE_NANOS);
      Moment now = new Moment(RECONCILE, NOW, r.nextBoolean(), connectedAt);

      Reconciliation result = Reconciler.judge(orders, answer(open, executed), now);

      checkPromises("seed " + seed, orders, open, executed, now, result);
      seen.addAll(result.verdicts().values());
    }
    assertThat(seen)
        .as("the random orders reach every verdict")
        .containsExactlyInAnyOrder(Verdict.values());
  }

  /** Written and not final: the stages a reconcile judges. */
  private static boolean isJudged(Stage s) {
    return !s.isQueued() && s != Stage.DONE;
  }

  private static void checkPromises(
      String why,
      List<TrackedOrder.View> orders,
      Set<String> open,
      Set<String> executed,
      Moment now,
      Reconciliation result) {
    assertThat(new ArrayList<>(result.verdicts().keySet()))
        .as(why + ": one verdict per tracked order, in order, none lost, none added")
        .containsExactlyElementsOf(orders.stream().map(TrackedOrder.View::ref).toList());
    List<String> resend = new ArrayList<>();
    List<OrderUpdate> updates = new ArrayList<>();
    int gone = 0;
    long rejudgeAt = 0;
    for (TrackedOrder.View o : orders) {
      Verdict v = result.verdicts().get(o.ref());
      Supplier<String> about = () -> why + ", " + o;
      if (open.contains(o.ref()) && isJudged(o.stage())) {
        assertThat(v).as(about).isEqualTo(Verdict.OPEN_AT_BROKER);
      }
      if (o.stage().isQueued()) {
        assertThat(v).as(about).isEqualTo(Verdict.NOT_WRITTEN_YET);
      }
      if (o.stage() == Stage.DONE) {
        assertThat(v).as(about).isEqualTo(Verdict.ALREADY_DONE);
      }
      if (o.restoredInReconcile() >= now.reconcile()
          && isJudged(o.stage())
          && !open.contains(o.ref())) {
        assertThat(v).as(about).isEqualTo(Verdict.RESTORED_DURING_RECONCILE);
      }
      switch (v) {
        case RESEND, LOST_AFTER_RESEND -> {
          assertThat(open)
              .as(() -> about.get() + ": re-sent although IB lists it open")
              .doesNotContain(o.ref());
          assertThat(executed)
              .as(() -> about.get() + ": re-sent although IB executed it")
              .doesNotContain(o.ref());
          assertThat(o.stage()).as(about).isIn(Stage.RESTORED_UNACKNOWLEDGED, Stage.WRITTEN);
          assertThat(o.filled()).as(about).isZero();
          assertThat(o.status()).as(about).isEqualTo(OrderStatus.CREATED);
          if (o.stage() == Stage.RESTORED_UNACKNOWLEDGED) {
            assertThat(v).as(about).isEqualTo(Verdict.RESEND);
            assertThat(now.nowNanos() - o.restoredAtNanos())
                .as(about)
                .isGreaterThanOrEqualTo(Reconciler.RESTORED_GRACE_NANOS);
          } else {
            assertThat(v)
                .as(() -> about.get() + ": a lost re-send is never sent a third time")
                .isEqualTo(o.resent() ? Verdict.LOST_AFTER_RESEND : Verdict.RESEND);
            assertThat(
                    now.nowNanos()
                        - Math.max(o.writtenAtNanos(), now.connectedAtNanos())
                        - Reconciler.UNACKED_GRACE_NANOS)
                .as(() -> about.get() + ": judged within the grace")
                .isNotNegative();
          }
          if (v == Verdict.RESEND) {
            resend.add(o.ref());
          } else {
            updates.add(
                new OrderUpdate(
                    o.request().ref(),
                    OrderStatus.CANCELLED,
                    false,
                    "lost on its way to IB twice (sent, then re-sent once under the same"
                        + " orderRef): not sent again"));
            gone++;
          }
        }
        case FILLED_WHILE_AWAY -> {
          assertThat(o.filled()).as(about).isGreaterThanOrEqualTo(o.request().quantity());
          updates.add(OrderUpdate.status(o.request().ref(), OrderStatus.FILLED));
        }
        case GONE -> {
          assertThat(o.filled()).as(about).isLessThan(o.request().quantity());
          updates.add(
              new OrderUpdate(
                  o.request().ref(),
                  OrderStatus.CANCELLED,
                  o.orderId() == null,
                  "not open at the broker after reconnect (filled " + o.filled() + ")"));
          gone++;
        }
        case AWAITING_ACKNOWLEDGEMENT -> {
          assertThat(o.stage()).as(about).isEqualTo(Stage.WRITTEN);
          rejudgeAt =
              Math.max(
                  rejudgeAt,
                  Math.max(o.writtenAtNanos(), now.connectedAtNanos())
                      + Reconciler.UNACKED_GRACE_NANOS);
        }
        case AWAITING_RESTORE_GRACE ->
            rejudgeAt = Math.max(rejudgeAt, o.restoredAtNanos() + Reconciler.RESTORED_GRACE_NANOS);
        default -> {
          // nothing said
        }
      }
    }
    assertThat(result.resend()).as(why).containsExactlyElementsOf(resend);
    assertThat(result.updates())
        .as(why + ": one update per judged order")
        .containsExactlyElementsOf(updates);
    assertThat(result.alerts()).as(why + ": one alert per order gone or lost").hasSize(gone);
    assertThat(result.rejudgeAtNanos()).as(why).isEqualTo(rejudgeAt);
    if (rejudgeAt != 0) {
      assertThat(rejudgeAt).as(why + ": a grace ends in the future").isGreaterThan(now.nowNanos());
    }
  }
}
