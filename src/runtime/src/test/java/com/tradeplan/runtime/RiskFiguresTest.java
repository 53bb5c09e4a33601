package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.LoadResult;
import com.tradeplan.testkit.plans.TestPlans;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The risk figures of a user taken over, rebuilt from what the take-over resumes and the plans the
 * store holds of the day ({@link RiskFigures}): the open position and the day's loss count before
 * the first entry; with the store down, every entry of the user is refused with the reason and an
 * alert while its exits still go, and the next try after the store is back completes them.
 */
class RiskFiguresTest {
  private static final Instant NOW = TestPlans.T0.plusSeconds(3_600);

  private final List<String> sent = new ArrayList<>();
  private final Broker market =
      new GateOrders.AcceptingBroker(request -> sent.add(request.ref().toString()), ref -> {});

  private final EntryLimits limits =
      new EntryLimits(
          LimitLayers.of(
              RiskLimits.builder()
                  .maxPositionPerSymbol(150L)
                  .maxDailyLoss(new BigDecimal("200"))
                  .build()),
          s -> null,
          Clock.fixed(NOW, ZoneOffset.UTC),
          RiskLimitsService.TRADING_DAY_ZONE,
          System::nanoTime);
  private final RiskGate gate = new RiskGate(market, limits);
  private final Alerts alerts = new Alerts();
  private final FakeStore store = new FakeStore();
  private final RiskFigures figures =
      new RiskFigures(store, limits, alerts, Clock.fixed(NOW, ZoneOffset.UTC));

  /** The store as the rebuild reads it: plans and histories, or down. */
  private static final class FakeStore implements RiskFigures.StoredPlans {
    boolean down;
    final List<PlanSnapshot> running = new ArrayList<>();
    final List<PlanSnapshot> today = new ArrayList<>();
    final Map<String, List<PlanEvent>> histories = new HashMap<>();
    BigDecimal endedRealized = BigDecimal.ZERO;

    private void check() {
      if (down) {
        throw new IllegalStateException("Timed out while waiting for a server");
      }
    }

    @Override
    public LoadResult running(String owner) {
      check();
      return new LoadResult(running, List.of());
    }

    @Override
    public LoadResult changedSince(String owner, Instant since, String afterPlanId, int limit) {
      check();
      return new LoadResult(afterPlanId == null ? today : List.of(), List.of());
    }

    @Override
    public List<PlanEvent> history(String planId) {
      check();
      return histories.getOrDefault(planId, List.of());
    }

    @Override
    public BigDecimal realizedOfEndedPlans(String owner) {
      check();
      return endedRealized;
    }
  }

  /** A plan of alice holding 100 AAPL bought at 101.30 (execution {@code id}-E1). */
  private PlanSnapshot holding(String id) {
    PlanSnapshot s = TestPlans.withEntryOrder(TestPlans.active(id, "alice", "AAPL"), 1);
    s = TestPlans.withEntryFill(s, 100, "101.30", id + "-E1");
    store.histories.put(
        id,
        List.of(
            PlanEvent.fill(
                entryRef(id),
                -1,
                NOW.minusSeconds(600),
                OrderAction.BUY,
                100,
                new BigDecimal("101.30"),
                id + "-E1")));
    return s;
  }

  /** A plan of alice stopped out today: 100 bought at 101.30, sold at 98.80 (a loss of 250). */
  private PlanSnapshot stoppedOut(String id) {
    PlanSnapshot s = holding(id);
    OrderRef stop = new OrderRef(id, OrderRole.STOP, 0, 1);
    List<OrderSnapshot> orders = new ArrayList<>();
    for (OrderSnapshot o : s.orders()) {
      orders.add(
          new OrderSnapshot(o.ref(), o.action(), o.quantity(), 100, OrderStatus.FILLED, "e"));
    }
    orders.add(new OrderSnapshot(stop, OrderAction.SELL, 100, 100, OrderStatus.FILLED, "stop"));
    List<PlanEvent> history = new ArrayList<>(store.histories.get(id));
    history.add(
        PlanEvent.fill(
            stop,
            -1,
            NOW.minusSeconds(300),
            OrderAction.SELL,
            100,
            new BigDecimal("98.80"),
            id + "-E2"));
    store.histories.put(id, history);
    return new PlanSnapshot(
        s.plan(),
        PlanStatus.INACTIVE,
        0,
        100,
        s.entryCost(),
        new BigDecimal("-250"),
        BigDecimal.ZERO,
        s.stops(),
        s.targetFired(),
        s.activeStop(),
        s.bestPrice(),
        true,
        false,
        null,
        orders,
        List.of(id + "-E1", id + "-E2"),
        Map.of(),
        "stopped out",
        s.version() + 1,
        null,
        null);
  }

  private static OrderRef entryRef(String planId) {
    return new OrderRef(planId, OrderRole.ENTRY, 0, 1);
  }

  private static Map<String, Map<String, Long>> sentBefore(PlanSnapshot... plans) {
    Map<String, Map<String, Long>> journal = new HashMap<>();
    for (PlanSnapshot s : plans) {
      journal.put(s.planId(), Map.of(entryRef(s.planId()).toString(), 1L));
    }
    return journal;
  }

  private static Map<String, Map<String, PlanSnapshot>> takenOver(PlanSnapshot... plans) {
    Map<String, PlanSnapshot> byId = new HashMap<>();
    for (PlanSnapshot s : plans) {
      byId.put(s.planId(), s);
    }
    return Map.of("alice", byId);
  }

  private SubmitResult enter(String planId, long shares) {
    return gate.submit(
        OrderRequest.market(
            entryRef(planId), "alice", Instrument.stock("AAPL"), OrderAction.BUY, shares, "t"));
  }

  @Test
  void theOpenPositionOfAResumedPlanCountsBeforeTheFirstEntry() {
    PlanSnapshot held = holding("held");
    figures.rebuild(takenOver(held), sentBefore(held));

    assertThat(limits.position("alice", "AAPL")).isEqualTo(100);
    assertThat(enter("more", 51).reason())
        .isEqualTo(
            "maximum position per symbol 150 on AAPL for user alice exceeded (position 100,"
                + " working entries +0, this entry +51: 151 shares)");
    assertThat(enter("fits", 50).code()).isEqualTo(SubmitResult.Code.ACCEPTED);
  }

  @Test
  void aFillTheDeadMemberHadNotWrittenCountsFromTheReplicatedStateAndOnlyOnce() {
    PlanSnapshot held = holding("held");
    store.histories.put("held", List.of()); // replicated as filled, never written to the store
    figures.rebuild(takenOver(held), sentBefore(held));

    assertThat(limits.position("alice", "AAPL")).isEqualTo(100);
    assertThat(enter("more", 51).reason())
        .isEqualTo(
            "maximum position per symbol 150 on AAPL for user alice exceeded (position 100,"
                + " working entries +0, this entry +51: 151 shares)");
    // The take-over's reconcile reports the same execution: it counted already.
    limits.onFill(
        new Fill(
            "held-E1",
            entryRef("held"),
            OrderAction.BUY,
            100,
            new BigDecimal("101.30"),
            null,
            NOW));
    assertThat(limits.position("alice", "AAPL")).isEqualTo(100);
    assertThat(figures.isIncomplete("alice")).isFalse();
  }

  @Test
  void onlyTheSharesMissingFromTheHistoryAreAddedAndEachExecutionCountsOnce() {
    PlanSnapshot two = TestPlans.withEntryOrder(TestPlans.active("two", "alice", "AAPL"), 1);
    two = TestPlans.withEntryFill(two, 60, "101.30", "two-E1");
    two = TestPlans.withEntryFill(two, 40, "101.50", "two-E2");
    store.histories.put(
        "two",
        List.of(
            PlanEvent.fill(
                entryRef("two"),
                -1,
                NOW.minusSeconds(600),
                OrderAction.BUY,
                60,
                new BigDecimal("101.30"),
                "two-E1")));
    figures.rebuild(takenOver(two), sentBefore(two));

    assertThat(limits.position("alice", "AAPL")).isEqualTo(100);
    limits.onFill(
        new Fill(
            "two-E2", entryRef("two"), OrderAction.BUY, 40, new BigDecimal("101.50"), null, NOW));
    assertThat(limits.position("alice", "AAPL")).as("E2 counted once").isEqualTo(100);
    assertThat(enter("fits", 50).code()).isEqualTo(SubmitResult.Code.ACCEPTED);
  }

  @Test
  void theDaysEndedPlansCountTowardsTheDailyLoss() {
    store.today.add(stoppedOut("lost"));
    figures.rebuild(takenOver(), Map.of());

    assertThat(limits.realizedToday("alice")).isEqualByComparingTo("-250");
    assertThat(enter("next", 1).reason())
        .isEqualTo(
            "maximum daily loss 200 for user alice reached (realized P&L today -250): no new"
                + " entries until the next trading day");
  }

  @Test
  void whileTheStoreIsDownEntriesAreRefusedExitsGoAndTheNextTryCompletesTheFigures() {
    PlanSnapshot held = holding("held");
    store.running.add(held);
    store.down = true;
    figures.rebuild(takenOver(held), sentBefore(held));

    SubmitResult entry = enter("next", 1);
    assertThat(entry.code()).isEqualTo(SubmitResult.Code.DENIED);
    assertThat(entry.reason())
        .isEqualTo(
            "risk figures of user alice not rebuilt since this server took the user over (the"
                + " store could not be read: Timed out while waiting for a server): entries are"
                + " refused until they are; exits pass");
    assertThat(alerts.recent())
        .anyMatch(a -> a.startsWith("RISK_FIGURES_INCOMPLETE: user alice: entries refused"));
    OrderRequest stop =
        OrderRequest.market(
            new OrderRef("held", OrderRole.STOP, 0, 1),
            "alice",
            Instrument.stock("AAPL"),
            OrderAction.SELL,
            100,
            "stop");
    assertThat(gate.submit(stop).code()).isEqualTo(SubmitResult.Code.ACCEPTED);
    assertThat(sent).containsExactly("held:STOP:0:1");
    assertThat(figures.isIncomplete("alice")).isTrue();

    figures.retryIncomplete();
    assertThat(enter("next2", 1).code())
        .as("still down: still refused")
        .isEqualTo(SubmitResult.Code.DENIED);

    store.down = false;
    figures.retryIncomplete();
    assertThat(figures.isIncomplete("alice")).isFalse();
    assertThat(limits.position("alice", "AAPL")).as("the fill read on the retry").isEqualTo(100);
    assertThat(enter("next3", 51).reason()).contains("(position 100,");
    assertThat(enter("next4", 50).code()).isEqualTo(SubmitResult.Code.ACCEPTED);
    assertThat(alerts.recent().stream().filter(a -> a.startsWith("RISK_FIGURES_INCOMPLETE")))
        .as("one alert for the episode")
        .hasSize(1);
  }
}
