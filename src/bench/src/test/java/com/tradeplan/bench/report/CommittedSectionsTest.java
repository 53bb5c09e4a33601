package com.tradeplan.bench.report;

import static com.tradeplan.bench.report.ReportFixtures.DOCS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated chapter of docs/benchmarks.md, and its charts, is exactly what its committed
 * results folder ({@code docs/benchmarks/KIND-run/}) generates through {@link ReportMain}, the path
 * the command takes: no number in a generated section is edited by hand or left from an older run.
 * Together with {@code BenchmarksDocNumbersTest} (no measured figure outside the generated
 * sections) this is what "one command reproduces every number" rests on.
 */
class CommittedSectionsTest {
  static Stream<String> kinds() {
    return ReportMain.KINDS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theCommittedSectionAndChartsAreGeneratedFromTheCommittedResults(String kind)
      throws Exception {
    Path run = DOCS.resolve("benchmarks/" + kind + "-run");
    assertThat(run).as("every kind has its committed results folder").isDirectory();
    String doc = Files.readString(DOCS.resolve("benchmarks.md"), StandardCharsets.UTF_8);
    assertThat(doc).contains("<!-- " + kind + ":begin");

    ReportMain.Generated g =
        ReportMain.generate(kind, run, name -> "benchmarks/" + kind + "-" + name + ".svg");

    assertThat(DocSection.replace(doc, kind, g.markdown())).isEqualTo(doc);
    for (Map.Entry<String, String> chart : g.charts().entrySet()) {
      Path file = DOCS.resolve("benchmarks/" + kind + "-" + chart.getKey() + ".svg");
      assertThat(Files.readString(file, StandardCharsets.UTF_8))
          .as(file.toString())
          .isEqualTo(chart.getValue());
    }
  }

  @Test
  void aKindWithoutAReportIsRefusedByName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ReportMain.generate("nosuch", DOCS.resolve("benchmarks/engine-run"), n -> n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no report for the kind nosuch");
  }
}
