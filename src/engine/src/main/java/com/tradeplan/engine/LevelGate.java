package com.tradeplan.engine;

import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which plans a tick can affect. Per symbol, plans are indexed by the bounds of their {@link Band}
 * in sorted maps, so a tick costs O(log n + k) for n plans on the symbol and k woken: idle plans
 * cost nothing. Not thread-safe: owned by one lane.
 *
 * <p>Most ticks wake nobody, so each symbol also keeps its quiet band: the highest low bound, the
 * lowest high bound and the earliest expiry of its plans, refreshed whenever a plan's band changes
 * (O(log n), on the lane that changes it). A tick strictly inside it, with no {@code always} plan
 * on its symbol, is answered by two price comparisons and one time comparison, without walking the
 * maps or allocating: that is exactly the case in which every walk below would find nothing (no low
 * at or above the price, no high at or below it, no expiry before the time), so the answer is the
 * same. Any other tick walks the maps as before, in the same order. The prices stay {@link
 * BigDecimal}: a tick and a plan's levels usually share their scale, and then {@code compareTo} is
 * one comparison of two longs inside them, exact whatever the scales.
 */
public final class LevelGate {
  private final Map<String, SymbolIndex> bySymbol = new HashMap<>();
  private final Map<String, Registration> byPlan = new HashMap<>();

  private record Registration(String symbol, Band band) {}

  private static final class SymbolIndex {
    final TreeMap<BigDecimal, Set<String>> lows = new TreeMap<>();
    final TreeMap<BigDecimal, Set<String>> highs = new TreeMap<>();
    final TreeMap<Instant, Set<String>> expiries = new TreeMap<>();
    final Set<String> always = new LinkedHashSet<>();
    int plans;

    /** The highest low bound: a price above it reaches no low. Null: no plan has a low. */
    BigDecimal highestLow;

    /** The lowest high bound: a price below it reaches no high. Null: no plan has a high. */
    BigDecimal lowestHigh;

    /** The earliest expiry: a time not after it passes no expiry. Null: no plan expires. */
    Instant earliestExpiry;

    /** Re-reads the quiet band from the maps after a plan's band was added or dropped. */
    void refreshQuietBand() {
      highestLow = lows.isEmpty() ? null : lows.lastKey();
      lowestHigh = highs.isEmpty() ? null : highs.firstKey();
      earliestExpiry = expiries.isEmpty() ? null : expiries.firstKey();
    }

    /** True when no plan of the symbol can be woken by a tick at {@code last} and {@code time}. */
    boolean quiet(BigDecimal last, Instant time) {
      return always.isEmpty()
          && (highestLow == null || last.compareTo(highestLow) > 0)
          && (lowestHigh == null || last.compareTo(lowestHigh) < 0)
          && (earliestExpiry == null || !time.isAfter(earliestExpiry));
    }
  }

  /** Registers or moves a plan's band. */
  public void update(String planId, String symbol, Band band) {
    Registration old = byPlan.get(planId);
    if (old != null && old.band.equals(band) && old.symbol.equals(symbol)) {
      return;
    }
    remove(planId);
    SymbolIndex idx = bySymbol.computeIfAbsent(symbol, s -> new SymbolIndex());
    idx.plans++;
    if (band.always()) {
      idx.always.add(planId);
    }
    add(idx.lows, band.low(), planId);
    add(idx.highs, band.high(), planId);
    add(idx.expiries, band.expiresAt(), planId);
    idx.refreshQuietBand();
    byPlan.put(planId, new Registration(symbol, band));
  }

  public void remove(String planId) {
    Registration r = byPlan.remove(planId);
    if (r == null) {
      return;
    }
    SymbolIndex idx = bySymbol.get(r.symbol);
    idx.always.remove(planId);
    drop(idx.lows, r.band.low(), planId);
    drop(idx.highs, r.band.high(), planId);
    drop(idx.expiries, r.band.expiresAt(), planId);
    if (--idx.plans == 0) {
      bySymbol.remove(r.symbol);
    } else {
      idx.refreshQuietBand();
    }
  }

  /** The plans this tick may affect, in a deterministic order. */
  public Collection<String> woken(Tick tick) {
    SymbolIndex idx = bySymbol.get(tick.symbol());
    if (idx == null || idx.quiet(tick.last(), tick.time())) {
      return List.of();
    }
    Set<String> out = null;
    out = collect(out, idx.always);
    for (Set<String> s : idx.lows.tailMap(tick.last(), true).values()) {
      out = collect(out, s);
    }
    for (Set<String> s : idx.highs.headMap(tick.last(), true).values()) {
      out = collect(out, s);
    }
    for (Set<String> s : idx.expiries.headMap(tick.time(), false).values()) {
      out = collect(out, s);
    }
    return out == null ? List.of() : new ArrayList<>(out);
  }

  /** Every plan registered on the symbol (the gate switched off). */
  public Collection<String> all(String symbol) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Registration> e : byPlan.entrySet()) {
      if (e.getValue().symbol.equals(symbol)) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  public int size() {
    return byPlan.size();
  }

  private static Set<String> collect(Set<String> out, Set<String> more) {
    if (more.isEmpty()) {
      return out;
    }
    Set<String> o = out == null ? new LinkedHashSet<>() : out;
    o.addAll(more);
    return o;
  }

  private static <K> void add(NavigableMap<K, Set<String>> map, K key, String planId) {
    if (key != null) {
      map.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(planId);
    }
  }

  private static <K> void drop(NavigableMap<K, Set<String>> map, K key, String planId) {
    if (key == null) {
      return;
    }
    Set<String> s = map.get(key);
    if (s != null) {
      s.remove(planId);
      if (s.isEmpty()) {
        map.remove(key);
      }
    }
  }
}
