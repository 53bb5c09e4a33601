package com.tradeplan.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens an input file as strict UTF-8 text, gunzipping it on the way when it starts with the gzip
 * magic bytes (whatever its name), so that every reader of tick files takes {@code .csv.gz} as it
 * comes from a data vendor without a temporary copy. Malformed UTF-8 is an error, never a
 * replacement character.
 */
public final class TextInput {
  private static final int BUFFER_BYTES = 1 << 16;

  private TextInput() {}

  /**
   * The file's text.
   *
   * @throws FormatException when the file cannot be opened or is a broken gzip stream
   */
  public static Reader open(Path file) {
    InputStream in = null;
    try {
      in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
      in.mark(2);
      int first = in.read();
      int second = in.read();
      in.reset();
      if (first == 0x1f && second == 0x8b) {
        in = new BufferedInputStream(new GZIPInputStream(in, BUFFER_BYTES), BUFFER_BYTES);
      }
      return new InputStreamReader(
          in,
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT));
    } catch (IOException e) {
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // already failing with the better reason
        }
      }
      throw new FormatException(file.toString(), "cannot be read: " + e, e);
    }
  }
}
