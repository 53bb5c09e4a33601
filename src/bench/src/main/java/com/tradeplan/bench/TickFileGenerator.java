package com.tradeplan.bench;

import com.tradeplan.formats.AtomicFiles;
import com.tradeplan.formats.TicksCsvWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@link SimulationWorkload}'s tick tape of ROWS rows as TICKS.csv (gzip when the name ends
 * in {@code .gz}) and its plans as PLANS.json, for the large-file run of docs/benchmarks.md: {@code
 * java -cp ... com.tradeplan.bench.TickFileGenerator DIR ROWS PLANS [--gzip]}.
 */
public final class TickFileGenerator {
  private TickFileGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: TickFileGenerator DIR ROWS PLANS [--gzip]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    long rows = Long.parseLong(args[1]);
    SimulationWorkload w = new SimulationWorkload(Integer.parseInt(args[2]), 20_261_205L);
    boolean gzip = args.length > 3 && args[3].equals("--gzip");
    Path ticks = dir.resolve(gzip ? "TICKS.csv.gz" : "TICKS.csv");
    Iterator<com.tradeplan.formats.IndexedTick> tape = w.ticks(rows);
    if (gzip) {
      try (Writer out =
          new OutputStreamWriter(
              new GZIPOutputStream(Files.newOutputStream(ticks), 1 << 16),
              StandardCharsets.UTF_8)) {
        write(out, tape);
      }
    } else {
      AtomicFiles.write(ticks, out -> write(out, tape));
    }
    Files.writeString(dir.resolve("PLANS.json"), w.json());
    System.out.printf(
        "%s: %,d ticks, %s: %d plans%n", ticks, rows, dir.resolve("PLANS.json"), w.plans());
  }

  private static void write(Writer out, Iterator<com.tradeplan.formats.IndexedTick> tape)
      throws IOException {
    TicksCsvWriter csv = new TicksCsvWriter(new java.io.BufferedWriter(out, 1 << 16));
    while (tape.hasNext()) {
      csv.write(tape.next().tick());
    }
    csv.flush();
    out.flush();
  }
}
