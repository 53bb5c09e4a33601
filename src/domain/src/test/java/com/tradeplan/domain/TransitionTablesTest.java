package com.tradeplan.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the three transition tables, against tables written here by hand from lifecycle.md
 * section 2 and IB's order statuses (not computed from the code under test).
 */
class TransitionTablesTest {

  /** lifecycle.md section 2: where a plan may go next. Staying put is not a transition. */
  private static final Map<String, String> PLAN =
      Map.of(
          "DRAFT", "ACTIVE CANCELLED",
          "ACTIVE", "ENTRY_SUBMITTED CANCELLED",
          "ENTRY_SUBMITTED", "CONTINGENT_ACTIVE CANCELLED REJECTED",
          "CONTINGENT_ACTIVE", "CONTINGENT_SUBMITTED",
          "CONTINGENT_SUBMITTED", "CONTINGENT_ACTIVE INACTIVE",
          "INACTIVE", "",
          "CANCELLED", "",
          "REJECTED", "");

  private static final Map<String, String> TRADE =
      Map.of(
          "PENDING", "LIVE CANCELLED",
          "LIVE", "CLOSED",
          "CLOSED", "",
          "CANCELLED", "");

  /** The trade status each plan status implies (lifecycle.md section 2). */
  private static final Map<String, String> PLAN_TO_TRADE =
      Map.of(
          "DRAFT", "PENDING",
          "ACTIVE", "PENDING",
          "ENTRY_SUBMITTED", "PENDING",
          "CONTINGENT_ACTIVE", "LIVE",
          "CONTINGENT_SUBMITTED", "LIVE",
          "INACTIVE", "CLOSED",
          "CANCELLED", "CANCELLED",
          "REJECTED", "CANCELLED");

  /**
   * IB's order statuses: any live status may end (cancelled, filled) or be held (Inactive); a
   * cancel request can lose the race (filled) or be refused (back to working); a held order can
   * come back. Ends are final.
   */
  private static final Map<String, String> ORDER =
      Map.of(
          "CREATED",
              "PENDING_SUBMIT PRE_SUBMITTED SUBMITTED PENDING_CANCEL"
                  + " CANCELLED API_CANCELLED FILLED INACTIVE DENIED",
          "PENDING_SUBMIT",
              "PRE_SUBMITTED SUBMITTED PENDING_CANCEL CANCELLED API_CANCELLED FILLED INACTIVE",
          "PRE_SUBMITTED", "SUBMITTED PENDING_CANCEL CANCELLED API_CANCELLED FILLED INACTIVE",
          "SUBMITTED", "PENDING_CANCEL CANCELLED API_CANCELLED FILLED INACTIVE",
          "PENDING_CANCEL", "CANCELLED API_CANCELLED FILLED SUBMITTED PRE_SUBMITTED",
          "INACTIVE", "PRE_SUBMITTED SUBMITTED CANCELLED API_CANCELLED FILLED",
          "CANCELLED", "",
          "API_CANCELLED", "",
          "FILLED", "",
          "DENIED", "");

  private static boolean allowed(Map<String, String> table, Enum<?> from, Enum<?> to) {
    String next = table.get(from.name());
    assertThat(next).as("the expected table has a row for " + from).isNotNull();
    return Set.of(next.split(" ")).contains(to.name());
  }

  private static <E extends Enum<E>> Stream<Arguments> pairs(Class<E> type) {
    E[] all = type.getEnumConstants();
    return Arrays.stream(all).flatMap(a -> Arrays.stream(all).map(b -> Arguments.of(a, b)));
  }

  static Stream<Arguments> planPairs() {
    return pairs(PlanStatus.class);
  }

  static Stream<Arguments> tradePairs() {
    return pairs(TradeStatus.class);
  }

  static Stream<Arguments> orderPairs() {
    return pairs(OrderStatus.class);
  }

  @Test
  void theExpectedTablesNameEveryStatus() {
    assertThat(PLAN.keySet()).isEqualTo(names(PlanStatus.values()));
    assertThat(TRADE.keySet()).isEqualTo(names(TradeStatus.values()));
    assertThat(ORDER.keySet()).isEqualTo(names(OrderStatus.values()));
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "plan {0} -> {1}")
  @MethodSource("planPairs")
  void planStatusMovesExactlyAsTheLifecycleTableSays(PlanStatus from, PlanStatus to) {
    boolean expected = allowed(PLAN, from, to);

    assertThat(from.canMoveTo(to)).as("canMoveTo " + from + " -> " + to).isEqualTo(expected);
    checkMove(expected, from, to, from::moveTo, "plan status");
  }

  @ParameterizedTest(name = "trade {0} -> {1}")
  @MethodSource("tradePairs")
  void tradeStatusMovesExactlyAsTheLifecycleTableSays(TradeStatus from, TradeStatus to) {
    boolean expected = allowed(TRADE, from, to);

    assertThat(from.canMoveTo(to)).as("canMoveTo " + from + " -> " + to).isEqualTo(expected);
    checkMove(expected, from, to, from::moveTo, "trade status");
  }

  @ParameterizedTest(name = "order {0} -> {1}")
  @MethodSource("orderPairs")
  void orderStatusMovesExactlyAsIbStatusesAllow(OrderStatus from, OrderStatus to) {
    boolean expected = allowed(ORDER, from, to);

    assertThat(from.canMoveTo(to)).as("canMoveTo " + from + " -> " + to).isEqualTo(expected);
    checkMove(expected, from, to, from::moveTo, "order status");
  }

  /** Allowed moves return the target; staying put is a no-op; anything else is refused. */
  private static <E> void checkMove(
      boolean allowed, E from, E to, Function<E, E> move, String kind) {
    if (allowed || from == to) {
      assertThat(move.apply(to)).isSameAs(to);
    } else {
      assertThatThrownBy(() -> move.apply(to))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessage(kind + " cannot move from " + from + " to " + to)
          .satisfies(
              e -> {
                IllegalTransitionException t = (IllegalTransitionException) e;
                assertThat(t.from()).isEqualTo(String.valueOf(from));
                assertThat(t.to()).isEqualTo(String.valueOf(to));
              });
    }
  }

  @ParameterizedTest
  @EnumSource(PlanStatus.class)
  void eachPlanStatusImpliesItsTradeStatus(PlanStatus status) {
    assertThat(status.tradeStatus().name()).isEqualTo(PLAN_TO_TRADE.get(status.name()));
    assertThat(status.isTerminal()).isEqualTo(PLAN.get(status.name()).isEmpty());
    assertThat(status.isLive()).isEqualTo(PLAN_TO_TRADE.get(status.name()).equals("LIVE"));
  }

  @ParameterizedTest(name = "plan {0} -> {1}")
  @MethodSource("planPairs")
  void everyAllowedPlanMoveIsAnAllowedTradeMove(PlanStatus from, PlanStatus to) {
    if (allowed(PLAN, from, to)) {
      TradeStatus a = from.tradeStatus();
      TradeStatus b = to.tradeStatus();
      assertThat(a == b || allowed(TRADE, a, b))
          .as(from + " -> " + to + " implies trade " + a + " -> " + b)
          .isTrue();
    }
  }

  @Test
  void onlyActiveEntrySubmittedAndLivePlansAreMonitored() {
    Set<PlanStatus> monitored =
        Arrays.stream(PlanStatus.values())
            .filter(PlanStatus::isMonitored)
            .collect(Collectors.toSet());

    assertThat(monitored)
        .containsExactlyInAnyOrder(
            PlanStatus.ACTIVE,
            PlanStatus.ENTRY_SUBMITTED,
            PlanStatus.CONTINGENT_ACTIVE,
            PlanStatus.CONTINGENT_SUBMITTED);
  }

  @ParameterizedTest
  @EnumSource(TradeStatus.class)
  void closedAndCancelledTradesAreTerminal(TradeStatus status) {
    assertThat(status.isTerminal()).isEqualTo(TRADE.get(status.name()).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(OrderStatus.class)
  void anOrderIsDoneOnlyWhenNoStatusCanFollowAndWorkingOtherwiseUnlessHeld(OrderStatus s) {
    boolean done = ORDER.get(s.name()).isEmpty();
    assertThat(s.isDone()).isEqualTo(done);
    assertThat(s.isWorking()).isEqualTo(!done && s != OrderStatus.INACTIVE);
  }

  @Test
  void ibStatusNamesMapBothWays() {
    Map<String, OrderStatus> ib =
        Map.of(
            "PendingSubmit", OrderStatus.PENDING_SUBMIT,
            "PreSubmitted", OrderStatus.PRE_SUBMITTED,
            "Submitted", OrderStatus.SUBMITTED,
            "PendingCancel", OrderStatus.PENDING_CANCEL,
            "Cancelled", OrderStatus.CANCELLED,
            "ApiCancelled", OrderStatus.API_CANCELLED,
            "Filled", OrderStatus.FILLED,
            "Inactive", OrderStatus.INACTIVE,
            "ApiPending", OrderStatus.CREATED);

    ib.forEach(
        (name, status) -> {
          assertThat(OrderStatus.fromIb(name)).as(name).isEqualTo(status);
          if (!name.equals("ApiPending")) {
            assertThat(status.ibName()).isEqualTo(name);
          }
        });
    assertThatThrownBy(() -> OrderStatus.fromIb("Unknown"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OrderStatus.fromIb(OrderStatus.DENIED.ibName()))
        .as("a local denial is Tradeplan's own: IB never reports it")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
