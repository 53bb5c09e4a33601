package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
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
import com.tradeplan.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The threaded engine: every user is owned by one lane thread, ticks reach sessions through the
 * gate, fills come back from another thread, and each order is sent exactly once.
 */
class LaneEngineTest {
  private static RuleSet rules;
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T14:30:00Z"), ZoneOffset.UTC);
  private final RecordingBroker broker = new RecordingBroker();
  private final Map<String, Set<String>> threadsOfOwner = new ConcurrentHashMap<>();
  private final List<String> alerts = new CopyOnWriteArrayList<>();
  private LaneEngine engine;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  @AfterEach
  void stop() {
    blockerGate.countDown(); // a failed test must not leave its lane held
    if (engine != null) {
      engine.close();
    }
  }

  /** A broker that records what it is asked; fills are sent by the test from its own thread. */
  static final class RecordingBroker implements Broker {
    final List<OrderRequest> submitted = new CopyOnWriteArrayList<>();
    volatile BrokerListener listener;

    @Override
    public SubmitResult submit(OrderRequest request) {
      submitted.add(request);
      return SubmitResult.ACCEPTED;
    }

    @Override
    public SubmitResult cancel(OrderRef ref) {
      return SubmitResult.ACCEPTED;
    }

    @Override
    public void setListener(BrokerListener listener) {
      this.listener = listener;
    }
  }

  private static PlanSnapshot plan(String id, String owner) {
    return plan(id, owner, "101.00");
  }

  private static PlanSnapshot plan(String id, String owner, String entry) {
    Plan p =
        new Plan(
            id,
            owner,
            Instrument.stock("AAPL"),
            Side.LONG,
            10,
            new Entry(EntryCondition.ABOVE, new BigDecimal(entry), null),
            List.of(new Stop(new BigDecimal("99.00"), null)),
            List.of(new Target(new BigDecimal("105.00"), null)),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE);
  }

  /** While closed, the lane that reports a step of user "blocker" waits in the listener. */
  private volatile java.util.concurrent.CountDownLatch blockerGate =
      new java.util.concurrent.CountDownLatch(0);

  private final java.util.concurrent.CountDownLatch blockerEntered =
      new java.util.concurrent.CountDownLatch(1);

  /** The owners of each onSteps call: the users whose steps one engine call persisted together. */
  private final List<List<String>> persistedTogether = new CopyOnWriteArrayList<>();

  private void start(int lanes) {
    start(lanes, 1024);
  }

  private void start(int lanes, int inboxCapacity) {
    EngineListener listener =
        new EngineListener() {
          @Override
          public void onStep(String owner, Step step) {
            if (owner.equals("blocker")) {
              blockerEntered.countDown();
              try {
                blockerGate.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            threadsOfOwner
                .computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet())
                .add(Thread.currentThread().getName());
            alerts.addAll(step.alerts());
          }

          @Override
          public void onSteps(List<Done> steps) {
            persistedTogether.add(steps.stream().map(Done::owner).toList());
            EngineListener.super.onSteps(steps);
          }
        };
    engine = new LaneEngine(rules, broker, listener, lanes, inboxCapacity, clock);
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    Await.until(Duration.ofSeconds(10), Duration.ofMillis(1), condition, () -> what);
  }

  @Test
  void eachUserIsOwnedByOneLaneAndEveryEntryIsSentOnce() throws Exception {
    start(2);
    for (int u = 0; u < 20; u++) {
      for (int k = 0; k < 3; k++) {
        engine.addPlan(plan("u" + u + "p" + k, "user" + u)).get(5, TimeUnit.SECONDS);
      }
    }
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("100.50")));
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.20")));
    await(() -> broker.submitted.size() >= 60, "60 entries");
    assertThat(broker.submitted).hasSize(60);
    assertThat(broker.submitted.stream().map(r -> r.ref().toString()).distinct()).hasSize(60);
    threadsOfOwner.forEach(
        (owner, threads) -> assertThat(threads).as("threads of %s", owner).hasSize(1));

    // fills come back on a foreign thread and are applied on the owner's lane
    for (OrderRequest r : broker.submitted) {
      broker.listener.onFill(
          new Fill(
              "x-" + r.ref(),
              r.ref(),
              r.action(),
              r.quantity(),
              new BigDecimal("101.30"),
              BigDecimal.ZERO,
              clock.instant()));
    }
    for (OrderRequest r : broker.submitted) {
      await(
          () -> {
            try {
              PlanSnapshot s = engine.snapshot(r.ref().planId()).get(5, TimeUnit.SECONDS);
              return s.status() == PlanStatus.CONTINGENT_ACTIVE;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          },
          "plan " + r.ref().planId() + " live");
    }
    assertThat(alerts).isEmpty();
  }

  @Test
  void restoredPlansGoAheadOfTheBacklogAndANewPlanSeesNoTickFromBeforeIt() throws Exception {
    start(1);
    engine.addPlan(plan("b1", "blocker")).get(5, TimeUnit.SECONDS);
    blockerGate = new java.util.concurrent.CountDownLatch(1);
    // The blocker's entry step holds the lane; everything below waits in its inbox.
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    assertThat(blockerEntered.await(10, TimeUnit.SECONDS)).isTrue();
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.50")));
    List<String> completed = new CopyOnWriteArrayList<>();
    var barrier = engine.barrier("alice").thenRun(() -> completed.add("barrier"));
    var added = engine.addPlan(plan("c1", "carol")).thenRun(() -> completed.add("new plan"));
    var restored =
        engine
            .restorePlans(List.of(plan("a1", "alice"), plan("a2", "alice")))
            .thenRun(() -> completed.add("restored"));
    assertThat(completed).as("nothing ran while the lane is held").isEmpty();
    blockerGate.countDown();
    java.util.concurrent.CompletableFuture.allOf(barrier, added, restored)
        .get(10, TimeUnit.SECONDS);

    assertThat(completed).containsExactly("restored", "barrier", "new plan");
    engine.barrier("carol").get(10, TimeUnit.SECONDS);
    assertThat(broker.submitted.stream().map(r -> r.ref().planId()))
        .as("the restored plans saw the tick that waited; the new plan did not")
        .containsExactlyInAnyOrder("b1", "a1", "a2");
    assertThat(alerts).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> engine.restorePlans(List.of(plan("x1", "alice"), plan("x2", "bob"))))
        .hasMessageContaining("one restore");
  }

  @Test
  void aUserRemovedNowIsGoneBeforeTheTicksThatWaited() throws Exception {
    start(1);
    engine.addPlan(plan("b1", "blocker")).get(5, TimeUnit.SECONDS);
    engine.addPlan(plan("c1", "carol", "101.50")).get(5, TimeUnit.SECONDS);
    blockerGate = new java.util.concurrent.CountDownLatch(1);
    // The blocker's entry step holds the lane; carol's entry would trigger on the tick behind.
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("100.50")));
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    assertThat(blockerEntered.await(10, TimeUnit.SECONDS)).isTrue();
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.50")));
    // A report of carol's waits too: dropped with her session (the rebuild's reconcile delivers it
    // again), never applied to the rebuilt session.
    broker.listener.onCommission(
        "x-1", new OrderRef("c1", OrderRole.ENTRY, 0, 1), new BigDecimal("1.00"));
    var removed = engine.removeUserNow("carol");
    blockerGate.countDown();
    removed.get(10, TimeUnit.SECONDS);
    engine.barrier("carol").get(10, TimeUnit.SECONDS);
    assertThat(engine.snapshot("c1").get(5, TimeUnit.SECONDS)).as("not monitored").isNull();
    engine.restorePlans(List.of(plan("c1", "carol", "101.50"))).get(10, TimeUnit.SECONDS);
    engine.barrier("carol").get(10, TimeUnit.SECONDS);
    assertThat(broker.submitted.stream().map(r -> r.ref().planId()))
        .as("carol's plan saw neither tick that waited")
        .containsExactly("b1");
    assertThat(engine.snapshot("c1").get(5, TimeUnit.SECONDS).commission())
        .as("the report that waited was not applied to the restored plan")
        .isEqualByComparingTo("0");
    assertThat(alerts).as("nor to nobody").isEmpty();
  }

  @Test
  void reportsThatWaitTogetherAreAppliedInOneCallAndTicksKeepTheirPlace() throws Exception {
    start(1);
    for (String owner : List.of("alice", "bob", "carol")) {
      engine.addPlan(plan(owner + "1", owner)).get(5, TimeUnit.SECONDS);
    }
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    await(() -> broker.submitted.size() == 3, "three entries");
    engine.addPlan(plan("b1", "blocker")).get(5, TimeUnit.SECONDS);
    blockerGate = new java.util.concurrent.CountDownLatch(1);
    // b1's entry step holds the lane (it sees the 101.00 tick again, the others are submitted).
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    assertThat(blockerEntered.await(10, TimeUnit.SECONDS)).isTrue();
    persistedTogether.clear();
    OrderRequest alice = broker.submitted.get(0);
    OrderRequest bob = broker.submitted.get(1);
    OrderRequest carol = broker.submitted.get(2);
    for (OrderRequest r : List.of(alice, bob)) {
      broker.listener.onFill(
          new Fill(
              "x-" + r.ref(),
              r.ref(),
              r.action(),
              r.quantity(),
              new BigDecimal("101.10"),
              BigDecimal.ZERO,
              clock.instant()));
    }
    // A tick between the reports: the reports behind it are not applied before it.
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.20")));
    broker.listener.onFill(
        new Fill(
            "x-" + carol.ref(),
            carol.ref(),
            carol.action(),
            carol.quantity(),
            new BigDecimal("101.20"),
            BigDecimal.ZERO,
            clock.instant()));
    blockerGate.countDown();
    engine.barrier("alice").get(10, TimeUnit.SECONDS);

    assertThat(persistedTogether)
        .as("alice's and bob's fills in one call, carol's after the tick")
        .contains(List.of("alice", "bob"), List.of("carol"));
    for (String id : List.of("alice1", "bob1", "carol1")) {
      assertThat(engine.snapshot(id).get(5, TimeUnit.SECONDS).status())
          .isEqualTo(PlanStatus.CONTINGENT_ACTIVE);
    }
    assertThat(alerts).isEmpty();
  }

  /**
   * Issue 20, point 2: a lane held busy while a burst with a spike through a target and back
   * arrives. The producer (IB's reader) finishes the whole burst while the lane is still held, and
   * when the lane is free the target, crossed only inside the burst, is taken.
   */
  @Test
  void aSpikeInsideABurstThatWaitedForABusyLaneStillTakesTheTarget() throws Exception {
    start(1, 16);
    engine.addPlan(plan("p1", "alice")).get(5, TimeUnit.SECONDS);
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    await(() -> broker.submitted.size() == 1, "alice's entry");
    OrderRequest entry = broker.submitted.get(0);
    broker.listener.onFill(
        new Fill(
            "x-1",
            entry.ref(),
            entry.action(),
            entry.quantity(),
            new BigDecimal("101.00"),
            BigDecimal.ZERO,
            clock.instant()));
    assertThat(engine.snapshot("p1").get(5, TimeUnit.SECONDS).status())
        .isEqualTo(PlanStatus.CONTINGENT_ACTIVE);
    engine.addPlan(plan("b1", "blocker", "101.50")).get(5, TimeUnit.SECONDS);
    blockerGate = new java.util.concurrent.CountDownLatch(1);
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.50")));
    assertThat(blockerEntered.await(10, TimeUnit.SECONDS)).isTrue();

    // 1,000 ticks between 100.00 and 104.99 with one spike to 105.20 and back in the middle.
    java.util.concurrent.CompletableFuture<Void> burst =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              java.util.Random r = new java.util.Random(20);
              for (int i = 0; i < 1_000; i++) {
                BigDecimal last =
                    i == 500
                        ? new BigDecimal("105.20")
                        : BigDecimal.valueOf(10_000 + r.nextInt(499), 2);
                engine.onTick(Tick.of("AAPL", clock.instant(), last));
              }
            });
    burst.get(10, TimeUnit.SECONDS);
    assertThat(blockerGate.getCount()).as("the lane was held all along").isEqualTo(1);
    assertThat(engine.ticksPending()).as("the burst waits, folded").isEqualTo(1_000);
    assertThat(broker.submitted).as("nothing sent while the lane is held").hasSize(1);

    blockerGate.countDown();
    await(
        () ->
            broker.submitted.stream()
                .anyMatch(o -> o.ref().planId().equals("p1") && o.ref().role() == OrderRole.TARGET),
        "alice's target, crossed only by the spike");
    engine.barrier("alice").get(10, TimeUnit.SECONDS);
    assertThat(engine.ticksPending()).isZero();
    assertThat(engine.ticksCoalesced()).as("most of the burst was folded").isGreaterThan(900);
    assertThat(alerts).isEmpty();
  }

  /**
   * A tick folds only into a batch queued after the last report or command: a plan activated while
   * the lane is behind sees every tick that arrived after its activation, and none from before.
   */
  @Test
  void aTickAfterAnActivationOpensItsOwnBatchSoTheNewPlanSeesIt() throws Exception {
    start(1);
    engine.addPlan(plan("b1", "blocker")).get(5, TimeUnit.SECONDS);
    blockerGate = new java.util.concurrent.CountDownLatch(1);
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    assertThat(blockerEntered.await(10, TimeUnit.SECONDS)).isTrue();
    // Before carol's activation: her entry level, then back below it.
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.60")));
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("100.50")));
    var added = engine.addPlan(plan("c1", "carol", "101.50"));
    // After it: her entry level again, then back below, as a spike inside the backlog.
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("100.60")));
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.55")));
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("100.70")));
    assertThat(engine.inboxDepths()[0])
        .as("a batch before the activation, the activation, a batch after it")
        .isEqualTo(3);
    blockerGate.countDown();
    added.get(10, TimeUnit.SECONDS);
    await(
        () -> broker.submitted.stream().anyMatch(o -> o.ref().planId().equals("c1")),
        "carol's entry, crossed only after her activation");
    engine.barrier("carol").get(10, TimeUnit.SECONDS);
    assertThat(engine.ticksCoalesced()).as("nothing folded: each batch was a short path").isZero();
    assertThat(alerts).isEmpty();
  }

  /**
   * The queue's bound: reports and commands at most the inbox capacity; tick batches at most that
   * many plus one per symbol, however many ticks and messages alternate while the lane is held.
   */
  @Test
  void ticksAlternatingWithCommandsFoldOnceTheLaneHoldsItsBoundOfBatches() throws Exception {
    int capacity = 16;
    start(1, capacity);
    engine.addPlan(plan("b1", "blocker")).get(5, TimeUnit.SECONDS);
    blockerGate = new java.util.concurrent.CountDownLatch(1);
    engine.onTick(Tick.of("AAPL", clock.instant(), new BigDecimal("101.00")));
    assertThat(blockerEntered.await(10, TimeUnit.SECONDS)).isTrue();
    List<java.util.concurrent.CompletableFuture<Void>> barriers = new java.util.ArrayList<>();
    int symbols = 4;
    long ticks = 0;
    for (int round = 0; round < capacity - 1; round++) {
      barriers.add(engine.barrier("alice"));
      for (int s = 0; s < symbols; s++) {
        for (int k = 0; k < 3; k++) {
          engine.onTick(
              Tick.of("S" + s, clock.instant(), BigDecimal.valueOf(10_000 + round * 3 + k, 2)));
          ticks++;
        }
      }
    }
    assertThat(engine.inboxDepths()[0])
        .as("15 barriers and the bound of %d batches", capacity)
        .isEqualTo(capacity - 1 + capacity);
    int newSymbols = 40;
    for (int s = 0; s < newSymbols; s++) {
      engine.onTick(Tick.of("N" + s, clock.instant(), new BigDecimal("50.00")));
      ticks++;
    }
    assertThat(engine.inboxDepths()[0])
        .as("a symbol with no batch waiting always gets one: never dropped")
        .isEqualTo(capacity - 1 + capacity + newSymbols);
    assertThat(engine.ticksPending()).isEqualTo(ticks);
    blockerGate.countDown();
    java.util.concurrent.CompletableFuture.allOf(
            barriers.toArray(java.util.concurrent.CompletableFuture[]::new))
        .get(10, TimeUnit.SECONDS);
    engine.barrier("alice").get(10, TimeUnit.SECONDS);
    assertThat(engine.ticksPending()).as("every tick evaluated or folded").isZero();
    assertThat(engine.inboxDepths()[0]).isZero();
    assertThat(alerts).isEmpty();
  }

  @Test
  void aRefusedCommandComesBackAsARefusal() throws Exception {
    start(1);
    engine.addPlan(plan("p1", "alice")).get(5, TimeUnit.SECONDS);
    Step step =
        engine
            .command("alice", new TraderCommand("p1", TraderCommand.Type.FLATTEN))
            .get(5, TimeUnit.SECONDS);
    assertThat(step.refused()).hasSize(1);
    Step other =
        engine
            .command("mallory", new TraderCommand("p1", TraderCommand.Type.CANCEL))
            .get(5, TimeUnit.SECONDS);
    assertThat(other.refused()).as("another user's plan is not found").hasSize(1);
    Step cancel =
        engine
            .command("alice", new TraderCommand("p1", TraderCommand.Type.CANCEL))
            .get(5, TimeUnit.SECONDS);
    assertThat(cancel.refused()).isEmpty();
    assertThat(cancel.changed())
        .extracting(PlanSnapshot::status)
        .containsExactly(PlanStatus.CANCELLED);
  }
}
