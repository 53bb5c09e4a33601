package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user whose plans all wait for entries far from the market rests: no KieSession until the price
 * comes within {@link Band#APPROACH_FRACTION} of a level, a level is crossed, or a report or
 * command reaches it (docs/architecture.md, "Users at rest"). What a session at rest must never
 * change is what the rules decide: the seeded test holds the engine to a core with the gate off,
 * whose users are all prepared when their first plan is added (as every user was before sessions
 * could rest), on random plans near and far from the market, gaps across levels, fills and cancels.
 */
class SessionAtRestTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static RuleSet rules;

  /** How the seeded runs' users were prepared: a random test that never rests proves nothing. */
  private static final Map<String, Integer> COVERAGE =
      new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  @AfterAll
  static void theRunsRestedAndPreparedEveryWay() {
    for (String way :
        List.of(
            "at add", "resting at add", "approach", "crossing", "report or command", "at end")) {
      assertThat(COVERAGE.getOrDefault(way, 0))
          .as("users prepared %s: %s", way, COVERAGE)
          .isPositive();
    }
  }

  @Test
  void aUserFarFromTheMarketRestsUntilThePriceComesWithinOnePercentOfItsEntry() {
    Rig rig = new Rig(true);
    rig.tick("AAPL", "100.00");
    rig.core.addPlan(plan("p1", "alice", "AAPL", Side.LONG, EntryCondition.ABOVE, "110.00"));
    assertThat(rig.core.isPrepared("alice")).as("110.00 is 10% away").isFalse();

    rig.tick("AAPL", "108.89");
    assertThat(rig.core.isPrepared("alice")).as("a cent short of 110.00 - 1.10").isFalse();

    rig.tick("AAPL", "108.90");
    assertThat(rig.core.isPrepared("alice")).as("on the approach band's edge").isTrue();
    assertThat(rig.broker.submitted).as("approaching sends nothing").isEmpty();
    assertThat(rig.core.snapshot("p1").status()).isEqualTo(PlanStatus.ACTIVE);

    rig.tick("AAPL", "109.99");
    assertThat(rig.broker.submitted).isEmpty();
    rig.tick("AAPL", "110.00");
    assertThat(rig.broker.submitted).hasSize(1);
    assertThat(rig.broker.submitted.get(0).ref().planId()).isEqualTo("p1");
  }

  @Test
  void aShortEntryBelowTheMarketRestsUntilThePriceFallsNearIt() {
    Rig rig = new Rig(true);
    rig.tick("AAPL", "100.00");
    rig.core.addPlan(plan("s1", "bob", "AAPL", Side.SHORT, EntryCondition.BELOW, "90.00"));
    assertThat(rig.core.isPrepared("bob")).isFalse();

    rig.tick("AAPL", "90.91");
    assertThat(rig.core.isPrepared("bob")).as("a cent above 90.00 + 0.90").isFalse();
    rig.tick("AAPL", "90.90");
    assertThat(rig.core.isPrepared("bob")).isTrue();
    assertThat(rig.broker.submitted).isEmpty();
    rig.tick("AAPL", "90.00");
    assertThat(rig.broker.submitted).hasSize(1);
  }

  @Test
  void aGapAcrossTheEntryPreparesTheUserAndSendsTheEntryOnThatTick() {
    Rig rig = new Rig(true);
    rig.tick("AAPL", "100.00");
    rig.core.addPlan(plan("p1", "alice", "AAPL", Side.LONG, EntryCondition.ABOVE, "110.00"));

    rig.tick("AAPL", "111.00");

    assertThat(rig.core.isPrepared("alice")).isTrue();
    assertThat(rig.broker.submitted).hasSize(1);
    assertThat(rig.core.snapshot("p1").status()).isEqualTo(PlanStatus.ENTRY_SUBMITTED);
  }

  @Test
  void aPlanAddedWithTheMarketNearOrPastItsEntryIsPreparedAtOnce() {
    Rig rig = new Rig(true);
    rig.tick("AAPL", "109.00");
    rig.tick("MSFT", "120.00");

    rig.core.addPlan(plan("near", "alice", "AAPL", Side.LONG, EntryCondition.ABOVE, "110.00"));
    rig.core.addPlan(plan("past", "bob", "MSFT", Side.LONG, EntryCondition.ABOVE, "110.00"));

    assertThat(rig.core.isPrepared("alice")).isTrue();
    assertThat(rig.core.isPrepared("bob")).isTrue();
    rig.tick("MSFT", "120.01");
    assertThat(rig.broker.submitted).extracting(o -> o.ref().planId()).containsExactly("past");
  }

  @Test
  void aPlanAddedBeforeAnyTickOfItsSymbolRestsAndItsFirstTickDecides() {
    Rig rig = new Rig(true);
    rig.core.addPlan(plan("p1", "alice", "AAPL", Side.LONG, EntryCondition.ABOVE, "110.00"));
    rig.core.addPlan(plan("p2", "bob", "AAPL", Side.LONG, EntryCondition.ABOVE, "130.00"));
    assertThat(rig.core.isPrepared("alice")).isFalse();

    rig.tick("AAPL", "112.00"); // the first tick after a restart, already past alice's entry

    assertThat(rig.core.isPrepared("alice")).isTrue();
    assertThat(rig.core.isPrepared("bob")).isFalse();
    assertThat(rig.broker.submitted).extracting(o -> o.ref().planId()).containsExactly("p1");
  }

  @Test
  void aPlanPastWaitingForItsEntryIsPreparedWhenAdded() {
    Rig rig = new Rig(true);
    rig.core.addPlan(
        plan("p1", "alice", "AAPL", Side.LONG, EntryCondition.ABOVE, "110.00")
            .withStatus(PlanStatus.ENTRY_SUBMITTED));
    assertThat(rig.core.isPrepared("alice")).as("its entry may fill at any moment").isTrue();
  }

  @Test
  void aUserOnlyApproachedIsNotSteppedWhileAnotherOfItsPlansIsCrossed() {
    Rig rig = aliceWithTwoLongs("a", "105.50", "b", "104.50");
    assertThat(rig.core.isPrepared("alice")).isFalse();

    rig.tick("AAPL", "104.60"); // crosses b, within 1% of a (104.44)

    assertThat(rig.broker.submitted).extracting(o -> o.ref().planId()).containsExactly("b");
    assertThat(rig.core.snapshot("a").status()).isEqualTo(PlanStatus.ACTIVE);
    rig.tick("AAPL", "105.49");
    assertThat(rig.broker.submitted).hasSize(1);
    rig.tick("AAPL", "105.50");
    assertThat(rig.broker.submitted).extracting(o -> o.ref().planId()).containsExactly("b", "a");
  }

  @Test
  void aCommandOrAReportReachesAUserAtRest() {
    Rig rig = aliceWithTwoLongs("p1", "110.00", "p2", "112.00");

    Step step = rig.core.command("alice", new TraderCommand("p1", TraderCommand.Type.CANCEL), T0);

    assertThat(step.refused()).isEmpty();
    assertThat(rig.core.snapshot("p1").status()).isEqualTo(PlanStatus.CANCELLED);
    assertThat(rig.core.isPrepared("alice")).isTrue();
    rig.tick("AAPL", "111.00"); // near p2 only; p1 ended
    assertThat(rig.broker.submitted).isEmpty();
    rig.tick("AAPL", "112.00");
    assertThat(rig.broker.submitted).extracting(o -> o.ref().planId()).containsExactly("p2");
  }

  /**
   * A gated engine, AAPL at 100.00, then two LONG plans of alice on AAPL: {@code first} entering
   * above {@code firstEntry}, {@code second} above {@code secondEntry}.
   */
  private static Rig aliceWithTwoLongs(
      String first, String firstEntry, String second, String secondEntry) {
    Rig rig = new Rig(true);
    rig.tick("AAPL", "100.00");
    rig.core.addPlan(plan(first, "alice", "AAPL", Side.LONG, EntryCondition.ABOVE, firstEntry));
    rig.core.addPlan(plan(second, "alice", "AAPL", Side.LONG, EntryCondition.ABOVE, secondEntry));
    return rig;
  }

  static List<Long> seeds() {
    List<Long> s = new ArrayList<>();
    for (long i = 1; i <= 12; i++) {
      s.add(0xA7_4E57L + i * 7919);
    }
    return s;
  }

  /**
   * Random plans (long and short, entries 0.2% to 12% from the market, some added before the first
   * tick, others while it moves), a walk of one to five cents with gaps of 1-4%, entries and market
   * exits filled at the tick's price, random cancels: the engine, its users resting, decides
   * exactly what the gate-off core decides, plan by plan, order by order.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void restingChangesNothingTheRulesDecide(long seed) {
    Random r = new Random(seed);
    Rig resting = new Rig(true);
    Rig reference = new Rig(false);
    Map<String, Long> cents = new LinkedHashMap<>(Map.of("AAPL", 10_000L, "MSFT", 20_000L));
    List<String> symbols = List.copyOf(cents.keySet());
    List<String> planIds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      addRandomPlan(r, "p" + i, symbols, cents, resting, reference, planIds);
    }
    for (int t = 0; t < 250; t++) {
      if (r.nextInt(25) == 0) {
        addRandomPlan(r, "p" + planIds.size(), symbols, cents, resting, reference, planIds);
      }
      if (r.nextInt(60) == 0 && !planIds.isEmpty()) {
        String id = planIds.get(r.nextInt(planIds.size()));
        String owner = owner(id);
        boolean wasResting = !resting.core.isPrepared(owner);
        TraderCommand cancel = new TraderCommand(id, TraderCommand.Type.CANCEL);
        Instant time = T0.plusSeconds(t);
        assertThat(resting.core.command(owner, cancel, time).refused())
            .isEqualTo(reference.core.command(owner, cancel, time).refused());
        if (wasResting && resting.core.isPrepared(owner)) {
          COVERAGE.merge("report or command", 1, Integer::sum);
        }
      }
      String symbol = symbols.get(r.nextInt(symbols.size()));
      long move =
          r.nextInt(30) == 0
              ? cents.get(symbol) * (1 + r.nextInt(4)) / 100 * (r.nextBoolean() ? 1 : -1)
              : r.nextInt(11) - 5;
      cents.merge(symbol, move, Long::sum);
      String price = BigDecimal.valueOf(cents.get(symbol), 2).toPlainString();
      Set<String> restingBefore = resting.restingOwners(planIds);
      int ordersBefore = resting.broker.submitted.size();
      resting.tick(symbol, price, T0.plusSeconds(t));
      reference.tick(symbol, price, T0.plusSeconds(t));
      Set<String> ordered = new TreeSet<>();
      resting
          .broker
          .submitted
          .subList(ordersBefore, resting.broker.submitted.size())
          .forEach(o -> ordered.add(o.owner()));
      for (String owner : restingBefore) {
        if (resting.core.isPrepared(owner)) {
          COVERAGE.merge(ordered.contains(owner) ? "crossing" : "approach", 1, Integer::sum);
        }
      }
      resting.fillWhatTheMarketWouldFill(price, T0.plusSeconds(t));
      reference.fillWhatTheMarketWouldFill(price, T0.plusSeconds(t));
    }
    COVERAGE.merge("at end", resting.restingOwners(planIds).size(), Integer::sum);

    // Per plan: within one tick the gate-off core may step its users in another order.
    assertThat(resting.ordersByPlan()).isEqualTo(reference.ordersByPlan());
    assertThat(resting.eventsByPlan).isEqualTo(reference.eventsByPlan);
    for (String id : planIds) {
      assertThat(resting.core.snapshot(id)).as(id).isEqualTo(reference.core.snapshot(id));
    }
  }

  private static void addRandomPlan(
      Random r,
      String id,
      List<String> symbols,
      Map<String, Long> cents,
      Rig resting,
      Rig reference,
      List<String> planIds) {
    String symbol = symbols.get(r.nextInt(symbols.size()));
    boolean isLong = r.nextBoolean();
    long market = cents.get(symbol);
    long away = Math.max(1, market * (2 + r.nextInt(118)) / 1_000);
    long entry = isLong ? market + away : market - away;
    PlanSnapshot p =
        plan(
            id,
            owner(id),
            symbol,
            isLong ? Side.LONG : Side.SHORT,
            isLong ? EntryCondition.ABOVE : EntryCondition.BELOW,
            BigDecimal.valueOf(entry, 2).toPlainString());
    String owner = owner(id);
    boolean wasHere = resting.core.users().contains(owner);
    boolean wasResting = wasHere && !resting.core.isPrepared(owner);
    resting.core.addPlan(p);
    reference.core.addPlan(p);
    planIds.add(id);
    if (!wasHere || wasResting) {
      COVERAGE.merge(resting.core.isPrepared(owner) ? "at add" : "resting at add", 1, Integer::sum);
    }
  }

  private static String owner(String planId) {
    return "u" + (Integer.parseInt(planId.substring(1)) % 7);
  }

  /** An engine core with a broker that records orders and a listener that records events. */
  private static final class Rig {
    final LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    final Map<String, List<PlanEvent>> eventsByPlan = new HashMap<>();
    final EngineCore core;
    private int filled;
    private long index;

    Rig(boolean gated) {
      core =
          new EngineCore(
              rules,
              broker,
              (owner, step) ->
                  step.events()
                      .forEach(
                          e ->
                              eventsByPlan
                                  .computeIfAbsent(e.planId(), k -> new ArrayList<>())
                                  .add(e)),
              gated);
      broker.setListener(core);
    }

    void tick(String symbol, String price) {
      tick(symbol, price, T0.plusSeconds(index));
    }

    void tick(String symbol, String price, Instant time) {
      core.onTick(Tick.of(symbol, time, new BigDecimal(price)), index++);
    }

    /** Entries and market orders sent since the last call, filled in full at {@code price}. */
    void fillWhatTheMarketWouldFill(String price, Instant time) {
      List<Object> fills = new ArrayList<>();
      for (; filled < broker.submitted.size(); filled++) {
        OrderRequest o = broker.submitted.get(filled);
        if (o.ref().role() == OrderRole.ENTRY || o.type() == OrderType.MARKET) {
          fills.add(
              new Fill(
                  "x-" + o.ref(), // one fill per order: the same id in both cores
                  o.ref(),
                  o.action(),
                  o.quantity(),
                  new BigDecimal(price),
                  null,
                  time));
        }
      }
      if (!fills.isEmpty()) {
        core.onReports(fills, time);
      }
    }

    Map<String, List<OrderRequest>> ordersByPlan() {
      Map<String, List<OrderRequest>> byPlan = new HashMap<>();
      broker.submitted.forEach(
          o -> byPlan.computeIfAbsent(o.ref().planId(), k -> new ArrayList<>()).add(o));
      return byPlan;
    }

    Set<String> restingOwners(List<String> planIds) {
      Set<String> owners = new TreeSet<>();
      for (String id : planIds) {
        if (core.hasPlan(id) && !core.isPrepared(owner(id))) {
          owners.add(owner(id));
        }
      }
      return owners;
    }
  }

  private static PlanSnapshot plan(
      String id, String owner, String symbol, Side side, EntryCondition when, String entry) {
    BigDecimal e = new BigDecimal(entry);
    BigDecimal two = new BigDecimal("2.00");
    BigDecimal three = new BigDecimal("3.00");
    boolean isLong = side == Side.LONG;
    Plan p =
        new Plan(
            id,
            owner,
            Instrument.stock(symbol),
            side,
            10,
            new Entry(when, e, null),
            List.of(new Stop(isLong ? e.subtract(two) : e.add(two), null)),
            List.of(new Target(isLong ? e.add(three) : e.subtract(three), null)),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE);
  }
}
