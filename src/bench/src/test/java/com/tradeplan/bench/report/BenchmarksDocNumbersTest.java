package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's "one command reproduces every number in docs/benchmarks.md", kept true: outside the
 * generated sections (between {@code <!-- KIND:begin} and {@code <!-- KIND:end -->}, which {@code
 * ./tradeplan bench KIND} rewrites) no line may quote a measured figure, i.e. a number followed by
 * a unit of time, rate, size or a ratio (µs, ms, s, ns, KB, MB, GB, bytes, things per second, x,
 * %). Hand measurements belong in docs/benchmarks-log.md, dated, with the command that made them.
 * The targets and the settings quoted in prose are allowed by {@link #ALLOWED}, phrase by
 * phrase; a command in a code span (it starts with {@code ./}, {@code java}, {@code cd} or {@code
 * -}) is a setting, not a figure.
 */
class BenchmarksDocNumbersTest {
  /** docs/ seen from the module's directory, where Maven runs its tests. */
  private static final Path DOC = Path.of("..", "..", "docs", "benchmarks.md");

  /** A number and a unit of time, rate, size or ratio, not part of a longer word. */
  static final Pattern FIGURE =
      Pattern.compile(
          "(?<![\\w.])\\d[\\d,]*(?:\\.\\d+)?\\s?"
              + "(?:µs|us|ms|ns|s|KB|MB|GB|KiB|MiB|GiB|bytes|[a-z]+/s|x|%)(?![\\w/])");

  /**
   * The targets and the settings quoted in prose: the only figures allowed outside the
   * generated sections. Each is an exact phrase, so that a measured figure next to one is still
   * found.
   */
  static final List<String> ALLOWED =
      List.of(
          // issue 16's targets and what it quotes of Esper
          "under 1 µs",
          "under 100 µs",
          "under 5 KB",
          "within 2x",
          "500k events/s",
          "< 10 µs",
          // issue 14's and the cluster's targets, issue 3's engine targets
          "under 1 s",
          "under 3 s",
          "under 20 µs",
          "well under 5 µs",
          "at least 100,000 ticks/s",
          // settings quoted in prose: the machine, JMH's iterations and the peers' warm-up, ZGC's
          // pages, IB's pacing in the path run and the tests, the API run's phases and deadlines
          "24 GiB",
          "1 s iterations",
          "3 s iterations",
          "10 s of the thread's CPU time",
          "2 MB pages",
          "45 messages/s",
          "500/s",
          "within 10 s",
          "15 s at rest then 20 s of load",
          "20 s at rest and 60 s of load",
          "15 or 20 s",
          "20 or 60 s",
          "10/s",
          // the workloads' settings: tick spacing, the risk workload's stagger, ZGC's page size
          "10 ms apart",
          "50 ms apart",
          "2 ms apart",
          "1 ms stagger",
          "2 MiB pages");

  @Test
  void noMeasuredFigureOutsideTheGeneratedSections() throws Exception {
    List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);

    assertThat(flagged(lines)).as("measured figures outside the generated sections").isEmpty();
  }

  @Test
  void aHandFigureIsFoundAndATargetIsNot() {
    List<String> doc =
        List.of(
            "## A chapter",
            "The quiet tick's p50 is under 1 µs at 1M plans (the target).",
            "Measured by hand: p50 0.8 µs, 12,000 ticks/s, 4.5 KB a plan, 1.3x, 20% more.",
            "Run it: `./tradeplan bench engine -w 2s`.",
            "<!-- engine:begin (generated) -->",
            "| 1k | 0.81 µs |",
            "<!-- engine:end -->",
            "3 seeds, 200 plans, 2 cores.");

    assertThat(flagged(doc))
        .containsExactly(
            "line 3: 0.8 µs, 12,000 ticks/s, 4.5 KB, 1.3x, 20% in: Measured by hand: p50 0.8 µs,"
                + " 12,000 ticks/s, 4.5 KB a plan, 1.3x, 20% more.");
  }

  /** Each line quoting a measured figure outside the generated sections, numbered from 1. */
  static List<String> flagged(List<String> lines) {
    List<String> out = new ArrayList<>();
    String generated = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher begin = Pattern.compile("^<!-- (\\w+):begin").matcher(line);
      if (generated == null && begin.find()) {
        generated = begin.group(1);
        continue;
      }
      if (generated != null) {
        if (line.startsWith("<!-- " + generated + ":end -->")) {
          generated = null;
        }
        continue;
      }
      String text = line.replaceAll("`(?:\\./|java |cd |-)[^`]*`", "``");
      for (String allowed : ALLOWED) {
        text = text.replaceAll("(?<![\\w.,])" + Pattern.quote(allowed) + "(?![\\w/])", "");
      }
      List<String> figures = new ArrayList<>();
      Matcher m = FIGURE.matcher(text);
      while (m.find()) {
        figures.add(m.group());
      }
      if (!figures.isEmpty()) {
        out.add("line " + (i + 1) + ": " + String.join(", ", figures) + " in: " + line);
      }
    }
    return out;
  }
}
