package com.tradeplan.formats.imports;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Fails the read when a line runs past a limit, so that a file without line breaks (or a quote
 * never closed) is refused after {@code maxChars} characters instead of being held in memory whole
 * by the CSV parser.
 */
final class BoundedLineReader extends FilterReader {
  private final int maxChars;
  private int sinceNewline;

  BoundedLineReader(Reader in, int maxChars) {
    super(in);
    this.maxChars = maxChars;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      count((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = offset; i < offset + n; i++) {
      count(buffer[i]);
    }
    return n;
  }

  private void count(char c) throws IOException {
    if (c == '\n') {
      sinceNewline = 0;
    } else if (++sinceNewline > maxChars) {
      throw new IOException("a line (or a quoted field) longer than " + maxChars + " characters");
    }
  }
}
