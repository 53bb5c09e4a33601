package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultsTest {
  private static String benchmark(String plans, double p50) {
    return "{\"benchmark\":\"com.tradeplan.bench.peers.PeersBenchmark.quietTick\","
        + "\"mode\":\"sample\",\"params\":{\"impl\":\"ENGINE\",\"plans\":\""
        + plans
        + "\"},\"primaryMetric\":{\"score\":1.0,\"scoreUnit\":\"us/op\","
        + "\"scorePercentiles\":{\"50.0\":"
        + p50
        + "},\"samples\":10}}";
  }

  @Test
  void theQuietTickRunOfTheSameFolderIsReadAndSummarisedWithTheMainOne(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("jmh.json"), "[" + benchmark("1000", 0.4) + "]");
    Files.writeString(dir.resolve("jmh-quiet.json"), "[" + benchmark("100000", 0.7) + "]");

    RunResults run = RunResults.read(dir);
    assertThat(run.jmh())
        .extracting(m -> m.params().get("plans") + ":" + m.percentiles().get("50.0"))
        .containsExactly("1000:0.4", "100000:0.7");

    Path copy = Files.createDirectory(dir.resolve("copy"));
    Files.writeString(copy.resolve("jmh.json"), RunResults.summary(dir));
    assertThat(RunResults.read(copy).jmh())
        .extracting(m -> m.params().get("plans"))
        .containsExactly("1000", "100000");
  }
}
