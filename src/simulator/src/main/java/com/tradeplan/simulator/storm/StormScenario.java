package com.tradeplan.simulator.storm;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.formats.IndexedTick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A market-data storm with a known outcome, for replaying through the lanes and the simulator
 * (issue 20, point 2). Seeded: the same spec gives the same plans and ticks.
 *
 * <p>Half of the symbols carry LONG plans and spike up, the other half SHORT plans and spike down.
 * Every plan enters at 100.00 on the symbol's first tick and is filled at 100.00 on its second (the
 * simulator's next-tick fill). Then the storm: ticks of random symbols, each price uniform in
 * [99.500, 100.499], except that each symbol spikes once, at its own point of the storm, in a
 * straight line to 103.000 (97.000 for a SHORT symbol) and straight back to the edge of the noise;
 * the storm ends with one tick per symbol at the far edge of the noise (99.500 for LONG symbols,
 * 100.499 for SHORT ones).
 *
 * <p>The plans are drawn so that which exits happen does not depend on how the ticks are batched,
 * only on the levels the prices reach: fixed stops outside the noise (98.00, 102.00) never trigger;
 * targets lie inside the spike (they fire on its way out) or beyond it (never); a trailing stop of
 * 1.50 or 2.00 triggers on the way back (its level follows the spike's extreme and the spike
 * returns past it), one of 4.00 never does; a breakeven stop at 100.00 activated inside the spike
 * triggers in the noise after it, at the latest on the last tick. Every target names its quantity
 * and together they leave some shares or none to the stops: a target without one wants whatever is
 * uncovered when it triggers, so two targets crossed on one tick would share the position
 * differently from two crossed on consecutive ticks, which is the one thing a batch does not keep
 * (the order of two crossings inside it). Exits are never filled ({@link StormMarket}). So the
 * lanes, batching as they like, must send exactly the exits the simulator sends, tick by tick.
 *
 * @param symbols how many symbols (even, at least 2)
 * @param plansPerSymbol plans on each symbol
 * @param users the plans' owners, spread over them round robin
 * @param stormTicks ticks of the storm, spikes included (at least 1,000)
 * @param seed the random seed
 */
public record StormScenario(int symbols, int plansPerSymbol, int users, int stormTicks, long seed) {
  /** The time of the first tick; tick {@code i} is {@code i} microseconds later. */
  public static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  private static final long NOISE_LOW_MILLS = 99_500;
  private static final long NOISE_HIGH_MILLS = 100_499;
  private static final long SPIKE_UP_PEAK_MILLS = 103_000;
  private static final long SPIKE_DOWN_PEAK_MILLS = 97_000;
  private static final long START_MILLS = 100_000;

  /** Ticks of one spike's way out (and as many back). */
  static final int SPIKE_LEG_TICKS = 50;

  public StormScenario {
    if (symbols < 2 || symbols % 2 != 0) {
      throw new IllegalArgumentException("symbols must be even and >= 2: " + symbols);
    }
    if (plansPerSymbol < 1 || users < 1 || stormTicks < 1_000) {
      throw new IllegalArgumentException("plans and users >= 1, storm ticks >= 1,000");
    }
  }

  public String symbol(int s) {
    return "S" + s;
  }

  /** Whether symbol {@code s} carries LONG plans and spikes up. */
  public boolean longSymbol(int s) {
    return s % 2 == 0;
  }

  /** Ticks in the whole file: two opening ticks per symbol, the storm, one closing tick each. */
  public int tickCount() {
    return 2 * symbols + stormTicks + symbols;
  }

  /** The index of the first storm tick: before it, every plan entered and was filled. */
  public int stormStart() {
    return 2 * symbols;
  }

  /** The plans, as drafts a trader would enter (the simulator validates them, so must a caller). */
  public List<PlanDraft> plans() {
    Random r = new Random(seed);
    List<PlanDraft> drafts = new ArrayList<>();
    for (int s = 0; s < symbols; s++) {
      for (int k = 0; k < plansPerSymbol; k++) {
        int n = drafts.size();
        drafts.add(plan("p" + n, "u" + (n % users), s, r));
      }
    }
    return drafts;
  }

  private PlanDraft plan(String id, String owner, int s, Random r) {
    boolean up = longSymbol(s);
    List<PlanDraft.StopDraft> stops = new ArrayList<>();
    stops.add(new PlanDraft.StopDraft(up ? "98.00" : "102.00", null));
    if (r.nextInt(3) == 0) {
      stops.add(new PlanDraft.StopDraft("100.00", up ? "101.00" : "99.00"));
    }
    List<PlanDraft.TargetDraft> targets = new ArrayList<>();
    int count = r.nextInt(4);
    long quantity = 10;
    long left = quantity;
    for (int t = 0; t < count; t++) {
      // 0.60 to 3.39 away from 100.00: mostly inside the 3.00 spike, some beyond it
      long away = 60 + r.nextInt(280);
      BigDecimal price = BigDecimal.valueOf(up ? 10_000 + away : 10_000 - away, 2);
      // at least 1 share for each target still to come; what is left over goes to the stops
      long part = 1 + r.nextInt((int) (left - (count - 1 - t)));
      left -= part;
      targets.add(new PlanDraft.TargetDraft(price.toPlainString(), Long.toString(part)));
    }
    String[] distances = {null, "1.50", "2.00", "4.00"};
    String distance = distances[r.nextInt(distances.length)];
    return new PlanDraft(
        id,
        owner,
        symbol(s),
        null,
        null,
        null,
        up ? "LONG" : "SHORT",
        Long.toString(quantity),
        new PlanDraft.EntryDraft(up ? "ABOVE" : "BELOW", "100.00", null),
        stops,
        targets,
        distance == null ? null : new PlanDraft.TrailingStopDraft(distance),
        List.of());
  }

  /** The ticks, generated as they are read: the same sequence on every call. */
  public Iterator<IndexedTick> ticks() {
    return new Generator();
  }

  /** Produces the file tick by tick: a per-symbol state of where its spike is. */
  private final class Generator implements Iterator<IndexedTick> {
    private final Random r = new Random(seed ^ 0x5EED);
    private final int[] spikeAt = new int[symbols];
    private final int[] spikeStep = new int[symbols];
    private final int[] stormTicksOf = new int[symbols];
    private int index;

    Generator() {
      for (int s = 0; s < symbols; s++) {
        // spikes spread over 20% to 80% of the storm, counted in the symbol's own ticks
        spikeAt[s] = (stormTicks / symbols) * (20 + 60 * s / symbols) / 100;
        spikeStep[s] = -1;
      }
    }

    @Override
    public boolean hasNext() {
      return index < tickCount();
    }

    @Override
    public IndexedTick next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = index++;
      int s;
      long mills;
      if (i < stormStart()) {
        s = i % symbols;
        mills = START_MILLS;
      } else if (i >= stormStart() + stormTicks) {
        s = i - stormStart() - stormTicks;
        mills = longSymbol(s) ? NOISE_LOW_MILLS : NOISE_HIGH_MILLS;
      } else {
        s = r.nextInt(symbols);
        mills = stormPrice(s);
      }
      Tick tick = Tick.of(symbol(s), T0.plusNanos(i * 1_000L), BigDecimal.valueOf(mills, 3));
      return new IndexedTick(i, i + 2L, tick);
    }

    /** The symbol's next storm price: noise, or the next step of its spike. */
    private long stormPrice(int s) {
      int own = stormTicksOf[s]++;
      if (own == spikeAt[s]) {
        spikeStep[s] = 0;
      }
      if (spikeStep[s] < 0 || spikeStep[s] >= 2 * SPIKE_LEG_TICKS) {
        return NOISE_LOW_MILLS + r.nextInt((int) (NOISE_HIGH_MILLS - NOISE_LOW_MILLS + 1));
      }
      int step = spikeStep[s]++;
      long edge = longSymbol(s) ? NOISE_HIGH_MILLS : NOISE_LOW_MILLS;
      long peak = longSymbol(s) ? SPIKE_UP_PEAK_MILLS : SPIKE_DOWN_PEAK_MILLS;
      // out: edge + 1/50 of the way per tick up to the peak; back: the same steps in reverse
      int along = step < SPIKE_LEG_TICKS ? step + 1 : 2 * SPIKE_LEG_TICKS - step - 1;
      return edge + (peak - edge) * along / SPIKE_LEG_TICKS;
    }
  }
}
