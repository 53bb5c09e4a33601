package com.tradeplan.engine;

import com.tradeplan.domain.market.Tick;
import java.util.ArrayList;
import java.util.List;

/**
 * The ticks of one symbol that waited for a lane, folded as they arrive into the first tick, the
 * first tick at the lowest price, the first tick at the highest price and the last tick, plus how
 * many there were. A lane that falls behind evaluates such a batch as its {@link #path}, at most
 * four ticks, instead of every tick: its cost no longer grows with the storm, and no tick is
 * dropped.
 *
 * <p>Why the path is enough (docs/architecture.md, "The life of a tick"): every lifecycle rule on a
 * tick compares {@code last} with a level ({@code last >= level} or {@code last <= level}) and its
 * effect only advances (an entry triggers, a stop becomes eligible, the best price and the active
 * stop only tighten, a target fires once). The path holds the batch's highest and lowest price, so
 * every level the ticks reached is reached by the path, and for every level the first tick that
 * reached it from above comes before the first that reached it from below exactly when it did in
 * the ticks (the path starts with the batch's first tick). What the path does not keep is the order
 * between the crossings of two different levels inside one batch (a stop and a target both crossed,
 * a level moved by the batch's rise and then touched by a dip that is neither the batch's low nor
 * its last), nor the prices of the ticks in between.
 *
 * <p>Thread-safe: producers {@link #fold} on market data threads while the lane {@link #take}s it;
 * both lock this object for a few comparisons, never wait on anything else. Once taken, a batch
 * refuses further ticks (the producer starts a new one).
 */
final class TickBatch {
  private final String symbol;
  private final long epoch;
  private final long firstArrivalNanos;
  private final Tick first;
  private Tick low;
  private Tick high;
  private Tick last;
  private int lowSeq;
  private int highSeq;
  private int count;
  private boolean taken;

  /**
   * @param first the tick that opens the batch
   * @param arrivalNanos {@link System#nanoTime()} when it reached the engine
   * @param epoch the lane's count of messages queued when the batch was opened (see {@link
   *     Lane#offerTick})
   */
  TickBatch(Tick first, long arrivalNanos, long epoch) {
    this.symbol = first.symbol();
    this.epoch = epoch;
    this.firstArrivalNanos = arrivalNanos;
    this.first = first;
    this.low = first;
    this.high = first;
    this.last = first;
    this.count = 1;
  }

  String symbol() {
    return symbol;
  }

  long epoch() {
    return epoch;
  }

  /**
   * Adds a tick of this batch's symbol; false (and nothing changed) once the lane has taken the
   * batch. A batch holds at most {@link Integer#MAX_VALUE} ticks; past that it refuses too.
   */
  synchronized boolean fold(Tick tick) {
    if (taken || count == Integer.MAX_VALUE) {
      return false;
    }
    if (!tick.symbol().equals(symbol)) {
      throw new IllegalArgumentException(tick.symbol() + " folded into a batch of " + symbol);
    }
    if (tick.last().compareTo(low.last()) < 0) {
      low = tick;
      lowSeq = count;
    }
    if (tick.last().compareTo(high.last()) > 0) {
      high = tick;
      highSeq = count;
    }
    last = tick;
    count++;
    return true;
  }

  /** What the lane takes: the ticks to evaluate, in order, and how many arrived. */
  record Taken(List<Tick> path, int count, long firstArrivalNanos) {
    /** Ticks that were folded away: arrived but not evaluated on their own. */
    int coalesced() {
      return count - path.size();
    }
  }

  /** Closes the batch (later ticks start a new one) and returns its path. */
  synchronized Taken take() {
    taken = true;
    return new Taken(path(), count, firstArrivalNanos);
  }

  /**
   * The ticks to evaluate for this batch, in arrival order: the first, the first at the lowest and
   * the first at the highest price in the order they came, and the last; each tick once. One tick
   * is itself; two ticks are both.
   */
  synchronized List<Tick> path() {
    List<Tick> path = new ArrayList<>(4);
    path.add(first);
    int[] seqs = lowSeq <= highSeq ? new int[] {lowSeq, highSeq} : new int[] {highSeq, lowSeq};
    Tick[] ticks = lowSeq <= highSeq ? new Tick[] {low, high} : new Tick[] {high, low};
    int previous = 0;
    for (int i = 0; i < 2; i++) {
      if (seqs[i] > previous) {
        path.add(ticks[i]);
        previous = seqs[i];
      }
    }
    if (count - 1 > previous) {
      path.add(last);
    }
    return path;
  }
}
