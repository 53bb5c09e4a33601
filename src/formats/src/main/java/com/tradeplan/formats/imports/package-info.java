/**
 * Tick files in layouts other than TICKS.csv, turned into the simulator's ticks as they are read: a
 * timestamped trades CSV with other column names, order, quoting and time formats ({@link
 * com.tradeplan.formats.imports.TradesCsv}) and OHLC bars walked through a documented,
 * deterministic path ({@link com.tradeplan.formats.imports.BarsCsv}); {@link
 * com.tradeplan.formats.imports.TickLayout} chooses one. Every reader streams (one record, or one
 * bar time's bars, in memory) and names the file, line and column of a row it cannot use. Must
 * never sort, guess a missing time zone or repair a price: a file it cannot read as it is, it
 * refuses.
 */
package com.tradeplan.formats.imports;
