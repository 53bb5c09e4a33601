package com.tradeplan.broker;

import static com.tradeplan.broker.TestOrders.buy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.broker.TrackedOrder.Stage;
import com.tradeplan.domain.IllegalTransitionException;
import com.tradeplan.domain.order.OrderStatus;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the tracked order's stage table, against a table written here by hand from what
 * each event of IbBroker does (not computed from the code under test), and the events themselves.
 */
class TrackedOrderTest {

  /** Where a tracked order may go next, and why (the event). Staying put is not a transition. */
  private static final Map<String, String> STAGE =
      Map.of(
          // sender takes it; restored or seen at IB by ref; seen open under our id; cancelled
          // unsent
          "QUEUED", "JOURNALING RESTORED RESTORED_UNACKNOWLEDGED ACKNOWLEDGED DONE",
          "QUEUED_FOR_RESEND", "JOURNALING RESTORED RESTORED_UNACKNOWLEDGED ACKNOWLEDGED DONE",
          // journal allowed the write; journal refused, rejected, judged gone
          "JOURNALING", "WRITTEN DONE",
          // first status; ended; proven never received by IB (its one re-send)
          "WRITTEN", "ACKNOWLEDGED DONE QUEUED_FOR_RESEND",
          "ACKNOWLEDGED", "DONE",
          // open under our id; restored again as CREATED; ended
          "RESTORED", "ACKNOWLEDGED RESTORED_UNACKNOWLEDGED DONE",
          // re-send after the grace; executed; open under our id; ended
          "RESTORED_UNACKNOWLEDGED", "QUEUED_FOR_RESEND RESTORED ACKNOWLEDGED DONE",
          "DONE", "");

  static Stream<Arguments> stagePairs() {
    Stage[] all = Stage.values();
    return Arrays.stream(all).flatMap(a -> Arrays.stream(all).map(b -> Arguments.of(a, b)));
  }

  private static boolean allowed(Stage from, Stage to) {
    String next = STAGE.get(from.name());
    assertThat(next).as("the expected table has a row for " + from).isNotNull();
    return Set.of(next.split(" ")).contains(to.name());
  }

  @Test
  void theExpectedTableNamesEveryStage() {
    assertThat(STAGE.keySet())
        .isEqualTo(Arrays.stream(Stage.values()).map(Enum::name).collect(Collectors.toSet()));
  }

  @ParameterizedTest(name = "stage {0} -> {1}")
  @MethodSource("stagePairs")
  void everyStageMovesExactlyAsTheTableSays(Stage from, Stage to) {
    boolean expected = allowed(from, to);

    assertThat(from.canMoveTo(to)).as("canMoveTo " + from + " -> " + to).isEqualTo(expected);
    if (expected || from == to) {
      assertThat(from.moveTo(to)).isSameAs(to);
    } else {
      assertThatThrownBy(() -> from.moveTo(to))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessage("tracked order stage cannot move from " + from + " to " + to);
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void onlyTheTwoQueuedStagesAreQueuedAndOnlyDoneIsFinal(Stage s) {
    assertThat(s.isQueued()).isEqualTo(s == Stage.QUEUED || s == Stage.QUEUED_FOR_RESEND);
    assertThat(STAGE.get(s.name()).isEmpty()).isEqualTo(s == Stage.DONE);
  }

  @Test
  void aSubmittedOrderIsJournaledWrittenThenAcknowledgedOnce() {
    TrackedOrder t = TrackedOrder.queued(buy("p1", 10));

    assertThat(t.startSending(7)).as("not a re-send").isFalse();
    assertThat(t.stage()).isEqualTo(Stage.JOURNALING);
    assertThat(t.orderId()).isEqualTo(7);
    t.written(1_000);
    assertThat(t.stage()).isEqualTo(Stage.WRITTEN);
    assertThat(t.acknowledge(1_250)).as("send to ack").isEqualTo(250);
    assertThat(t.stage()).isEqualTo(Stage.ACKNOWLEDGED);
    assertThat(t.acknowledge(2_000)).as("measured once").isEqualTo(-1);
  }

  @Test
  void aWrittenOrderIbNeverReceivedIsQueuedForItsOneResendWhichItRemembers() {
    TrackedOrder t = TestOrders.inStage(buy("p1", 10), Stage.WRITTEN, 7);

    t.queueForResend();
    assertThat(t.stage()).isEqualTo(Stage.QUEUED_FOR_RESEND);
    assertThat(t.resent()).as("not taken yet").isFalse();
    assertThat(t.startSending(8)).as("the re-send").isTrue();
    assertThat(t.orderId()).as("a new order id").isEqualTo(8);
    assertThat(t.resent()).isTrue();
    assertThat(t.view().resent()).isTrue();
  }

  @Test
  void aLateReportOnTheFirstSendMeansItReachedIbAndTheResendIsNeverWritten() {
    TrackedOrder t = TestOrders.inStage(buy("p1", 10), Stage.WRITTEN, 7);
    t.queueForResend();

    t.acknowledge(5);
    assertThat(t.stage()).isEqualTo(Stage.ACKNOWLEDGED);
    assertThat(t.stage().isQueued()).as("the sender skips it").isFalse();
  }

  @Test
  void aRejectionBeforeTheFirstStatusStillLetsTheAckLatencyBeMeasured() {
    TrackedOrder t = TestOrders.inStage(buy("p1", 10), Stage.WRITTEN, 7);

    t.refuse();
    assertThat(t.stage()).isEqualTo(Stage.DONE);
    assertThat(t.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(t.acknowledge(11)).isEqualTo(10);
    assertThat(t.stage()).isEqualTo(Stage.DONE);
  }

  @Test
  void aRestoreSaysWhereTheOrderMayBe() {
    assertThat(TrackedOrder.restored(buy("p1", 10), OrderStatus.CREATED, 3, 99).stage())
        .as("journaled, never acknowledged")
        .isEqualTo(Stage.RESTORED_UNACKNOWLEDGED);
    assertThat(TrackedOrder.restored(buy("p1", 10), OrderStatus.SUBMITTED, 3, 99).stage())
        .isEqualTo(Stage.RESTORED);
    assertThat(TrackedOrder.restored(buy("p1", 10), null, 3, 99).stage()).isEqualTo(Stage.RESTORED);
    TrackedOrder done = TrackedOrder.restored(buy("p1", 10), OrderStatus.FILLED, 3, 99);
    assertThat(done.stage()).isEqualTo(Stage.DONE);
    assertThat(done.status()).isEqualTo(OrderStatus.FILLED);
    TrackedOrder.View v = TrackedOrder.restored(buy("p1", 10), OrderStatus.CREATED, 3, 99).view();
    assertThat(v.restoredInReconcile()).isEqualTo(3);
    assertThat(v.restoredAtNanos()).isEqualTo(99);
  }

  @Test
  void aQueuedOrderRestoredMeanwhileIsNeverWrittenByThisProcess() {
    TrackedOrder t = TrackedOrder.queued(buy("p1", 10));

    t.restore(OrderStatus.SUBMITTED, 1, 5);
    assertThat(t.stage()).isEqualTo(Stage.RESTORED);
    assertThat(t.stage().isQueued()).isFalse();
  }

  @Test
  void aRestoreDoesNotOverruleWhatThisProcessWroteUnlessItIsFinal() {
    TrackedOrder t = TestOrders.inStage(buy("p1", 10), Stage.ACKNOWLEDGED, 7);

    t.restore(OrderStatus.CREATED, 1, 5);
    assertThat(t.stage()).isEqualTo(Stage.ACKNOWLEDGED);
    assertThat(t.view().restoredInReconcile())
        .as("has an id: judged by any reconcile")
        .isEqualTo(-1);
    t.restore(OrderStatus.CANCELLED, 1, 5);
    assertThat(t.stage()).isEqualTo(Stage.DONE);
    t.restore(OrderStatus.FILLED, 1, 5);
    assertThat(t.status()).as("the store's final word").isEqualTo(OrderStatus.FILLED);
  }

  @Test
  void anExecutionShowsTheOrderReachedIb() {
    TrackedOrder queued = TrackedOrder.queued(buy("p1", 10));
    assertThat(queued.applyFill(4)).isFalse();
    assertThat(queued.stage()).as("never written by this process").isEqualTo(Stage.RESTORED);

    TrackedOrder unacked = TrackedOrder.restored(buy("p2", 10), OrderStatus.CREATED, 0, 0);
    unacked.applyFill(4);
    assertThat(unacked.stage()).as("it did reach IB").isEqualTo(Stage.RESTORED);
  }

  @Test
  void theFillThatCoversTheOrderEndsItFilledAndALateFillIsStillCounted() {
    TrackedOrder t = TestOrders.inStage(buy("p1", 10), Stage.ACKNOWLEDGED, 7);
    assertThat(t.applyFill(6)).isFalse();
    assertThat(t.applyFill(4)).isTrue();
    assertThat(t.stage()).isEqualTo(Stage.DONE);
    assertThat(t.status()).isEqualTo(OrderStatus.FILLED);

    TrackedOrder cancelled = TestOrders.inStage(buy("p2", 10), Stage.ACKNOWLEDGED, 8);
    cancelled.reportStatus(OrderStatus.CANCELLED);
    assertThat(cancelled.applyFill(10)).as("the money moved; the status stays").isFalse();
    assertThat(cancelled.filled()).isEqualTo(10);
    assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void ibShowingARestoredOrderUnderOurIdMapsItAndByRefOnlyLeavesIt() {
    TrackedOrder byId = TrackedOrder.restored(buy("p1", 10), OrderStatus.SUBMITTED, 0, 0);
    byId.seenOpenUnderId(42);
    assertThat(byId.stage()).isEqualTo(Stage.ACKNOWLEDGED);
    assertThat(byId.orderId()).isEqualTo(42);

    TrackedOrder byRef = TrackedOrder.restored(buy("p2", 10), OrderStatus.CREATED, 0, 0);
    byRef.seenOpenByRef();
    assertThat(byRef.stage()).isEqualTo(Stage.RESTORED_UNACKNOWLEDGED);
    assertThat(byRef.orderId()).isNull();

    TrackedOrder written = TestOrders.inStage(buy("p3", 10), Stage.WRITTEN, 7);
    written.seenOpenUnderId(7);
    assertThat(written.stage()).as("an open order is not a status report").isEqualTo(Stage.WRITTEN);
  }

  @Test
  void theOneResendIsJournaledAsAResend() {
    TrackedOrder t = TrackedOrder.restored(buy("p1", 10), OrderStatus.CREATED, 0, 0);
    t.queueForResend();
    assertThat(t.stage()).isEqualTo(Stage.QUEUED_FOR_RESEND);
    assertThat(t.startSending(9)).isTrue();
  }

  @Test
  void aMoveTheTableForbidsOrANonFinalEndIsABrokenInvariant() {
    TrackedOrder t = TestOrders.inStage(buy("p1", 10), Stage.ACKNOWLEDGED, 7);
    assertThatThrownBy(t::queueForResend).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> t.end(OrderStatus.SUBMITTED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.startSending(8)).isInstanceOf(IllegalTransitionException.class);
  }
}
