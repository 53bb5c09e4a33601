package com.tradeplan.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedSeriesTest {
  @Test
  void aLongRunIsKeptWithinItsBoundEvenlySpreadWithItsLastPoint() {
    BoundedSeries s = new BoundedSeries(1_000);
    for (long i = 0; i < 1_000_003; i++) {
      s.add(i, BigDecimal.valueOf(i));
    }
    List<SeriesPoint> points = s.points();
    assertThat(points.size()).isBetween(500, 1_001);
    assertThat(points.get(0).tick()).isZero();
    assertThat(points.get(points.size() - 1).tick()).as("the last point").isEqualTo(1_000_002);
    long stride = points.get(1).tick() - points.get(0).tick();
    for (int i = 1; i < points.size() - 1; i++) {
      assertThat(points.get(i).tick() - points.get(i - 1).tick())
          .as("even steps")
          .isEqualTo(stride);
    }
  }

  @Test
  void aShortRunKeepsEveryPoint() {
    BoundedSeries s = new BoundedSeries(1_000);
    for (long i = 0; i < 13; i++) {
      s.add(i, BigDecimal.ONE);
    }
    assertThat(s.points()).hasSize(13);
  }
}
