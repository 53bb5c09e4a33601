package com.tradeplan.engine.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fill rules a plan keeps whatever the rules do (lifecycle.md sections 2 and 6): the actual
 * quantity counts, a replayed execution changes nothing, an execution that does not fit its order
 * or the position is refused with an alert, a fill after a cancel still counts, and P&L is realized
 * at the unrounded average entry price. Driven through {@link PlanState} directly, without rules.
 */
class PlanStateFillsTest {
  private static final OrderRef ENTRY = new OrderRef("p1", OrderRole.ENTRY, 0, 1);
  private static final OrderRef TARGET = new OrderRef("p1", OrderRole.TARGET, 0, 1);
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  private final EventClock clock = new EventClock();
  private PlanState plan;

  private static Plan plan(Side side) {
    boolean longSide = side == Side.LONG;
    return new Plan(
        "p1",
        "alice",
        Instrument.stock("AAPL"),
        side,
        100,
        new Entry(
            longSide ? EntryCondition.ABOVE : EntryCondition.BELOW, new BigDecimal("101.00"), null),
        List.of(new Stop(new BigDecimal(longSide ? "99.00" : "103.00"), null)),
        List.of(new Target(new BigDecimal(longSide ? "105.00" : "97.00"), null)),
        null);
  }

  /** A plan of {@code side} whose entry order for 100 was sent and moved along {@code path}. */
  private PlanState entered(Side side, OrderStatus... path) {
    PlanState p = PlanState.restore(PlanSnapshot.initial(plan(side), PlanStatus.ACTIVE), clock);
    p.openEntry("entry rule");
    for (OrderStatus s : path) {
      p.applyOrderUpdate(OrderUpdate.status(ENTRY, s));
    }
    p.drainEvents();
    p.takeChanged();
    return p;
  }

  private static Fill fill(String executionId, OrderRef ref, long quantity, String price) {
    OrderAction action = ref.role() == OrderRole.ENTRY ? OrderAction.BUY : OrderAction.SELL;
    return new Fill(executionId, ref, action, quantity, new BigDecimal(price), null, T0);
  }

  private static Fill entryFill(String executionId, long quantity, String price) {
    return fill(executionId, ENTRY, quantity, price);
  }

  private OrderRecord entryOrder() {
    return plan.getOrders().get(0);
  }

  @BeforeEach
  void startTheClock() {
    clock.set(4, T0);
    plan = entered(Side.LONG, OrderStatus.SUBMITTED);
  }

  @Test
  void aFillAddsItsActualQuantityAndKeepsTheOrderWorking() {
    assertThat(plan.applyFill(entryFill("e1", 40, "101.10"))).isTrue();

    assertThat(plan.getPosition()).isEqualTo(40);
    assertThat(plan.getFilledEntryQuantity()).isEqualTo(40);
    assertThat(entryOrder().getRemainingQuantity()).isEqualTo(60);
    assertThat(entryOrder().getStatus()).isEqualTo(OrderStatus.SUBMITTED);
    assertThat(plan.getWorkingEntry()).isSameAs(entryOrder());
    assertThat(plan.hasExecution("e1")).isTrue();
    assertThat(plan.takeChanged()).as("a fill is a durable change").isTrue();
    assertThat(plan.drainEvents())
        .containsExactly(
            PlanEvent.fill(ENTRY, 4, T0, OrderAction.BUY, 40, new BigDecimal("101.10"), "e1"));
  }

  @Test
  void theFillThatCompletesTheQuantityMakesTheOrderFilled() {
    plan.applyFill(entryFill("e1", 40, "101.10"));
    assertThat(plan.applyFill(entryFill("e2", 60, "101.20"))).isTrue();

    assertThat(entryOrder().getStatus()).isEqualTo(OrderStatus.FILLED);
    assertThat(entryOrder().getRemainingQuantity()).isZero();
    assertThat(plan.getWorkingEntry()).isNull();
    assertThat(plan.snapshot().avgEntryPrice()).isEqualByComparingTo("101.16");
  }

  @Test
  void aReplayedExecutionIsRefusedBeforeAnyStateChanges() {
    plan.applyFill(entryFill("e1", 40, "101.10"));
    plan.takeChanged();
    plan.drainEvents();
    PlanSnapshot before = plan.snapshot();

    assertThat(plan.applyFill(entryFill("e1", 40, "101.10"))).isFalse();
    assertThat(plan.applyFill(entryFill("e1", 60, "101.30")))
        .as("a duplicate id is refused even when the rest would fit")
        .isFalse();

    assertThat(plan.snapshot()).isEqualTo(before);
    assertThat(plan.takeChanged()).isFalse();
    assertThat(plan.drainEvents()).isEmpty();
    assertThat(plan.drainAlerts()).as("a replay is expected after a reconnect").isEmpty();
  }

  @Test
  void anOverfillIsRefusedChangesNothingAndForgetsTheExecutionId() {
    plan.applyFill(entryFill("e1", 70, "101.10"));
    PlanSnapshot before = plan.snapshot();

    assertThat(plan.applyFill(entryFill("e2", 31, "101.10"))).isFalse();

    assertThat(plan.snapshot()).isEqualTo(before);
    assertThat(plan.drainAlerts())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("fill e2 does not fit order p1:ENTRY:0:1");
    assertThat(plan.applyFill(entryFill("e2", 30, "101.10")))
        .as("the refused execution id was not remembered")
        .isTrue();
  }

  @Test
  void aFillOfAnUnknownOrderOrTheOtherSideIsRefused() {
    Fill otherOrder =
        new Fill(
            "e1",
            new OrderRef("p1", OrderRole.ENTRY, 0, 2),
            OrderAction.BUY,
            10,
            BigDecimal.ONE,
            null,
            T0);
    Fill otherSide = new Fill("e2", ENTRY, OrderAction.SELL, 10, BigDecimal.ONE, null, T0);

    assertThat(plan.applyFill(otherOrder)).isFalse();
    assertThat(plan.applyFill(otherSide)).isFalse();

    assertThat(plan.getPosition()).isZero();
    assertThat(plan.drainAlerts())
        .containsExactly(
            "plan p1: fill e1 for unknown order p1:ENTRY:0:2",
            "plan p1: fill e2 does not fit order p1:ENTRY:0:1 BUY 0/100 SUBMITTED");
  }

  @ParameterizedTest
  @EnumSource(
      value = OrderStatus.class,
      names = {"CANCELLED", "API_CANCELLED"})
  void aFillAfterACancelStillCountsAndTheStatusStaysFinal(OrderStatus cancelled) {
    plan = entered(Side.LONG, OrderStatus.SUBMITTED, OrderStatus.PENDING_CANCEL, cancelled);

    assertThat(plan.applyFill(entryFill("e1", 100, "101.10"))).isTrue();

    assertThat(plan.getPosition()).isEqualTo(100);
    assertThat(entryOrder().getStatus()).as("a final status stays final").isEqualTo(cancelled);
  }

  @Test
  void aFillWhileTheCancelIsPendingCountsAndCompletesTheOrder() {
    plan = entered(Side.LONG, OrderStatus.SUBMITTED, OrderStatus.PENDING_CANCEL);

    assertThat(plan.applyFill(entryFill("e1", 30, "101.10"))).isTrue();
    assertThat(entryOrder().getStatus()).isEqualTo(OrderStatus.PENDING_CANCEL);
    assertThat(plan.applyFill(entryFill("e2", 70, "101.10"))).isTrue();
    assertThat(entryOrder().getStatus()).isEqualTo(OrderStatus.FILLED);
  }

  @Test
  void aFillBeforeAnyStatusReportIsApplied() {
    plan = entered(Side.LONG);

    assertThat(plan.applyFill(entryFill("e1", 100, "101.10"))).isTrue();
    assertThat(entryOrder().getStatus()).isEqualTo(OrderStatus.FILLED);
  }

  @Test
  void aLateExitFillBeyondThePositionIsRefused() {
    plan.applyFill(entryFill("e1", 40, "101.10"));
    plan.setStatus(PlanStatus.CONTINGENT_ACTIVE);
    plan.openExit(OrderRole.TARGET, 0, 40, "target rule");
    plan.requestCancel(plan.getOrders().get(1), "flatten rule");
    plan.applyOrderUpdate(OrderUpdate.status(TARGET, OrderStatus.CANCELLED));
    OrderRef stop = new OrderRef("p1", OrderRole.STOP, 0, 1);
    plan.openExit(OrderRole.STOP, 0, 40, "stop rule");
    assertThat(plan.applyFill(fill("x1", stop, 40, "99.00"))).isTrue();
    plan.drainAlerts();

    // the cancelled target's execution arrives late: it fits its order, not the position
    assertThat(plan.applyFill(fill("x2", TARGET, 40, "105.00"))).isFalse();

    assertThat(plan.getPosition()).isZero();
    assertThat(plan.hasExecution("x2")).isFalse();
    assertThat(plan.drainAlerts()).containsExactly("plan p1: exit fill x2 beyond the position 0");
  }

  @Test
  void exitsRealizePnlAtTheUnroundedAverageEntryPriceMinusEveryCommission() {
    plan.applyFill(entryFill("e1", 1, "101.00"));
    plan.applyFill(entryFill("e2", 3, "101.10"));
    plan.setStatus(PlanStatus.CONTINGENT_ACTIVE);
    plan.openExit(OrderRole.TARGET, 0, 4, "target rule");
    plan.applyFill(
        new Fill(
            "x1",
            TARGET,
            OrderAction.SELL,
            4,
            new BigDecimal("102.00"),
            new BigDecimal("0.50"),
            T0));
    plan.applyCommission(new Commission("e1", ENTRY, new BigDecimal("0.25")));

    PlanSnapshot s = plan.snapshot();
    // avg entry 101.075, not 101.08: (102.00 - 101.075) * 4 = 3.70 (rounded first it is 3.68)
    assertThat(s.grossPnl()).isEqualByComparingTo("3.70");
    assertThat(s.commission()).isEqualByComparingTo("0.75");
    assertThat(s.realizedPnl()).isEqualByComparingTo("2.95");
    assertThat(s.executionIds()).containsExactly("e1", "e2", "x1");
  }

  @Test
  void aShortRealizesTheMirrorImage() {
    clock.set(4, T0);
    plan = entered(Side.SHORT, OrderStatus.SUBMITTED);
    Fill sell = new Fill("e1", ENTRY, OrderAction.SELL, 10, new BigDecimal("101.00"), null, T0);
    plan.applyFill(sell);
    plan.setStatus(PlanStatus.CONTINGENT_ACTIVE);
    plan.openExit(OrderRole.TARGET, 0, 10, "target rule");

    plan.applyFill(new Fill("x1", TARGET, OrderAction.BUY, 10, new BigDecimal("97.00"), null, T0));

    assertThat(plan.snapshot().grossPnl()).isEqualByComparingTo("40.00");
  }

  @Test
  void aFillOnAnEndedPlanIsRecordedAndAlerted() {
    plan.applyOrderUpdate(OrderUpdate.status(ENTRY, OrderStatus.PENDING_CANCEL));
    plan.applyOrderUpdate(OrderUpdate.status(ENTRY, OrderStatus.CANCELLED));
    plan.setStatus(PlanStatus.CANCELLED);
    plan.drainAlerts();

    assertThat(plan.applyFill(entryFill("e1", 5, "101.10"))).isTrue();

    assertThat(plan.getPosition()).isEqualTo(5);
    assertThat(plan.drainAlerts())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("on a plan that already ended (CANCELLED)");
  }

  @Test
  void stepsRecordOrderCancelAndRejectEventsOnceAndTakeChangedLeavesThemAlone() {
    clock.set(7, T0.plusSeconds(7));
    CancelIntent cancel = plan.requestCancel(entryOrder(), "cancel rule");

    assertThat(cancel.ref()).isEqualTo(ENTRY);
    assertThat(plan.takeChanged()).isTrue();
    assertThat(plan.getVersion()).as("the entry order was version 1").isEqualTo(2);
    assertThat(plan.drainEvents())
        .as("takeChanged does not take the events")
        .containsExactly(
            PlanEvent.cancel(ENTRY, 7, T0.plusSeconds(7), OrderAction.BUY, 100, "cancel rule"));
    assertThat(plan.drainEvents()).isEmpty();

    plan.applyOrderUpdate(OrderUpdate.rejected(ENTRY, "201: no margin"));
    assertThat(plan.drainEvents())
        .containsExactly(
            PlanEvent.reject(ENTRY, 7, T0.plusSeconds(7), OrderAction.BUY, 100, "201: no margin"));
    assertThat(plan.getEndReason()).isEqualTo("201: no margin");
  }
}
