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
  static final List<String> KINDS =
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
    Path rel = doc.toAbsolutePath().getParent().relativize(charts.toAbsolutePath());
    Generated g =
        generate(kind, runDir, name -> rel.resolve(kind + "-" + name + ".svg").toString());
    String generated = g.markdown();
    Map<String, String> svgs = g.charts();
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

  /** A chapter's generated text and its charts (name to SVG). */
  record Generated(String markdown, Map<String, String> charts) {}

  /**
   * What {@code kind}'s report makes of the run in {@code runDir}; {@code link} names a chart's
   * file as the document links it. The one place a kind is mapped to its report: the command and
   * the test of every committed chapter ({@code CommittedSectionsTest}) both come through here.
   */
  static Generated generate(String kind, Path runDir, Function<String, String> link)
      throws IOException {
    RunResults run = RunResults.read(runDir);
    switch (kind) {
      case "peers" -> {
        PeersReport report = new PeersReport(run);
        return new Generated(report.markdown(link), report.charts());
      }
      case "path" -> {
        PathReport report =
            new PathReport(JSON.readTree(runDir.resolve("path.json").toFile()), run);
        return new Generated(report.markdown(link), report.charts());
      }
      case "api" -> {
        ApiReport report = new ApiReport(JSON.readTree(runDir.resolve("api.json").toFile()), run);
        return new Generated(report.markdown(link), report.charts());
      }
      case "killswitch" -> {
        // the measuring tests' JSON lines (com.tradeplan.testkit.BenchRecord)
        return new Generated(
            new KillSwitchReport(RunResults.jsonLines(runDir.resolve("killswitch.jsonl")), run)
                .markdown(),
            Map.of());
      }
      case "cluster" -> {
        return new Generated(
            new ClusterReport(RunResults.jsonLines(runDir.resolve("cluster.jsonl")), run)
                .markdown(),
            Map.of());
      }
      case "simulation" -> {
        return new Generated(new SimulationReport(run).markdown(), Map.of());
      }
      case "storms" -> {
        return new Generated(new StormsReport(run).markdown(), Map.of());
      }
      case "risk" -> {
        return new Generated(new RiskReport(run).markdown(), Map.of());
      }
      case "rulesets" -> {
        return new Generated(new RulesetsReport(run).markdown(), Map.of());
      }
      case "lanes" -> {
        return new Generated(new LanesReport(run).markdown(), Map.of());
      }
      case "engine" -> {
        return new Generated(new EngineReport(run).markdown(), Map.of());
      }
      default -> throw new IllegalArgumentException("no report for the kind " + kind);
    }
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
