package com.tradeplan.runtime.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The recording's files: one folder per lane ({@code lane-0}, ...), in it gzip segments named by
 * the millisecond they were opened and a counter ({@code 1733385600000-000001.jsonl.gz}), so name
 * order is time order. A segment's first line is its header (lane, lane count, format); every other
 * line one entry ({@link RecordingCodec}).
 */
final class Segments {
  static final String SUFFIX = ".jsonl.gz";
  private static final Pattern NAME = Pattern.compile("(\\d{13})-(\\d{6})\\.jsonl\\.gz");
  private static final Pattern LANE = Pattern.compile("lane-(\\d{1,4})");

  /** One segment on disk. */
  record Segment(Path file, int lane, Instant opened, long bytes) {}

  private Segments() {}

  static Path file(Path dir, int lane, Instant opened, long counter) {
    return dir.resolve("lane-" + lane)
        .resolve(String.format("%013d-%06d%s", opened.toEpochMilli(), counter % 1_000_000, SUFFIX));
  }

  /** Every segment under {@code dir}, oldest first (by the time it was opened, then lane). */
  static List<Segment> list(Path dir) {
    List<Segment> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> lanes = Files.list(dir)) {
      for (Path laneDir : lanes.sorted().toList()) {
        Matcher lm = LANE.matcher(laneDir.getFileName().toString());
        if (!lm.matches() || !Files.isDirectory(laneDir)) {
          continue;
        }
        int lane = Integer.parseInt(lm.group(1));
        try (Stream<Path> files = Files.list(laneDir)) {
          for (Path f : files.sorted().toList()) {
            Matcher m = NAME.matcher(f.getFileName().toString());
            if (m.matches()) {
              long bytes = Files.size(f);
              out.add(
                  new Segment(f, lane, Instant.ofEpochMilli(Long.parseLong(m.group(1))), bytes));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing the recording " + dir, e);
    }
    out.sort(
        Comparator.comparing(Segment::opened)
            .thenComparing(Segment::lane)
            .thenComparing(s -> s.file().getFileName().toString()));
    return out;
  }
}
