package com.tradeplan.bench;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.PlansJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A seeded analyst's workload for the simulator's throughput: {@code plans} plans over up to 10
 * symbols (owners 1 per 5 plans), half LONG entering above, half SHORT entering below the start
 * price, each with a stop 3.00 and a target 5.00 away (most plans stay live through a 200,000-tick
 * run); and a tape of ticks, 10 ms apart, round robin over the symbols, each a random walk of 0-3
 * cents a step from 100.00 kept within [90, 110]. The same arguments give the same plans and ticks.
 */
record SimulationWorkload(int plans, long seed) {
  static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static final BigDecimal CENT = new BigDecimal("0.01");
  private static final BigDecimal START = new BigDecimal("100.00");
  private static final BigDecimal STOP_AWAY = new BigDecimal("3.00");
  private static final BigDecimal TARGET_AWAY = new BigDecimal("5.00");
  private static final BigDecimal LOW = new BigDecimal("90.00");
  private static final BigDecimal HIGH = new BigDecimal("110.00");

  int symbols() {
    return Math.max(1, Math.min(plans, 10));
  }

  List<PlanDraft> drafts() {
    return PlansJson.parse("workload.json", json());
  }

  /** The plans as PLANS.json text. */
  String json() {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < plans; i++) {
      boolean longSide = i % 2 == 0;
      BigDecimal away = CENT.multiply(BigDecimal.valueOf(5 + rnd.nextInt(96)));
      BigDecimal entry = longSide ? START.add(away) : START.subtract(away);
      BigDecimal stop = longSide ? entry.subtract(STOP_AWAY) : entry.add(STOP_AWAY);
      BigDecimal target =
          longSide ? entry.add(new BigDecimal("1.50")) : entry.subtract(new BigDecimal("1.50"));
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"p")
          .append(i)
          .append("\",\"owner\":\"u")
          .append(i / 5)
          .append("\",\"symbol\":\"S")
          .append(i % symbols())
          .append("\",\"side\":\"")
          .append(longSide ? "LONG" : "SHORT")
          .append("\",\"quantity\":100,\"entry\":{\"condition\":\"")
          .append(longSide ? "ABOVE" : "BELOW")
          .append("\",\"price\":\"")
          .append(entry.toPlainString())
          .append("\"},\"stops\":[{\"price\":\"")
          .append(stop.toPlainString())
          .append("\"}],\"targets\":[{\"price\":\"")
          .append(target.toPlainString())
          .append("\"}]}");
    }
    return json.append(']').toString();
  }

  /** {@code count} ticks, streamed (a 10-million-row file is never held). */
  Iterator<IndexedTick> ticks(long count) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    BigDecimal[] price = new BigDecimal[symbols()];
    java.util.Arrays.fill(price, START);
    return new Iterator<>() {
      long i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public IndexedTick next() {
        if (i >= count) {
          throw new NoSuchElementException();
        }
        int s = (int) (i % price.length);
        BigDecimal step = CENT.multiply(BigDecimal.valueOf(rnd.nextInt(7) - 3));
        BigDecimal p = price[s].add(step);
        price[s] = p.compareTo(LOW) < 0 || p.compareTo(HIGH) > 0 ? price[s].subtract(step) : p;
        Tick t = Tick.of("S" + s, T0.plus(Duration.ofMillis(10 * i)), price[s]);
        IndexedTick indexed = new IndexedTick(i, i + 2, t);
        i++;
        return indexed;
      }
    };
  }
}
