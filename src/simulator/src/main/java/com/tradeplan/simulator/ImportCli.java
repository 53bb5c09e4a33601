package com.tradeplan.simulator;

import com.tradeplan.formats.AtomicFiles;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.TickSource;
import com.tradeplan.formats.TicksCsvWriter;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code simulate import --ticks FILE --out TICKS.csv [layout flags]}: turns a vendor's trades CSV
 * or OHLC bars (gzip or not) into TICKS.csv once, so that later runs read the simulator's own
 * layout. Streams: one record in memory. Writes the whole file or nothing (a bad row at line 9
 * million leaves no partial TICKS.csv). Exit codes as {@link SimulatorCli}.
 */
final class ImportCli {
  private static final String USAGE_TEXT =
      "usage: simulate import --ticks FILE --out TICKS.csv" + SimulatorCli.LAYOUT_USAGE;

  private ImportCli() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path in = null;
    Path target = null;
    LayoutFlags layout = new LayoutFlags();
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String v = args[++i];
        switch (flag) {
          case "--ticks" -> in = Path.of(v);
          case "--out" -> target = Path.of(v);
          default -> {
            if (!layout.accept(flag, v)) {
              throw new IllegalArgumentException("unknown option " + flag);
            }
          }
        }
      }
      if (in == null || target == null) {
        throw new IllegalArgumentException("--ticks and --out are required");
      }
      layout.layout();
    } catch (IllegalArgumentException e) {
      err.println("simulate import: " + e.getMessage());
      err.println(USAGE_TEXT);
      return SimulatorCli.USAGE;
    }
    Path from = in;
    Path to = target;
    long[] count = {0};
    return SimulatorCli.guarded(
        err,
        () -> {
          AtomicFiles.write(
              to,
              w -> {
                TicksCsvWriter ticks = new TicksCsvWriter(w);
                try (TickSource source = layout.layout().open(from)) {
                  while (source.hasNext()) {
                    ticks.write(source.next().tick());
                    count[0]++;
                  }
                } catch (IllegalArgumentException e) {
                  throw new FormatException(from.toString(), e.getMessage());
                }
              });
          out.println("simulate import: " + count[0] + " ticks -> " + to);
        });
  }
}
