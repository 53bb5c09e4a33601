package com.tradeplan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRecordTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(BenchRecord.RESULTS);
  }

  @Test
  void withTheResultsFolderSetEachRecordIsOneJsonLineAppended() throws Exception {
    System.setProperty(BenchRecord.RESULTS, dir.toString());
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("test", "a \"quoted\"\nname");
    first.put("ms", 12L);
    first.put("ok", true);
    first.put("runs", List.of(1, 2.5));

    BenchRecord.append("x.jsonl", first);
    BenchRecord.append("x.jsonl", Map.of("ms", 3));

    assertThat(Files.readAllLines(dir.resolve("x.jsonl")))
        .containsExactly(
            "{\"test\":\"a \\\"quoted\\\"\\nname\",\"ms\":12,\"ok\":true,\"runs\":[1,2.5]}",
            "{\"ms\":3}");
  }

  @Test
  void withoutTheResultsFolderNothingIsWritten() throws Exception {
    BenchRecord.append("x.jsonl", Map.of("ms", 3));

    assertThat(BenchRecord.enabled()).isFalse();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
