package com.tradeplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vendors' tick layouts through the simulator: read directly ({@code --ticks-format}) and through
 * {@code simulate import}, both giving the worked example's result byte for byte.
 */
class ImportCliTest {
  private static final Path EXAMPLE = Path.of("src/test/resources/worked-example");
  private static final String RULES = "../../rules";

  @TempDir Path dir;

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return SimulatorCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  /**
   * The worked example's ticks as a vendor writes them: renamed, reordered, quoted, epoch ms, gzip.
   */
  private Path vendorTicks(String badRow) throws IOException {
    List<String> lines = Files.readAllLines(EXAMPLE.resolve("ticks.csv"));
    StringBuilder text = new StringBuilder("\"Price\",Venue,Ticker,EpochMs\n");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      text.append(f[2])
          .append(",\"XNAS, main\",")
          .append(f[1])
          .append(',')
          .append(Instant.parse(f[0]).toEpochMilli())
          .append('\n');
    }
    if (badRow != null) {
      text.append(badRow).append('\n');
    }
    Path file = dir.resolve("vendor.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private String simulate(Path ticks, String... layout) throws IOException {
    Path result = dir.resolve("result-" + System.nanoTime() + ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--plans", EXAMPLE.resolve("plans.json").toString(),
                "--ticks", ticks.toString(),
                "--out", result.toString(),
                "--rules", RULES));
    args.addAll(List.of(layout));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(new ByteArrayOutputStream(), err, args.toArray(String[]::new)))
        .as(err.toString())
        .isZero();
    return Files.readString(result);
  }

  @Test
  void aVendorFileGivesTheWorkedExampleReadDirectlyOrImportedFirst() throws IOException {
    Path vendor = vendorTicks(null);
    String expected = Files.readString(EXAMPLE.resolve("expected-result.json"));
    assertThat(simulate(vendor, "--ticks-format", "trades", "--columns", "time=EpochMs,last=Price"))
        .isEqualTo(expected);

    Path imported = dir.resolve("TICKS.csv");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        run(
            out,
            err,
            "import",
            "--ticks",
            vendor.toString(),
            "--out",
            imported.toString(),
            "--ticks-format",
            "trades",
            "--columns",
            "time=EpochMs,last=Price");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("simulate import: 13 ticks -> " + imported);
    assertThat(Files.readAllLines(imported))
        .startsWith("time,symbol,last,bid,ask,volume", "2026-03-02T14:30:00Z,AAPL,100.95,,,");
    assertThat(simulate(imported)).isEqualTo(expected);
  }

  @Test
  void aBadRowFailsTheImportWithItsLineAndLeavesNoFileBehind() throws IOException {
    Path vendor = vendorTicks("abc,X,AAPL,1772461813000");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path imported = dir.resolve("TICKS.csv");
    int code =
        run(
            new ByteArrayOutputStream(),
            err,
            "import",
            "--ticks",
            vendor.toString(),
            "--out",
            imported.toString(),
            "--ticks-format",
            "trades",
            "--columns",
            "time=EpochMs,last=Price");
    assertThat(code).isEqualTo(SimulatorCli.BAD_INPUT);
    assertThat(err.toString())
        .contains(
            vendor
                + " line 15 field Price: as last: must be a plain decimal such as 101.25, found \"abc\"");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vendor.csv.gz");
    }
  }

  @Test
  void barsRunDirectlyAndImportedAlike() throws IOException {
    Path bars = dir.resolve("bars.csv");
    Files.writeString(
        bars,
        "Date,Open,High,Low,Close,Volume\n"
            + "2026-03-02 09:30:00,100.95,101.20,100.90,101.10,500\n"
            + "2026-03-02 09:31:00,101.10,103.30,101.00,103.20,900\n"
            + "2026-03-02 09:32:00,103.20,105.00,98.50,99.00,700\n");
    String[] layout = {
      "--ticks-format", "bars", "--symbol", "AAPL", "--time-zone", "America/New_York"
    };
    String direct = simulate(bars, layout);
    assertThat(direct).contains("\"type\":\"FILL\",\"role\":\"ENTRY\"");
    Path imported = dir.resolve("TICKS.csv");
    List<String> args =
        new ArrayList<>(
            List.of("import", "--ticks", bars.toString(), "--out", imported.toString()));
    args.addAll(List.of(layout));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(out, new ByteArrayOutputStream(), args.toArray(String[]::new))).isZero();
    assertThat(Files.readAllLines(imported))
        .containsExactly(
            "time,symbol,last,bid,ask,volume",
            "2026-03-02T14:30:00Z,AAPL,100.95,,,",
            "2026-03-02T14:30:15Z,AAPL,100.90,,,",
            "2026-03-02T14:30:30Z,AAPL,101.20,,,",
            "2026-03-02T14:30:45Z,AAPL,101.10,,,500",
            "2026-03-02T14:31:00Z,AAPL,101.10,,,",
            "2026-03-02T14:31:15Z,AAPL,101.00,,,",
            "2026-03-02T14:31:30Z,AAPL,103.30,,,",
            "2026-03-02T14:31:45Z,AAPL,103.20,,,900",
            "2026-03-02T14:32:00Z,AAPL,103.20,,,",
            "2026-03-02T14:32:15Z,AAPL,105.00,,,",
            "2026-03-02T14:32:30Z,AAPL,98.50,,,",
            "2026-03-02T14:32:45Z,AAPL,99.00,,,700");
    assertThat(simulate(imported)).isEqualTo(direct);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "import --ticks x --out y --ticks-format ohlc"
            + "|simulate import: --ticks-format must be ticks, trades or bars: ohlc",
        "--plans p --ticks t --out o --symbol AAPL"
            + "|--columns, --symbol and --time-zone are for --ticks-format trades or bars",
        "import --ticks x --out y --time-zone Mars/Base"
            + "|--time-zone must be a zone such as America/New_York: Mars/Base",
        "import --ticks x --out y --bar-seconds 0"
            + "|--bar-seconds must be an integer from 1 to 9999999: 0",
        "import --ticks x --out y --columns price=P" + "|--columns: unknown field \"price\"",
      })
  void layoutFlagsAreCheckedAndNamed(String args, String message) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(new ByteArrayOutputStream(), err, args.split(" ")))
        .isEqualTo(SimulatorCli.USAGE);
    assertThat(err.toString()).contains(message);
  }
}
