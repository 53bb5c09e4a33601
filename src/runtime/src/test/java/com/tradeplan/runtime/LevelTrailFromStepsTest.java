package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.charts.ChartHistoryQueue;
import com.tradeplan.store.ChartHistory;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's levels over time are recorded from the engine's steps, not from what the store writes: a
 * trailing stop raised by every tick of a fast rise changes its level in many steps, which the
 * store writer coalesces into fewer writes (each the newest full state), and every level the steps
 * had is still a point of the trail; a trail read again from the store (a restart) has them too.
 * In-JVM ({@link EngineOverStore}): the production engine core and the platform's step listener
 * over the real writer and the embedded store, with the simulator's broker.
 */
class LevelTrailFromStepsTest {
  @TempDir Path dir;

  @Test
  void everyLevelOfTheStepsIsAPointAlsoWhenTheirWritesWereCoalesced() throws Exception {
    try (MongoConfig.MongoConnection conn =
        MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
      ChartHistoryQueue history =
          new ChartHistoryQueue(ChartHistory.open(conn), PlanLevelTrail.POINTS_MAX);
      PlanLevelTrail trail = new PlanLevelTrail(Clock.systemUTC(), history);
      List<BigDecimal> steppedLevels = new ArrayList<>(); // the trailing level after each step
      EngineOverStore engine =
          new EngineOverStore(
              conn,
              new LiveHub(100, trail),
              step -> {
                for (PlanSnapshot s : step.changed()) {
                  BigDecimal level = PlanLevelTrail.pointOf(s, Instant.EPOCH).trailingLevel();
                  if (level != null
                      && (steppedLevels.isEmpty()
                          || level.compareTo(steppedLevels.get(steppedLevels.size() - 1)) != 0)) {
                    steppedLevels.add(level);
                  }
                }
              });
      TradeWriter writer = engine.writer;

      var draft =
          DraftBuilder.draft("trail1")
              .owner("alice")
              .symbol("AAA")
              .quantity(100)
              .entry("101.00")
              .stop("95.00")
              .target("150.00")
              .trailing("1.00")
              .build();
      PlanSnapshot s =
          PlanSnapshot.initial(
              ((ValidationResult.Valid) PlanValidator.validate(draft)).plan(), PlanStatus.ACTIVE);
      engine.add(s);
      long coalescedBefore = writer.metrics().coalesced();

      // The entry triggers and fills, then 300 ticks a cent higher each: a new best price, so a new
      // trailing level, per tick, far faster than the store writes one plan's documents.
      Instant t0 = Instant.parse("2026-01-05T14:30:00Z");
      for (int i = 0; i < 303; i++) {
        BigDecimal last = BigDecimal.valueOf(10_100 + Math.max(0, i - 2), 2);
        Tick tick = Tick.of("AAA", t0.plusMillis(i * 10L), last);
        engine.tick(i, tick);
      }
      assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(history.flush(Duration.ofSeconds(30))).isTrue();

      assertThat(writer.metrics().coalesced() - coalescedBefore)
          .as("level changes of several steps fell within one store write")
          .isPositive();
      assertThat(steppedLevels).hasSizeGreaterThan(250);
      assertThat(trailingLevels(trail.trail("trail1")))
          .as("every trailing level the steps had is a point")
          .containsExactlyElementsOf(steppedLevels);
      PlanLevelTrail afterRestart = new PlanLevelTrail(Clock.systemUTC(), history);
      assertThat(afterRestart.trail("trail1"))
          .as("read back from the store alone")
          .containsExactlyElementsOf(trail.trail("trail1"));
      history.close();
      engine.close();
    }
  }

  /** The trailing levels of the points, a level repeated by the next point once. */
  private static List<BigDecimal> trailingLevels(List<PlanLevelTrail.Point> points) {
    List<BigDecimal> out = new ArrayList<>();
    for (PlanLevelTrail.Point p : points) {
      BigDecimal level = p.trailingLevel();
      if (level != null && (out.isEmpty() || !Objects.equals(out.get(out.size() - 1), level))) {
        out.add(level);
      }
    }
    return out;
  }
}
