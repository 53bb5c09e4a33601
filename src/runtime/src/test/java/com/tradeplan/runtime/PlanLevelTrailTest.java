package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.plans.TestPlans;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A point per change of levels, none for a state with the same levels, the bounds, and lanes
 * recording at once.
 */
class PlanLevelTrailTest {
  private static final Instant T0 = Instant.parse("2026-01-05T14:30:00Z");

  @Test
  void aPointOnlyWhenALevelChanged() {
    PlanLevelTrail trail = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    PlanSnapshot s = TestPlans.active("p1", "alice", "AAPL");
    trail.record(s);
    trail.record(s.withVersion(2));
    trail.record(s.withActiveStop(new BigDecimal("99.50")));
    trail.record(s.withActiveStop(new BigDecimal("99.50")).withVersion(3));

    List<PlanLevelTrail.Point> points = trail.trail("p1");
    assertThat(points).hasSize(2);
    PlanLevelTrail.Point first = points.get(0);
    assertThat(first.time()).isEqualTo(T0);
    assertThat(first.entry()).isEqualByComparingTo("101.25");
    assertThat(first.stops()).containsExactly(new BigDecimal("99.50"));
    assertThat(first.targets()).containsExactly(new BigDecimal("105.00"), new BigDecimal("110.00"));
    assertThat(first.activeStop()).isNull();
    assertThat(points.get(1).activeStop()).isEqualByComparingTo("99.50");
    assertThat(trail.trail("other")).isEmpty();
  }

  @Test
  void aFiredTargetIsNoneInItsPlace() {
    PlanSnapshot s = TestPlans.active("p1", "alice", "AAPL");
    PlanSnapshot fired =
        new PlanSnapshot(
            s.plan(),
            s.status(),
            s.position(),
            s.filledEntryQuantity(),
            s.entryCost(),
            s.grossPnl(),
            s.commission(),
            s.stops(),
            List.of(true, false),
            s.activeStop(),
            s.bestPrice(),
            s.stopTriggered(),
            s.flattenRequested(),
            s.flattenSentAt(),
            s.orders(),
            s.executionIds(),
            s.commissions(),
            s.endReason(),
            s.version(),
            s.ruleSetVersion(),
            s.account());
    assertThat(PlanLevelTrail.pointOf(fired, T0).targets())
        .isEqualTo(Arrays.asList(null, new BigDecimal("110.00")));
  }

  @Test
  void theOldestPointsGoPastThePointBound() {
    PlanLevelTrail trail = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    PlanSnapshot s = TestPlans.active("p1", "alice", "AAPL");
    for (int i = 0; i < PlanLevelTrail.POINTS_MAX + 5; i++) {
      trail.record(s.withActiveStop(BigDecimal.valueOf(9_000 + i, 2)));
    }
    List<PlanLevelTrail.Point> points = trail.trail("p1");
    assertThat(points).hasSize(PlanLevelTrail.POINTS_MAX);
    assertThat(points.get(0).activeStop()).isEqualByComparingTo(BigDecimal.valueOf(9_005, 2));
  }

  @Test
  void aPublishedStateCountsOnlyUntilThePlansFirstStep() {
    PlanLevelTrail trail = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    PlanSnapshot activated = TestPlans.active("p1", "alice", "AAPL");
    trail.recordPublished(activated); // the activation's update: no step yet
    PlanSnapshot stepped = activated.withActiveStop(new BigDecimal("99.50")).withVersion(3);
    trail.record(stepped);
    // The activation's update published late, after the step (another thread): not a point.
    trail.recordPublished(activated);
    trail.recordPublished(stepped.withActiveStop(new BigDecimal("99.75")));

    List<PlanLevelTrail.Point> points = trail.trail("p1");
    assertThat(points)
        .extracting(PlanLevelTrail.Point::activeStop)
        .containsExactly(null, new BigDecimal("99.50"));
  }

  @Test
  void pastThePlanBoundThePlanUsedLeastRecentlyIsForgotten() {
    PlanLevelTrail trail = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    trail.record(TestPlans.active("p0", "alice", "AAPL"));
    trail.record(TestPlans.active("p1", "alice", "AAPL"));
    afterTheNanoClockMoved();
    for (int i = 2; i < PlanLevelTrail.PLANS_MAX; i++) {
      trail.record(TestPlans.active("p" + i, "alice", "AAPL"));
    }
    afterTheNanoClockMoved();
    assertThat(trail.trail("p0")).as("p0 read, so used after p1").hasSize(1);
    trail.record(TestPlans.active("one-more", "alice", "AAPL"));

    assertThat(trail.trail("p1")).as("the plan used least recently is forgotten").isEmpty();
    assertThat(trail.trail("p0")).hasSize(1);
    assertThat(trail.trail("p2")).hasSize(1);
    assertThat(trail.trail("one-more")).hasSize(1);
  }

  /**
   * Lanes record their own plans at the same time (as the engine's lanes do: each plan on one lane,
   * its publishes before its first step in the same order), with a chart reading all along: every
   * plan's trail is the one a single thread recording the same states gets.
   */
  @Test
  void lanesRecordingAtOnceLeaveTheTrailsOfASequentialRun() throws Exception {
    long seed = 2026_12_05L;
    Random random = new Random(seed);
    int lanes = 4;
    int plansPerLane = 20;
    List<List<Recorded>> byLane = new ArrayList<>();
    List<String> planIds = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      List<PlanSnapshot> plans = new ArrayList<>();
      for (int i = 0; i < plansPerLane; i++) {
        String id = "lane" + lane + "-p" + i;
        planIds.add(id);
        plans.add(TestPlans.active(id, "u" + lane, "AAPL"));
      }
      List<Recorded> script = new ArrayList<>();
      for (int n = 0; n < 5_000; n++) {
        PlanSnapshot plan = plans.get(random.nextInt(plans.size()));
        // A few stop levels, so a state often repeats the last one (no point) and often not.
        BigDecimal stop = BigDecimal.valueOf(9_900 + random.nextInt(6) * 5, 2);
        PlanSnapshot s = random.nextInt(8) == 0 ? plan : plan.withActiveStop(stop);
        script.add(new Recorded(s, random.nextInt(10) != 0));
      }
      byLane.add(script);
    }

    PlanLevelTrail sequential = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    byLane.forEach(script -> script.forEach(r -> r.into(sequential)));

    PlanLevelTrail concurrent = new PlanLevelTrail(Clock.fixed(T0, ZoneOffset.UTC));
    ExecutorService threads = Executors.newFixedThreadPool(lanes + 1);
    try {
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean recording = new AtomicBoolean(true);
      List<Future<?>> laneRuns = new ArrayList<>();
      for (List<Recorded> script : byLane) {
        laneRuns.add(
            threads.submit(
                () -> {
                  start.await();
                  script.forEach(r -> r.into(concurrent));
                  return null;
                }));
      }
      Random readerRandom = new Random(seed + 1);
      Future<?> reader =
          threads.submit(
              () -> {
                start.await();
                while (recording.get()) {
                  concurrent.trail(planIds.get(readerRandom.nextInt(planIds.size())));
                }
                return null;
              });
      start.countDown();
      for (Future<?> run : laneRuns) {
        run.get(30, TimeUnit.SECONDS);
      }
      recording.set(false);
      reader.get(30, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }

    for (String id : planIds) {
      assertThat(concurrent.trail(id))
          .as("trail of %s (seed %d)", id, seed)
          .isEqualTo(sequential.trail(id));
    }
    assertThat(planIds.stream().mapToInt(id -> sequential.trail(id).size()).sum())
        .as("the scripts changed levels often")
        .isGreaterThan(planIds.size() * 100);
  }

  /** A state to record: a step's result, or a live update when {@code step} is false. */
  private record Recorded(PlanSnapshot state, boolean step) {
    void into(PlanLevelTrail trail) {
      if (step) {
        trail.record(state);
      } else {
        trail.recordPublished(state);
      }
    }
  }

  /** Returns once System.nanoTime is past its value at the call, so what follows is used later. */
  private static void afterTheNanoClockMoved() {
    long now = System.nanoTime();
    while (System.nanoTime() == now) {
      Thread.onSpinWait();
    }
  }
}
