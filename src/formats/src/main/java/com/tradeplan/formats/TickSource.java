package com.tradeplan.formats;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Ticks read one at a time from a file, in time order: TICKS.csv ({@link TicksCsv}) or a foreign
 * layout turned into ticks ({@code imports}). {@link #next} throws {@link FormatException} naming
 * the file, line and field when a row cannot be used; the caller closes the source.
 */
public interface TickSource extends Iterator<IndexedTick>, Closeable {
  @Override
  void close();
}
