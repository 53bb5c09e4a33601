package com.tradeplan.bench.peers.plain;

import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hand-coded level index: per symbol, the plans' wake levels in sorted maps of buckets, as a
 * developer writes it without a framework. A tick looks up the lowest wake-high at or below it and
 * the highest wake-low at or above it (O(log n), nothing allocated when nothing is reached) and
 * walks only the buckets it reaches (O(k) more). A plan knows its slot in each bucket, so moving it
 * costs O(log n) however many plans share its level (a storm puts thousands on one price). Not
 * thread-safe: one writer.
 */
public final class LevelIndex implements WakeIndex {
  private final Map<String, SymbolLevels> bySymbol = new HashMap<>();

  /** Where one plan is registered: its wake and its slot in each bucket it sits in. */
  private static final class Entry {
    final PlainPlan plan;
    final SymbolLevels levels;
    Wake wake = Wake.NEVER;
    int lowSlot = -1;
    int highSlot = -1;
    int afterSlot = -1;
    int alwaysSlot = -1;

    Entry(PlainPlan plan, SymbolLevels levels) {
      this.plan = plan;
      this.levels = levels;
    }
  }

  /** Entries at one level; removal swaps the last entry into the freed slot. */
  private static final class Bucket {
    Entry[] entries = new Entry[2];
    int size;
  }

  private enum Way {
    LOW,
    HIGH,
    AFTER,
    ALWAYS
  }

  private static final class SymbolLevels {
    final TreeMap<BigDecimal, Bucket> lows = new TreeMap<>();
    final TreeMap<BigDecimal, Bucket> highs = new TreeMap<>();
    final TreeMap<Instant, Bucket> afters = new TreeMap<>();
    final Bucket always = new Bucket();
  }

  @Override
  public void register(PlainPlan plan) {
    Wake next = plan.wake();
    Entry e = (Entry) plan.indexEntry();
    if (e == null) {
      e = new Entry(plan, bySymbol.computeIfAbsent(plan.symbol(), s -> new SymbolLevels()));
      plan.setIndexEntry(e);
    } else if (e.wake.equals(next)) {
      return;
    }
    unlink(e);
    e.wake = next;
    SymbolLevels l = e.levels;
    if (next.low() != null) {
      e.lowSlot = add(l.lows.computeIfAbsent(next.low(), k -> new Bucket()), e);
    }
    if (next.high() != null) {
      e.highSlot = add(l.highs.computeIfAbsent(next.high(), k -> new Bucket()), e);
    }
    if (next.after() != null) {
      e.afterSlot = add(l.afters.computeIfAbsent(next.after(), k -> new Bucket()), e);
    }
    if (next.always()) {
      e.alwaysSlot = add(l.always, e);
    }
  }

  @Override
  public void remove(PlainPlan plan) {
    Entry e = (Entry) plan.indexEntry();
    if (e != null) {
      unlink(e);
      plan.setIndexEntry(null);
    }
  }

  @Override
  public void woken(Tick tick, long seq, List<PlainPlan> out) {
    SymbolLevels l = bySymbol.get(tick.symbol());
    if (l == null) {
      return;
    }
    BigDecimal last = tick.last();
    for (BigDecimal k = l.lows.ceilingKey(last); k != null; k = l.lows.higherKey(k)) {
      collect(l.lows.get(k), seq, out);
    }
    for (BigDecimal k = l.highs.floorKey(last); k != null; k = l.highs.lowerKey(k)) {
      collect(l.highs.get(k), seq, out);
    }
    Instant time = tick.time();
    for (Instant k = l.afters.lowerKey(time); k != null; k = l.afters.lowerKey(k)) {
      collect(l.afters.get(k), seq, out);
    }
    collect(l.always, seq, out);
  }

  private static void collect(Bucket b, long seq, List<PlainPlan> out) {
    for (int i = 0; i < b.size; i++) {
      PlainPlan p = b.entries[i].plan;
      if (p.firstWakeOf(seq)) {
        out.add(p);
      }
    }
  }

  private void unlink(Entry e) {
    SymbolLevels l = e.levels;
    Wake w = e.wake;
    if (e.lowSlot >= 0) {
      drop(l.lows, w.low(), e.lowSlot, Way.LOW);
      e.lowSlot = -1;
    }
    if (e.highSlot >= 0) {
      drop(l.highs, w.high(), e.highSlot, Way.HIGH);
      e.highSlot = -1;
    }
    if (e.afterSlot >= 0) {
      drop(l.afters, w.after(), e.afterSlot, Way.AFTER);
      e.afterSlot = -1;
    }
    if (e.alwaysSlot >= 0) {
      remove(l.always, e.alwaysSlot, Way.ALWAYS);
      e.alwaysSlot = -1;
    }
    e.wake = Wake.NEVER;
  }

  private static int add(Bucket b, Entry e) {
    if (b.size == b.entries.length) {
      b.entries = java.util.Arrays.copyOf(b.entries, b.size * 2);
    }
    b.entries[b.size] = e;
    return b.size++;
  }

  private static <K> void drop(TreeMap<K, Bucket> map, K key, int slot, Way way) {
    Bucket b = map.get(key);
    remove(b, slot, way);
    if (b.size == 0) {
      map.remove(key);
    }
  }

  /** Swaps the last entry into {@code slot} and tells it its new slot. */
  private static void remove(Bucket b, int slot, Way way) {
    Entry moved = b.entries[--b.size];
    b.entries[slot] = moved;
    b.entries[b.size] = null;
    if (moved != null && slot < b.size) {
      switch (way) {
        case LOW -> moved.lowSlot = slot;
        case HIGH -> moved.highSlot = slot;
        case AFTER -> moved.afterSlot = slot;
        case ALWAYS -> moved.alwaysSlot = slot;
      }
    }
  }
}
