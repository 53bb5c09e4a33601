package com.tradeplan.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.IllegalTransitionException;
import com.tradeplan.domain.order.Order.FillResult;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrderTest {
  private static final OrderRef ENTRY = new OrderRef("p1", OrderRole.ENTRY, 0, 1);
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  /** A market BUY of 100 for plan p1's entry, moved to {@code status} through the IB path. */
  private static Order entryOrder(OrderStatus... path) {
    Order o = Order.market(ENTRY, OrderAction.BUY, 100);
    for (OrderStatus s : path) {
      o.applyStatus(s);
    }
    return o;
  }

  private static Fill fill(String executionId, long quantity, String price) {
    return new Fill(executionId, ENTRY, OrderAction.BUY, quantity, new BigDecimal(price), null, T0);
  }

  @Test
  void aFillAddsItsActualQuantityAndKeepsTheOrderWorking() {
    Order o = entryOrder(OrderStatus.SUBMITTED);

    assertThat(o.applyFill(fill("e1", 40, "101.10"))).isEqualTo(FillResult.APPLIED);

    assertThat(o.filledQuantity()).isEqualTo(40);
    assertThat(o.remainingQuantity()).isEqualTo(60);
    assertThat(o.status()).isEqualTo(OrderStatus.SUBMITTED);
    assertThat(o.fills()).extracting(Fill::executionId).containsExactly("e1");
  }

  @Test
  void theFillThatCompletesTheQuantityMakesTheOrderFilled() {
    Order o = entryOrder(OrderStatus.SUBMITTED);

    o.applyFill(fill("e1", 40, "101.10"));
    assertThat(o.applyFill(fill("e2", 60, "101.20"))).isEqualTo(FillResult.APPLIED);

    assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
    assertThat(o.filledQuantity()).isEqualTo(100);
    assertThat(o.remainingQuantity()).isZero();
  }

  @Test
  void aReplayedExecutionIsRefusedBeforeAnyStateChanges() {
    Order o = entryOrder(OrderStatus.SUBMITTED);
    o.applyFill(fill("e1", 40, "101.10"));

    FillResult replay = o.applyFill(fill("e1", 40, "101.10"));
    FillResult sameIdOtherSize = o.applyFill(fill("e1", 60, "101.30"));

    assertThat(replay).isEqualTo(FillResult.DUPLICATE);
    assertThat(sameIdOtherSize)
        .as("a duplicate id is refused even when the rest would fit")
        .isEqualTo(FillResult.DUPLICATE);
    assertThat(o.filledQuantity()).isEqualTo(40);
    assertThat(o.fills()).hasSize(1);
    assertThat(o.status()).isEqualTo(OrderStatus.SUBMITTED);
  }

  @Test
  void aDuplicateIsReportedAsDuplicateEvenWhenItWouldAlsoOverfill() {
    Order o = entryOrder(OrderStatus.SUBMITTED);
    o.applyFill(fill("e1", 100, "101.10"));

    assertThat(o.applyFill(fill("e1", 100, "101.10"))).isEqualTo(FillResult.DUPLICATE);
    assertThat(o.filledQuantity()).isEqualTo(100);
  }

  @Test
  void anOverfillIsRefusedAndChangesNothing() {
    Order o = entryOrder(OrderStatus.SUBMITTED);
    o.applyFill(fill("e1", 70, "101.10"));

    assertThat(o.applyFill(fill("e2", 31, "101.10"))).isEqualTo(FillResult.OVERFILL_REFUSED);

    assertThat(o.filledQuantity()).isEqualTo(70);
    assertThat(o.fills()).hasSize(1);
    assertThat(o.status()).isEqualTo(OrderStatus.SUBMITTED);
    assertThat(o.applyFill(fill("e2", 30, "101.10")))
        .as("the refused execution id was not remembered")
        .isEqualTo(FillResult.APPLIED);
  }

  @Test
  void aFillOfAnotherOrderOrSideIsRefused() {
    Order o = entryOrder(OrderStatus.SUBMITTED);
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

    assertThat(o.applyFill(otherOrder)).isEqualTo(FillResult.WRONG_ORDER);
    assertThat(o.applyFill(otherSide)).isEqualTo(FillResult.WRONG_ORDER);
    assertThat(o.filledQuantity()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = OrderStatus.class,
      names = {"CANCELLED", "API_CANCELLED"})
  void aFillAfterACancelIsAcceptedAndSaysSo(OrderStatus cancelled) {
    Order o = entryOrder(OrderStatus.SUBMITTED, OrderStatus.PENDING_CANCEL, cancelled);

    assertThat(o.applyFill(fill("e1", 100, "101.10"))).isEqualTo(FillResult.APPLIED_AFTER_CANCEL);

    assertThat(o.filledQuantity()).isEqualTo(100);
    assertThat(o.status()).as("a final status stays final").isEqualTo(cancelled);
  }

  @Test
  void aFillWhileTheCancelIsPendingIsAcceptedAndCompletesTheOrder() {
    Order o = entryOrder(OrderStatus.SUBMITTED, OrderStatus.PENDING_CANCEL);

    assertThat(o.applyFill(fill("e1", 30, "101.10"))).isEqualTo(FillResult.APPLIED_AFTER_CANCEL);
    assertThat(o.status()).isEqualTo(OrderStatus.PENDING_CANCEL);
    assertThat(o.applyFill(fill("e2", 70, "101.10"))).isEqualTo(FillResult.APPLIED_AFTER_CANCEL);
    assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
  }

  @Test
  void aFillBeforeAnyStatusReportIsApplied() {
    Order o = entryOrder();

    assertThat(o.applyFill(fill("e1", 100, "101.10"))).isEqualTo(FillResult.APPLIED);
    assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
  }

  @Test
  void statusesFollowTheTableAndRepeatsAreHarmless() {
    Order o = entryOrder(OrderStatus.PENDING_SUBMIT, OrderStatus.SUBMITTED, OrderStatus.SUBMITTED);

    assertThat(o.status()).isEqualTo(OrderStatus.SUBMITTED);
    o.applyStatus(OrderStatus.FILLED);
    assertThatThrownBy(() -> o.applyStatus(OrderStatus.SUBMITTED))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("order status cannot move from FILLED to SUBMITTED");
    assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
  }

  @Test
  void anOrderNeedsAPositiveQuantityAndExactlyItsOwnPriceFields() {
    assertThatThrownBy(() -> Order.market(ENTRY, OrderAction.BUY, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Order(ENTRY, OrderAction.BUY, OrderType.LIMIT, 1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Order(ENTRY, OrderAction.BUY, OrderType.MARKET, 1, BigDecimal.ONE, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            new Order(
                    ENTRY, OrderAction.BUY, OrderType.STOP_LIMIT, 1, BigDecimal.TEN, BigDecimal.ONE)
                .stopPrice())
        .isEqualTo(BigDecimal.ONE);
  }

  @Test
  void aFillRefusesNonPositiveQuantityOrPriceAndNegativeCommission() {
    assertThatThrownBy(() -> fill("e", 0, "1.00")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fill("e", 1, "0.00")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Fill(
                    "e", ENTRY, OrderAction.BUY, 1, BigDecimal.ONE, new BigDecimal("-0.01"), T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOrderRefPrintsAndParsesBackAndRefusesForeignText() {
    OrderRef ref = new OrderRef("p-1.x", OrderRole.TARGET, 2, 3);

    assertThat(ref.toString()).isEqualTo("p-1.x:TARGET:2:3");
    assertThat(OrderRef.parse(ref.toString())).isEqualTo(ref);
    assertThat(OrderRef.parse("manual order")).isNull();
    assertThat(OrderRef.parse(null)).isNull();
    assertThatThrownBy(() -> new OrderRef("p1", OrderRole.STOP, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
