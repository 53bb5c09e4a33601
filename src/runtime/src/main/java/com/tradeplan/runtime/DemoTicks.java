package com.tradeplan.runtime;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Generates the bundled demo tick file {@code demo-ticks.csv} that the embedded paper gateway
 * replays (in a loop) when no {@code IB_HOST} is set. The data is <b>generated, not real market
 * data</b>: a seeded random walk in whole cents per symbol, one tick per symbol per second, so the
 * same seed always gives the same bytes. Regenerate with:
 *
 * <pre>
 * java -cp src/runtime/target/classes com.tradeplan.runtime.DemoTicks \
 *     src/runtime/src/main/resources/com/tradeplan/runtime/demo-ticks.csv
 * </pre>
 */
public final class DemoTicks {
  /** The seed of the bundled file. */
  public static final long SEED = 20_261_125L;

  static final String[] SYMBOLS = {"AAPL", "MSFT", "SPY"};
  static final String[] STARTS = {"190.00", "410.00", "520.00"};
  static final int SECONDS = 1_200;
  static final Instant START = Instant.parse("2026-01-05T14:30:00Z");

  private DemoTicks() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "demo-ticks.csv");
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      write(w, SEED);
    }
  }

  /** Writes the file for {@code seed}: header, then SECONDS x SYMBOLS rows in time order. */
  static void write(Writer w, long seed) throws IOException {
    Random random = new Random(seed);
    long[] cents = new long[SYMBOLS.length];
    for (int i = 0; i < SYMBOLS.length; i++) {
      cents[i] = new BigDecimal(STARTS[i]).movePointRight(2).longValueExact();
    }
    w.write("time,symbol,last\n");
    for (int t = 0; t < SECONDS; t++) {
      String time = START.plusSeconds(t).toString();
      for (int i = 0; i < SYMBOLS.length; i++) {
        // A step of -5..+5 cents, never below one dollar.
        cents[i] = Math.max(100, cents[i] + random.nextInt(11) - 5);
        w.write(
            time + "," + SYMBOLS[i] + "," + BigDecimal.valueOf(cents[i], 2).toPlainString() + "\n");
      }
    }
  }
}
