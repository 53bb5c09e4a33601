package com.tradeplan.simulator.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Points of a series kept within {@code capacity}: every point while there is room; when full,
 * every second point is dropped and from then on only every second offered point is kept (then
 * every fourth, ...), so a run of any length is drawn from at most {@code capacity + 1} evenly
 * spread points, the last offered point always among them. Exact figures (extremes, drawdown) are
 * computed by {@link MarkToMarket} from every tick, never from these points. Deterministic.
 */
final class BoundedSeries {
  private final int capacity;
  private final List<SeriesPoint> points = new ArrayList<>();
  private long stride = 1;
  private long offered;
  private SeriesPoint last;

  BoundedSeries(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be >= 2: " + capacity);
    }
    this.capacity = capacity;
  }

  void add(long tick, BigDecimal value) {
    last = new SeriesPoint(tick, value);
    if (offered++ % stride != 0) {
      return;
    }
    points.add(last);
    if (points.size() >= capacity) {
      List<SeriesPoint> kept = new ArrayList<>(capacity / 2 + 1);
      for (int i = 0; i < points.size(); i += 2) {
        kept.add(points.get(i));
      }
      points.clear();
      points.addAll(kept);
      stride *= 2;
    }
  }

  /** The kept points in tick order, ending with the last point offered. */
  List<SeriesPoint> points() {
    List<SeriesPoint> out = new ArrayList<>(points);
    if (last != null && (out.isEmpty() || out.get(out.size() - 1) != last)) {
      out.add(last);
    }
    return List.copyOf(out);
  }
}
