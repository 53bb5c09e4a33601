package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fold of a symbol's waiting ticks: the path a lane evaluates instead of the ticks reaches
 * every level the ticks reached, and for each level the first tick at or above it and the first at
 * or below it come in the same order as in the ticks.
 */
class TickBatchTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  private static Tick tick(int i, long cents) {
    return Tick.of("AAPL", T0.plusMillis(i), BigDecimal.valueOf(cents, 2));
  }

  private static TickBatch fold(List<Tick> ticks) {
    TickBatch b = new TickBatch(ticks.get(0), 0, 0);
    for (Tick t : ticks.subList(1, ticks.size())) {
      assertThat(b.fold(t)).isTrue();
    }
    return b;
  }

  /** The index of the first tick at or above (up) or at or below the level, or -1. */
  private static int first(List<Tick> ticks, BigDecimal level, boolean up) {
    for (int i = 0; i < ticks.size(); i++) {
      int c = ticks.get(i).last().compareTo(level);
      if (up ? c >= 0 : c <= 0) {
        return i;
      }
    }
    return -1;
  }

  /** -1, 0 or 1: which of the two firsts came first; 2 when one of them never happened. */
  private static int order(int up, int down) {
    if (up < 0 || down < 0) {
      return 2 + (up < 0 ? 1 : 0) + (down < 0 ? 2 : 0);
    }
    return Integer.signum(up - down);
  }

  @Test
  void thePathReachesEveryLevelTheTicksReachedAndInTheSameOrder() {
    Random r = new Random(20_2612);
    for (int run = 0; run < 1_000; run++) {
      int n = 1 + r.nextInt(run < 100 ? 6 : 400);
      List<Tick> ticks = new ArrayList<>();
      long px = 10_000;
      for (int i = 0; i < n; i++) {
        // a random walk with the odd jump: spikes through a level and back inside one batch
        px += r.nextInt(10) == 0 ? r.nextInt(301) - 150 : r.nextInt(7) - 3;
        px = Math.max(100, px);
        ticks.add(tick(i, px));
      }
      TickBatch batch = fold(ticks);
      List<Tick> path = batch.take().path();

      assertThat(path).as("run %d: at most four ticks", run).hasSizeLessThanOrEqualTo(4);
      assertThat(path.get(0)).isSameAs(ticks.get(0));
      assertThat(path.get(path.size() - 1)).isSameAs(ticks.get(n - 1));
      int previous = -1;
      for (Tick t : path) {
        int at = ticks.indexOf(t);
        assertThat(at)
            .as("run %d: the path is ticks of the batch, in arrival order", run)
            .isGreaterThan(previous);
        previous = at;
      }
      // Every level at which the answer can change: each price reached, and just above and below.
      java.util.TreeSet<Long> levels = new java.util.TreeSet<>();
      for (Tick t : ticks) {
        long tenths = t.last().unscaledValue().longValue() * 10;
        levels.addAll(List.of(tenths - 5, tenths, tenths + 5));
      }
      for (long tenths : levels) {
        BigDecimal level = BigDecimal.valueOf(tenths, 3);
        int up = first(ticks, level, true);
        int down = first(ticks, level, false);
        int pathUp = first(path, level, true);
        int pathDown = first(path, level, false);
        assertThat(pathUp >= 0)
            .as("run %d, level %s reached from below", run, level)
            .isEqualTo(up >= 0);
        assertThat(pathDown >= 0)
            .as("run %d, level %s reached from above", run, level)
            .isEqualTo(down >= 0);
        assertThat(order(pathUp, pathDown))
            .as("run %d, level %s: which side reached it first", run, level)
            .isEqualTo(order(up, down));
      }
    }
  }

  @Test
  void oneOrTwoTicksAreEvaluatedAsThemselves() {
    Tick a = tick(0, 10_000);
    Tick b = tick(1, 10_000);
    assertThat(fold(List.of(a)).take().path()).containsExactly(a);
    assertThat(fold(List.of(a, b)).take().path()).containsExactly(a, b);
    Tick c = tick(2, 9_990);
    assertThat(fold(List.of(a, c)).take().path()).containsExactly(a, c);
    TickBatch.Taken one = fold(List.of(a)).take();
    assertThat(one.coalesced()).isZero();
  }

  @Test
  void aSpikeThroughALevelAndBackKeepsTheSpike() {
    List<Tick> ticks =
        List.of(
            tick(0, 10_010), tick(1, 10_020), tick(2, 10_550), tick(3, 10_020), tick(4, 10_000));
    TickBatch.Taken taken = fold(ticks).take();
    assertThat(taken.path()).containsExactly(ticks.get(0), ticks.get(2), ticks.get(4));
    assertThat(taken.count()).isEqualTo(5);
    assertThat(taken.coalesced()).isEqualTo(2);
  }

  @Test
  void theLowAndTheHighComeInTheOrderTheyWereReached() {
    List<Tick> ticks =
        List.of(tick(0, 10_000), tick(1, 9_900), tick(2, 10_100), tick(3, 10_050), tick(4, 10_060));
    assertThat(fold(ticks).take().path())
        .containsExactly(ticks.get(0), ticks.get(1), ticks.get(2), ticks.get(4));
    List<Tick> reversed =
        List.of(tick(0, 10_000), tick(1, 10_100), tick(2, 9_900), tick(3, 10_050), tick(4, 10_060));
    assertThat(fold(reversed).take().path())
        .containsExactly(reversed.get(0), reversed.get(1), reversed.get(2), reversed.get(4));
  }

  @Test
  void aTakenBatchRefusesTicksAndAnotherSymbolIsABug() {
    TickBatch b = new TickBatch(tick(0, 10_000), 0, 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> b.fold(Tick.of("MSFT", T0, BigDecimal.TEN)))
        .isInstanceOf(IllegalArgumentException.class);
    b.take();
    assertThat(b.fold(tick(1, 10_001))).as("taken: the producer opens a new batch").isFalse();
  }
}
