package com.tradeplan.bench.peers.plain;

import com.tradeplan.domain.market.Tick;
import java.util.List;

/**
 * Finds the plans a tick can affect, from each plan's {@link Wake}. Owned by one thread.
 * Implementations: the hand-coded {@link LevelIndex}, and Esper's tables.
 */
public interface WakeIndex {
  /** Registers the plan under its current {@link PlainPlan#wake()}, or moves it there. */
  void register(PlainPlan plan);

  /** Forgets the plan (it ended). */
  void remove(PlainPlan plan);

  /**
   * Adds to {@code out}, once each, the plans whose registered wake the tick reaches. {@code seq}
   * is new for every call, for {@link PlainPlan#firstWakeOf}.
   */
  void woken(Tick tick, long seq, List<PlainPlan> out);

  /** Releases what the index holds; never throws. */
  default void close() {}
}
