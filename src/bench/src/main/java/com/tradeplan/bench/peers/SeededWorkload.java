package com.tradeplan.bench.peers;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanDraft.EntryDraft;
import com.tradeplan.domain.plan.PlanDraft.StopDraft;
import com.tradeplan.domain.plan.PlanDraft.TargetDraft;
import com.tradeplan.domain.plan.PlanDraft.TrailingStopDraft;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.ValidationResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The shared seeded workload on which every implementation must send the same orders as the engine:
 * plans of both sides and both entry conditions, with expiries, fixed, activated and trailing
 * stops, targets with and without quantities, most active from the start and some activated during
 * the run; random walks with gaps over a few symbols, one second apart. Every plan passes {@link
 * PlanValidator}, so the peers are held to valid plans only.
 *
 * @param plans the plans, each with the index of the tick before which it is added
 * @param ticks the ticks in order
 */
public record SeededWorkload(List<Arrival> plans, List<Tick> ticks) {
  public static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  /** A plan and the index of the tick before which it starts being monitored. */
  public record Arrival(Plan plan, int beforeTick) {}

  /** {@code planCount} plans of {@code planCount / 5} users on {@code symbols} symbols. */
  public static SeededWorkload generate(long seed, int planCount, int symbols, int tickCount) {
    Random r = new Random(seed);
    long[] px = new long[symbols];
    List<Tick> ticks = new ArrayList<>(tickCount);
    List<long[]> pricesAt = new ArrayList<>(tickCount);
    java.util.Arrays.fill(px, 10_000);
    for (int i = 0; i < tickCount; i++) {
      pricesAt.add(px.clone());
      int s = r.nextInt(symbols);
      long step = r.nextInt(100) == 0 ? r.nextInt(401) - 200 : r.nextInt(51) - 25;
      px[s] = Math.max(6_000, Math.min(14_000, px[s] + step));
      ticks.add(Tick.of("W" + s, T0.plusSeconds(i), cents(px[s])));
    }
    List<Arrival> arrivals = new ArrayList<>(planCount);
    int users = Math.max(1, planCount / 5);
    for (int i = 0; i < planCount; i++) {
      int at = r.nextInt(5) == 0 ? r.nextInt(tickCount) : 0;
      int s = r.nextInt(symbols);
      Plan plan = plan(r, "w" + i, "wu" + (i % users), "W" + s, pricesAt.get(at)[s], at);
      arrivals.add(new Arrival(plan, at));
    }
    return new SeededWorkload(List.copyOf(arrivals), List.copyOf(ticks));
  }

  /** A random valid plan around the market price {@code market} (in cents) at tick {@code at}. */
  private static Plan plan(Random r, String id, String owner, String symbol, long market, int at) {
    boolean isLong = r.nextBoolean();
    int sign = isLong ? 1 : -1;
    long entry = market + (r.nextInt(401) - 200);
    long quantity = 1 + r.nextInt(500);
    List<StopDraft> stops = new ArrayList<>();
    stops.add(new StopDraft(price(entry - sign * (50 + r.nextInt(250))), null));
    long firstTarget = entry + sign * (100 + r.nextInt(300));
    if (r.nextInt(3) == 0) {
      long stop = entry + sign * (r.nextInt(151) - 100);
      stops.add(new StopDraft(price(stop), price(stop + sign * (50 + r.nextInt(250)))));
    }
    List<TargetDraft> targets = new ArrayList<>();
    long left = quantity;
    long target = firstTarget;
    for (int k = r.nextInt(4); k > 0; k--) {
      String qty = null;
      if (left > 1 && r.nextBoolean()) {
        long q = 1 + r.nextInt((int) Math.min(left - 1, 300));
        left -= q;
        qty = Long.toString(q);
      }
      targets.add(new TargetDraft(price(target), qty));
      target += sign * (50 + r.nextInt(150));
    }
    TrailingStopDraft trailing =
        r.nextInt(10) < 3 ? new TrailingStopDraft(price(50 + r.nextInt(150))) : null;
    String expiresAt =
        r.nextInt(5) == 0 ? T0.plusSeconds(at + 10 + r.nextInt(500)).toString() : null;
    boolean above = r.nextBoolean();
    PlanDraft draft =
        new PlanDraft(
            id,
            owner,
            symbol,
            null,
            null,
            null,
            isLong ? "LONG" : "SHORT",
            Long.toString(quantity),
            new EntryDraft(above ? "ABOVE" : "BELOW", price(entry), expiresAt),
            stops,
            targets,
            trailing,
            null);
    ValidationResult v = PlanValidator.validate(draft, T0.plusSeconds(at), new BigDecimal("0.01"));
    if (!(v instanceof ValidationResult.Valid valid)) {
      throw new IllegalStateException("generated an invalid plan " + id + ": " + v.errors());
    }
    return valid.plan();
  }

  private static String price(long cents) {
    return cents(cents).toPlainString();
  }

  static BigDecimal cents(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }
}
