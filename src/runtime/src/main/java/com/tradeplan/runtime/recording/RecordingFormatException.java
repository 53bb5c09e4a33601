package com.tradeplan.runtime.recording;

import java.nio.file.Path;

/**
 * A segment that cannot be read on: truncated (a crash while it was open) or corrupt. Names the
 * file, the offset in its uncompressed text and the line, so an operator can find it; a replay that
 * meets one reports an incomplete recording, never a result it cannot vouch for.
 */
public final class RecordingFormatException extends RuntimeException {
  private final Path file;
  private final long offset;

  public RecordingFormatException(Path file, long offset, long line, String problem) {
    super(file + " at byte " + offset + " (line " + line + "): " + problem);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  /** The offset in the segment's uncompressed text where reading stopped. */
  public long offset() {
    return offset;
  }
}
