package com.tradeplan.formats;

import com.tradeplan.domain.market.Tick;
import java.util.Objects;

/**
 * A tick of TICKS.csv with its {@code index}: the 0-based data line over the whole file, all
 * symbols (RESULT.json's {@code tick}), and its 1-based {@code line} in the file.
 */
public record IndexedTick(long index, long line, Tick tick) {
  public IndexedTick {
    Objects.requireNonNull(tick, "tick");
    if (index < 0 || line < 2) {
      throw new IllegalArgumentException("index must be >= 0 and line >= 2: " + index + "/" + line);
    }
  }
}
