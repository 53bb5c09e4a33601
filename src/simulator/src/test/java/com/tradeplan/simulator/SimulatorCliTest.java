package com.tradeplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulate command as analysts run it, with the deployed-style rules folder of the repo. */
class SimulatorCliTest {
  private static final Path EXAMPLE = Path.of("src/test/resources/worked-example");
  private static final String RULES = "../../rules";

  @TempDir Path dir;

  private int simulate(ByteArrayOutputStream err, String... args) {
    return SimulatorCli.run(
        args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
  }

  @Test
  void reproducesTheWorkedExampleOfTheSpecByteForByte() throws IOException {
    Path out = dir.resolve("result.json");
    int code =
        simulate(
            new ByteArrayOutputStream(),
            "--plans",
            EXAMPLE.resolve("plans.json").toString(),
            "--ticks",
            EXAMPLE.resolve("ticks.csv").toString(),
            "--out",
            out.toString(),
            "--rules",
            RULES,
            "--report",
            dir.resolve("r.html").toString());
    assertThat(code).isZero();
    assertThat(Files.readString(out))
        .isEqualTo(Files.readString(EXAMPLE.resolve("expected-result.json")));
    // the spec's excerpt, event for event
    assertThat(Files.readString(out))
        .contains(
            "{\"tick\":3,\"type\":\"ORDER\",\"role\":\"ENTRY\",\"side\":\"BUY\",\"quantity\":100},\n"
                + "     {\"tick\":3,\"type\":\"STATUS\",\"orderStatus\":\"ENTRY_SUBMITTED\","
                + "\"tradeStatus\":\"PENDING\"},\n"
                + "     {\"tick\":4,\"type\":\"FILL\",\"role\":\"ENTRY\",\"side\":\"BUY\","
                + "\"quantity\":100,\"price\":\"101.10\"},");
    assertThat(Files.readString(dir.resolve("r.html")))
        .contains("<svg")
        .contains("p1")
        .as("the equity marked to market, its high where the hand computation puts it")
        .contains("data-label=\"high 300.00 at tick 11\"")
        .contains("<td data-name=\"finalEquity\">250.00</td>");
  }

  @Test
  void aCommissionModelAndAJsonReportAreOptions() throws IOException {
    Path out = dir.resolve("result.json");
    Path json = dir.resolve("report.json");
    int code =
        simulate(
            new ByteArrayOutputStream(),
            "--plans",
            EXAMPLE.resolve("plans.json").toString(),
            "--ticks",
            EXAMPLE.resolve("ticks.csv").toString(),
            "--out",
            out.toString(),
            "--rules",
            RULES,
            "--commission",
            "ib-fixed",
            "--report-json",
            json.toString());
    assertThat(code).isZero();
    // three orders (100, 50, 50 shares) at IB fixed's $1.00 minimum each
    assertThat(Files.readString(out))
        .contains("\"realizedPnl\":\"247.00\",\"commission\":\"3.00\"");
    assertThat(Files.readString(json))
        .contains("\"commission\" : \"ib-fixed\"")
        .contains("\"maxDrawdown\" : \"51.00\"");
  }

  @Test
  void twoCommissionOptionsAreAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        simulate(
            err,
            "--plans",
            "p",
            "--ticks",
            "t",
            "--out",
            "o",
            "--commission",
            "ib-fixed",
            "--commission-per-share",
            "0.005");
    assertThat(code).isEqualTo(SimulatorCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("one of --commission");
    assertThat(simulate(err, "--plans", "p", "--ticks", "t", "--out", "o", "--commission", "ib"))
        .isEqualTo(SimulatorCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown commission model 'ib'");
  }

  @Test
  void aMalformedTickRowFailsWithItsLineAndWritesNothing() throws IOException {
    Path ticks = dir.resolve("t.csv");
    Files.writeString(
        ticks,
        "time,symbol,last\n2026-03-02T14:30:00Z,AAPL,100.95\n2026-03-02T14:30:01Z,AAPL,abc\n");
    Path out = dir.resolve("result.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        simulate(
            err,
            "--plans",
            EXAMPLE.resolve("plans.json").toString(),
            "--ticks",
            ticks.toString(),
            "--out",
            out.toString(),
            "--rules",
            RULES);
    assertThat(code).isEqualTo(SimulatorCli.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("t.csv").contains("3");
    assertThat(out).doesNotExist();
  }

  @Test
  void plansThatAreNotAJsonArrayAreRefusedWithoutOutput() throws IOException {
    Path plans = dir.resolve("p.json");
    Files.writeString(plans, "{\"id\":\"p1\"}");
    Path out = dir.resolve("result.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        simulate(
            err,
            "--plans",
            plans.toString(),
            "--ticks",
            EXAMPLE.resolve("ticks.csv").toString(),
            "--out",
            out.toString(),
            "--rules",
            RULES);
    assertThat(code).isEqualTo(SimulatorCli.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("p.json");
    assertThat(out).doesNotExist();
  }

  @Test
  void aDraftRuleFolderWithASyntaxErrorReportsFileLineAndColumn() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("broken.drl"),
        "package lifecycle;\n\nrule \"broken\"\nwhen\n  $x : ( \nthen\nend\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        simulate(
            err,
            "--plans",
            EXAMPLE.resolve("plans.json").toString(),
            "--ticks",
            EXAMPLE.resolve("ticks.csv").toString(),
            "--out",
            dir.resolve("r.json").toString(),
            "--rules",
            rules.toString());
    assertThat(code).isEqualTo(SimulatorCli.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).containsPattern("broken\\.drl:\\d+:\\d+:");
  }

  @Test
  void unknownOptionsAreAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(simulate(err, "--plans", "x", "--bogus", "1")).isEqualTo(SimulatorCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bogus");
  }

  @Test
  void compareRunsBothSidesAndNamesTheFirstDivergence() throws IOException {
    Path draft = com.tradeplan.simulator.report.RunComparisonTest.rulesWithALateTarget(dir);
    Path json = dir.resolve("comparison.json");
    Path html = dir.resolve("comparison.html");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        SimulatorCli.run(
            new String[] {
              "compare",
              "--plans",
              EXAMPLE.resolve("plans.json").toString(),
              "--ticks",
              EXAMPLE.resolve("ticks.csv").toString(),
              "--out",
              json.toString(),
              "--report",
              html.toString(),
              "--commission",
              "ib-fixed",
              "--a-rules",
              RULES,
              "--b-rules",
              draft.toString()
            },
            new PrintStream(out, true),
            new PrintStream(new ByteArrayOutputStream()));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("1 plans, 1 differ, first at tick 9 (plan p1)");
    assertThat(Files.readString(json))
        .contains("\"a\" : \"rules ../../rules, commission ib-fixed, fills whole\"")
        .contains("\"rule\" : \"A target is reached\"");
    assertThat(Files.readString(html)).contains("The runs part first at tick 9, plan p1");
  }

  @Test
  void compareWithoutOutOrWithDifferentTicksIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(simulate(err, "compare", "--plans", "p", "--ticks", "t"))
        .isEqualTo(SimulatorCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required");
    assertThat(
            simulate(
                err, "compare", "--plans", "p", "--a-ticks", "t1", "--b-ticks", "t2", "--out", "o"))
        .isEqualTo(SimulatorCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the same --plans and --ticks");
  }
}
