package com.tradeplan.formats;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a whole file or nothing: a reader never sees a partial RESULT.json, nor a partial report
 * or comparison (the simulator writes those through here too).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes text to a file's temporary sibling; what it throws fails the whole write. */
  @FunctionalInterface
  public interface Body {
    void writeTo(Writer out) throws IOException;
  }

  public static void write(Path file, String text) {
    write(file, out -> out.write(text));
  }

  /**
   * Streams {@code body} into a temporary file beside {@code file} and moves it into place only
   * when the body returned: a body that throws (a {@link FormatException} of its input, say) leaves
   * no file and no temporary behind.
   */
  public static void write(Path file, Body body) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        body.writeTo(out);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new FormatException(file.toString(), "cannot be written: " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write already failed and says so; a stray temp file is the lesser problem
        }
      }
    }
  }
}
