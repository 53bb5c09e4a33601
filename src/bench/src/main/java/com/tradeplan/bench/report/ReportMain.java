package com.tradeplan.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Regenerates a chapter of docs/benchmarks.md from a run's folder: {@code ReportMain KIND RUN_DIR
 * DOC CHART_DIR}, KIND {@code engine}, {@code peers}, {@code simulation}, {@code storms}, {@code
 * risk}, {@code rulesets} (JMH's {@code jmh.json}, with the mains' records in {@code
 * trials.jsonl}), the load runs {@code path} ({@code path.json}), {@code api} ({@code api.json})
 * and {@code lanes} ({@code trials.jsonl}), or the measuring tests' {@code killswitch} and {@code
 * cluster} ({@code KIND.jsonl}). It rewrites only the text between the document's {@code <!--
 * KIND:begin -->} and {@code <!-- KIND:end -->} lines, writes the charts as {@code
 * CHART_DIR/KIND-NAME.svg} and copies the run's result files to {@code CHART_DIR/KIND-run/}, so
 * that the committed numbers and the files they came from stay together. JMH's {@code jmh.json} is
 * copied without its raw samples (a megabyte per run, which the reports never read): {@link
 * RunResults#summary} keeps each benchmark's name, mode, parameters, score, percentiles and sample
 * count, from which the chapter regenerates identically. Each file is written to a temporary file
 * and moved into place.
 */
public final class ReportMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS =
      List.of(
          "engine",
          "peers",
          "simulation",
          "path",
          "api",
          "storms",
          "risk",
          "rulesets",
          "lanes",
          "killswitch",
          "cluster");

  private ReportMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4 || !KINDS.contains(args[0])) {
      System.err.println("usage: ReportMain " + String.join("|", KINDS) + " RUN_DIR DOC CHART_DIR");
      System.exit(2);
    }
    String kind = args[0];
    Path runDir = Path.of(args[1]);
    Path doc = Path.of(args[2]);
    Path charts = Path.of(args[3]);
    RunResults run = RunResults.read(runDir);
    String generated;
    Path rel = doc.toAbsolutePath().getParent().relativize(charts.toAbsolutePath());
    Function<String, String> link = name -> rel.resolve(kind + "-" + name + ".svg").toString();
    Map<String, String> svgs = Map.of();
    if (kind.equals("peers")) {
      PeersReport report = new PeersReport(run);
      generated = report.markdown(link);
      svgs = report.charts();
    } else if (kind.equals("path")) {
      PathReport report = new PathReport(JSON.readTree(runDir.resolve("path.json").toFile()), run);
      generated = report.markdown(link);
      svgs = report.charts();
    } else if (kind.equals("api")) {
      ApiReport report = new ApiReport(JSON.readTree(runDir.resolve("api.json").toFile()), run);
      generated = report.markdown(link);
      svgs = report.charts();
    } else if (kind.equals("killswitch") || kind.equals("cluster")) {
      // the measuring tests' JSON lines (com.tradeplan.testkit.BenchRecord)
      List<com.fasterxml.jackson.databind.JsonNode> lines =
          RunResults.jsonLines(runDir.resolve(kind + ".jsonl"));
      generated =
          kind.equals("cluster")
              ? new ClusterReport(lines, run).markdown()
              : new KillSwitchReport(lines, run).markdown();
    } else if (kind.equals("simulation")) {
      generated = new SimulationReport(run).markdown();
    } else if (kind.equals("storms")) {
      generated = new StormsReport(run).markdown();
    } else if (kind.equals("risk")) {
      generated = new RiskReport(run).markdown();
    } else if (kind.equals("rulesets")) {
      generated = new RulesetsReport(run).markdown();
    } else if (kind.equals("lanes")) {
      generated = new LanesReport(run).markdown();
    } else {
      generated = new EngineReport(run).markdown();
    }
    for (Map.Entry<String, String> c : svgs.entrySet()) {
      write(charts.resolve(kind + "-" + c.getKey() + ".svg"), c.getValue());
    }
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    write(doc, DocSection.replace(text, kind, generated));
    Path copy = charts.resolve(kind + "-run");
    Files.createDirectories(copy);
    if (Files.exists(runDir.resolve("jmh.json"))) {
      write(copy.resolve("jmh.json"), RunResults.summary(runDir));
    }
    for (String f :
        new String[] {
          "trials.jsonl",
          "heap.jsonl",
          "machine.json",
          "path.json",
          "api.json",
          "killswitch.jsonl",
          "cluster.jsonl"
        }) {
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
