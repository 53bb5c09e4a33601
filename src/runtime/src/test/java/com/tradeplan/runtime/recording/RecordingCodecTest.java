package com.tradeplan.runtime.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tradeplan.engine.recording.LaneInput;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The codec of one recording line: seeded random round trips of every kind, the lines recordings
 * already hold, and the refusal of a line of an unknown kind.
 */
class RecordingCodecTest {

  @Test
  void seededRandomEntriesOfEveryKindRoundTripExactly() {
    long seed = 26L;
    RandomEntries entries = new RandomEntries(new Random(seed));
    Set<Class<?>> kinds = new HashSet<>();
    for (int i = 0; i < 3_000; i++) {
      LaneInput in = entries.entry(i);
      String line = RecordingCodec.encode(in);
      assertFalse(line.contains("\n"), "one line: " + line);
      assertEquals(
          in, RecordingCodec.decode(line), "entry " + i + " of seed " + seed + ": " + line);
      kinds.add(in.getClass());
    }
    assertEquals(LaneInput.class.getPermittedSubclasses().length, kinds.size(), "every kind");
  }

  /**
   * The lines of every kind as recordings made before the codec's kinds were declared in one table
   * hold them ({@code recording/every-kind.jsonl}): written byte for byte the same, read back as
   * the same entries.
   */
  @Test
  void everyKindIsWrittenAsTheLinesRecordingsAlreadyHold() throws Exception {
    List<String> held;
    try (InputStream in =
        RecordingCodecTest.class.getResourceAsStream("/recording/every-kind.jsonl")) {
      assertNotNull(in, "recording/every-kind.jsonl on the test classpath");
      held = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    List<LaneInput> everyKind = RecordingFormatTest.everyKind();
    assertEquals(everyKind.size(), held.size());
    for (int i = 0; i < everyKind.size(); i++) {
      assertEquals(held.get(i), RecordingCodec.encode(everyKind.get(i)), "line " + (i + 1));
      assertEquals(everyKind.get(i), RecordingCodec.decode(held.get(i)), "line " + (i + 1));
    }
  }

  @Test
  void aLineOfAnUnknownKindIsRefusedByItsName() {
    assertEquals(
        "unknown kind of entry started2",
        refusalOf("{\"k\":\"started2\",\"time\":\"2026-12-04T14:30:00Z\"}"));
    assertEquals(
        "unknown report type trade",
        refusalOf(
            "{\"k\":\"reports\",\"time\":\"2026-12-04T14:30:00Z\","
                + "\"reports\":[{\"type\":\"trade\",\"ref\":\"p1:ENTRY:0:1\"}]}"));
    assertEquals(
        "unknown change of exits Teleport",
        refusalOf(
            "{\"k\":\"command\",\"owner\":\"alice\",\"time\":\"2026-12-04T14:30:00Z\","
                + "\"plan\":\"p1\",\"type\":\"CHANGE_EXITS\",\"change\":{\"kind\":\"Teleport\"}}"));
  }

  @Test
  void aLineWithoutItsKindNamesTheMissingKey() {
    assertEquals("missing field k", refusalOf("{\"time\":\"2026-12-04T14:30:00Z\"}"));
  }

  /** Why the codec refuses {@code line}: the message of its IllegalArgumentException. */
  private static String refusalOf(String line) {
    return assertThrows(IllegalArgumentException.class, () -> RecordingCodec.decode(line))
        .getMessage();
  }
}
