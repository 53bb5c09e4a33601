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
    }
  }

  /** The plans this tick may affect, in a deterministic order. */
  public Collection<String> woken(Tick tick) {
    SymbolIndex idx = bySymbol.get(tick.symbol());
    if (idx == null) {
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
