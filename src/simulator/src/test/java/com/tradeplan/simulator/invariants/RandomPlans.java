package com.tradeplan.simulator.invariants;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanDraft.EntryDraft;
import com.tradeplan.domain.plan.PlanDraft.StopDraft;
import com.tradeplan.domain.plan.PlanDraft.TargetDraft;
import com.tradeplan.domain.plan.PlanDraft.TrailingStopDraft;
import com.tradeplan.formats.IndexedTick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded generators of valid plans and random-walk tick paths around them. */
final class RandomPlans {
  private RandomPlans() {}

  static final BigDecimal CENT = new BigDecimal("0.01");

  static BigDecimal price(long cents) {
    return BigDecimal.valueOf(Math.max(1, cents), 2);
  }

  /** A valid plan around {@code midCents}: stops below and targets above the entry for a LONG. */
  static PlanDraft plan(Random r, String id, String owner, String symbol, long midCents) {
    boolean longSide = r.nextBoolean();
    int s = longSide ? 1 : -1;
    long entry = midCents + s * (r.nextInt(41) - 20);
    String condition = r.nextBoolean() ? "ABOVE" : "BELOW";
    long quantity = 1 + r.nextInt(300);
    List<StopDraft> stops = new ArrayList<>();
    int stopCount = 1 + r.nextInt(3);
    long worstStop = Long.MIN_VALUE;
    for (int i = 0; i < stopCount; i++) {
      if (i > 0 && r.nextInt(3) == 0) {
        // a breakeven-style stop: activates above entry, sits a little below or above it
        long activate = entry + s * (20 + r.nextInt(60));
        long stop = activate - s * (5 + r.nextInt(40));
        stops.add(new StopDraft(price(stop).toPlainString(), price(activate).toPlainString()));
        worstStop = Math.max(worstStop, s * stop);
      } else {
        long stop = entry - s * (10 + r.nextInt(60));
        stops.add(new StopDraft(price(stop).toPlainString(), null));
        worstStop = Math.max(worstStop, s * stop);
      }
    }
    List<TargetDraft> targets = new ArrayList<>();
    int targetCount = r.nextInt(4);
    long remaining = quantity;
    long base = Math.max(s * entry, worstStop) + 1;
    for (int j = 0; j < targetCount; j++) {
      long t = s * (base + r.nextInt(120));
      String q = null;
      if (r.nextBoolean() && remaining > 0) {
        long qty = 1 + r.nextInt((int) Math.min(remaining, 200));
        remaining -= qty;
        q = Long.toString(qty);
      }
      targets.add(new TargetDraft(price(t).toPlainString(), q));
    }
    TrailingStopDraft trailing =
        r.nextInt(3) == 0 ? new TrailingStopDraft(price(10 + r.nextInt(80)).toPlainString()) : null;
    return new PlanDraft(
        id,
        owner,
        symbol,
        null,
        null,
        null,
        longSide ? "LONG" : "SHORT",
        Long.toString(quantity),
        new EntryDraft(condition, price(entry).toPlainString(), null),
        stops,
        targets,
        trailing,
        List.of());
  }

  /** A random walk of {@code count} ticks over the given symbols, one cent grid, with gaps. */
  static List<IndexedTick> ticks(Random r, List<String> symbols, long startCents, int count) {
    List<IndexedTick> out = new ArrayList<>();
    long[] px = new long[symbols.size()];
    java.util.Arrays.fill(px, startCents);
    Instant t = Instant.parse("2026-03-02T14:30:00Z");
    for (int i = 0; i < count; i++) {
      int k = r.nextInt(symbols.size());
      long step = r.nextInt(10) == 0 ? r.nextInt(121) - 60 : r.nextInt(21) - 10;
      px[k] = Math.max(100, px[k] + step);
      t = t.plusMillis(1 + r.nextInt(1000));
      out.add(new IndexedTick(i, i + 2, Tick.of(symbols.get(k), t, price(px[k]))));
    }
    return out;
  }
}
