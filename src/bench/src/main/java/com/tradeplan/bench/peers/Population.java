package com.tradeplan.bench.peers;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.plan.TrailingStop;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The monitored plans of the sweep and the moves that exercise them. {@code size} ACTIVE plans on
 * {@link #SYMBOLS} symbols, five per user (a trader watches several symbols: user {@code i / 5} has
 * plans on five of them): half LONG entering ABOVE 105.00-124.99, half SHORT entering BELOW
 * 75.01-94.99, each with a stop and a target, so that a market between 95.00 and 104.99 crosses no
 * level. Plans are made as they are added, never kept here: what a monitor retains is its own.
 */
public final class Population {
  public static final int SYMBOLS = 100;
  public static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  public static final int PLANS_PER_USER = 5;

  private static final BigDecimal TWO = new BigDecimal("2.00");
  private static final BigDecimal THREE = new BigDecimal("3.00");

  private final int size;
  private int added;

  public Population(int size) {
    if (size < SYMBOLS * PLANS_PER_USER) {
      throw new IllegalArgumentException("at least " + SYMBOLS * PLANS_PER_USER + " plans");
    }
    this.size = size;
  }

  public int size() {
    return size;
  }

  public int users() {
    return size / PLANS_PER_USER;
  }

  public static String symbol(int s) {
    return "S" + s;
  }

  public static String user(int u) {
    return "u" + u;
  }

  /** Adds every plan of the population to {@code monitor}, seeded; {@link #added} counts them. */
  public void addTo(PlanMonitor monitor) {
    Random r = new Random(42);
    for (int i = 0; i < size; i++) {
      monitor.addPlan(background(i, r));
      added = i + 1;
    }
  }

  /** How many plans {@link #addTo} added so far (what fitted, when the heap ran out). */
  public int added() {
    return added;
  }

  private static Plan background(int i, Random r) {
    boolean isLong = (i & 1) == 0;
    BigDecimal entry =
        BigDecimal.valueOf(isLong ? 10_500 + r.nextInt(2_000) : 7_501 + r.nextInt(1_999), 2);
    return new Plan(
        "p" + i,
        user(i / PLANS_PER_USER),
        Instrument.stock(symbol(i % SYMBOLS)),
        isLong ? Side.LONG : Side.SHORT,
        100,
        new Entry(isLong ? EntryCondition.ABOVE : EntryCondition.BELOW, entry, null),
        List.of(new Stop(isLong ? entry.subtract(TWO) : entry.add(TWO), null)),
        List.of(new Target(isLong ? entry.add(THREE) : entry.subtract(THREE), null)),
        null);
  }

  /**
   * A quiet random walk: {@code count} ticks over every symbol, between 95.01 and 104.99, crossing
   * no level of the population.
   */
  public static Tick[] quietTicks(int count) {
    Random r = new Random(7);
    long[] px = new long[SYMBOLS];
    java.util.Arrays.fill(px, 10_000);
    Tick[] ticks = new Tick[count];
    for (int i = 0; i < count; i++) {
      int s = r.nextInt(SYMBOLS);
      px[s] = Math.max(9_501, Math.min(10_499, px[s] + r.nextInt(21) - 10));
      ticks[i] = Tick.of(symbol(s), T0, BigDecimal.valueOf(px[s], 2));
    }
    return ticks;
  }

  /**
   * The plan of a cycle (and of a storm): LONG, entering ABOVE 100.00, 100 shares, a fixed stop at
   * 98.00 and a stop at 100.50 that activates at 101.00, a trailing stop 1.50 behind the best
   * price, a target of 40 at 103.00 and the rest at 104.00. Between the population's levels, so
   * nothing else on its symbol wakes with it.
   */
  public static Plan cyclePlan(String id, String owner, String symbol) {
    return new Plan(
        id,
        owner,
        Instrument.stock(symbol),
        Side.LONG,
        100,
        new Entry(EntryCondition.ABOVE, CYCLE_ENTRY, null),
        List.of(new Stop(new BigDecimal("98.00"), null), new Stop(new BigDecimal("100.50"), A101)),
        List.of(
            new Target(new BigDecimal("103.00"), 40L), new Target(new BigDecimal("104.00"), null)),
        new TrailingStop(new BigDecimal("1.50")));
  }

  private static final BigDecimal CYCLE_ENTRY = new BigDecimal("100.00");
  private static final BigDecimal A101 = new BigDecimal("101.00");

  /** The move that triggers a cycle plan's entry, and fills it on the next tick. */
  public static final BigDecimal ENTRY_MOVE = new BigDecimal("100.01");

  /** The move that hits a cycle plan's active stop (98.51 after the fill), and fills the exit. */
  public static final BigDecimal STOP_MOVE = new BigDecimal("98.00");
}
