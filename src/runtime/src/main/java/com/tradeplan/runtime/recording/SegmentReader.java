package com.tradeplan.runtime.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.engine.recording.LaneInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads one segment: its header, then its entries in order, handing each to a consumer until the
 * consumer says stop. A truncated or corrupt segment throws {@link RecordingFormatException} naming
 * the file, the offset in its uncompressed text and the line, after handing on every entry before
 * it; a line over {@value #LINE_MAX} characters is corrupt (never held whole).
 */
public final class SegmentReader {
  static final int LINE_MAX = 16 * 1024 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A segment's first line. */
  public record Header(int format, int lane, int lanes) {}

  private SegmentReader() {}

  /** Reads {@code file}'s header only. */
  public static Header header(Path file) {
    Header[] h = {null};
    read(file, header -> h[0] = header, entry -> false, true);
    return h[0];
  }

  /**
   * Reads {@code file}: the header to {@code onHeader}, then each entry to {@code onEntry} until it
   * returns false.
   */
  public static void read(
      Path file,
      java.util.function.Consumer<Header> onHeader,
      Predicate<LaneInput> onEntry,
      boolean headerOnly) {
    long offset = 0;
    long lineNo = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.length() > LINE_MAX) {
          throw new RecordingFormatException(file, offset, lineNo, "a line over " + LINE_MAX);
        }
        try {
          if (lineNo == 1) {
            onHeader.accept(header(line));
            if (headerOnly) {
              return;
            }
          } else if (!onEntry.test(RecordingCodec.decode(line))) {
            return;
          }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
          throw new RecordingFormatException(
              file, offset, lineNo, "corrupt entry: " + e.getMessage());
        }
        offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
      if (lineNo == 0) {
        throw new RecordingFormatException(file, 0, 0, "empty segment: no header");
      }
    } catch (IOException e) {
      throw new RecordingFormatException(
          file, offset, lineNo + 1, "truncated or unreadable segment: " + e.getMessage());
    }
  }

  private static Header header(String line) {
    JsonNode o;
    try {
      o = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a header: " + e.getMessage());
    }
    if (o == null || !"header".equals(o.path("k").asText())) {
      throw new IllegalArgumentException("the first line is not a segment header");
    }
    int format = o.path("format").asInt();
    if (format != RecordingWriter.FORMAT) {
      throw new IllegalArgumentException("segment format " + format + " is not known here");
    }
    return new Header(format, o.path("lane").asInt(), o.path("lanes").asInt());
  }
}
