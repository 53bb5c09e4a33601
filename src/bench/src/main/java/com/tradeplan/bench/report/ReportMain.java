package com.tradeplan.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Regenerates a chapter of docs/benchmarks.md from a run's folder: {@code ReportMain KIND RUN_DIR
 * DOC CHART_DIR}, KIND {@code engine} or {@code peers}. It rewrites only the text between the
 * document's {@code <!-- KIND:begin -->} and {@code <!-- KIND:end -->} lines, writes the charts as
 * {@code CHART_DIR/KIND-NAME.svg} and copies the run's result files to {@code CHART_DIR/KIND-run/},
 * so that the committed numbers and the files they came from stay together. JMH's {@code jmh.json}
 * is copied without its raw samples (a megabyte per run, which the reports never read): {@link
 * RunResults#summary} keeps each benchmark's name, mode, parameters, score, percentiles and sample
 * count, from which the chapter regenerates identically. Each file is written to a temporary file
 * and moved into place.
 */
public final class ReportMain {
  private ReportMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4 || !java.util.List.of("engine", "peers", "simulation").contains(args[0])) {
      System.err.println("usage: ReportMain engine|peers|simulation RUN_DIR DOC CHART_DIR");
      System.exit(2);
    }
    String kind = args[0];
    Path runDir = Path.of(args[1]);
    Path doc = Path.of(args[2]);
    Path charts = Path.of(args[3]);
    RunResults run = RunResults.read(runDir);
    String generated;
    if (kind.equals("peers")) {
      PeersReport report = new PeersReport(run);
      Path rel = doc.toAbsolutePath().getParent().relativize(charts.toAbsolutePath());
      generated = report.markdown(name -> rel.resolve(kind + "-" + name + ".svg").toString());
      for (Map.Entry<String, String> c : report.charts().entrySet()) {
        write(charts.resolve(kind + "-" + c.getKey() + ".svg"), c.getValue());
      }
    } else if (kind.equals("simulation")) {
      generated = new SimulationReport(run).markdown();
    } else {
      generated = new EngineReport(run).markdown();
    }
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    write(doc, DocSection.replace(text, kind, generated));
    Path copy = charts.resolve(kind + "-run");
    Files.createDirectories(copy);
    write(copy.resolve("jmh.json"), RunResults.summary(runDir));
    for (String f : new String[] {"trials.jsonl", "heap.jsonl", "machine.json"}) {
      if (Files.exists(runDir.resolve(f))) {
        Files.copy(runDir.resolve(f), copy.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.println("tradeplan: " + doc + " (" + kind + ") regenerated from " + runDir);
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".report", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
