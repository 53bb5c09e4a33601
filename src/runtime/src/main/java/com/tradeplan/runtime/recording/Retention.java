package com.tradeplan.runtime.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The recording's bound: segments opened before {@code now - retention} are deleted, then the
 * oldest segments until the rest fit in {@code maxBytes}. A segment still being written is never
 * deleted. What was deleted is returned, for the writer's metric and alert: a replay of a time
 * whose segments are gone says so ("the recording starts at ...").
 */
final class Retention {
  private Retention() {}

  /** The segments deleted. A file that cannot be deleted is skipped and tried again next time. */
  static List<Segments.Segment> apply(
      Path dir, Instant now, Duration retention, long maxBytes, Set<Path> open) {
    List<Segments.Segment> all = Segments.list(dir);
    long total = 0;
    for (Segments.Segment s : all) {
      total += s.bytes();
    }
    Instant oldestKept = now.minus(retention);
    List<Segments.Segment> dropped = new ArrayList<>();
    for (Segments.Segment s : all) {
      boolean tooOld = s.opened().isBefore(oldestKept);
      if ((!tooOld && total <= maxBytes) || open.contains(s.file())) {
        continue;
      }
      try {
        Files.deleteIfExists(s.file());
        total -= s.bytes();
        dropped.add(s);
      } catch (IOException e) {
        // kept for the next round; the writer's alert names the failure by the bytes left
      }
    }
    return dropped;
  }
}
