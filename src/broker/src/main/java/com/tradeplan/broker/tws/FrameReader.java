package com.tradeplan.broker.tws;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Reads framed messages ({@link Frames}) from a socket whose reads time out, without ever losing a
 * byte to a timeout: everything read so far (a partial length, a partial body) is kept in this
 * object, and the next {@link #next} call goes on from there. That is what lets the reader thread
 * wake up regularly to check the link ({@link EClientSocket}) in the middle of a frame.
 *
 * <p>Bounded: it buffers at most {@value #BUFFER_BYTES} bytes ahead, plus the body of the frame
 * being read ({@link Frames#MAX_FRAME_BYTES} at most). Not thread-safe: one reader thread only.
 */
final class FrameReader {
  static final int BUFFER_BYTES = 64 * 1024;

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position;
  private int limit;
  private final byte[] header = new byte[4];
  private int headerRead;
  private byte[] body;
  private int bodyRead;

  FrameReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next frame's body; null on a clean end of stream between frames.
   *
   * @throws SocketTimeoutException nothing more arrived in time; what was read is kept
   * @throws MalformedFrameException the length is impossible (the stream cannot be resynced)
   * @throws EOFException the stream ended inside a frame
   */
  byte[] next() throws IOException {
    while (headerRead < header.length) {
      if (!fill()) {
        if (headerRead == 0) {
          return null;
        }
        throw new EOFException("stream ended inside a frame's length");
      }
      int n = Math.min(header.length - headerRead, limit - position);
      System.arraycopy(buffer, position, header, headerRead, n);
      position += n;
      headerRead += n;
    }
    if (body == null) {
      int length =
          ((header[0] & 0xFF) << 24)
              | ((header[1] & 0xFF) << 16)
              | ((header[2] & 0xFF) << 8)
              | (header[3] & 0xFF);
      if (length <= 0 || length > Frames.MAX_FRAME_BYTES) {
        throw new MalformedFrameException("frame length out of range: " + length);
      }
      body = new byte[length];
      bodyRead = 0;
    }
    while (bodyRead < body.length) {
      if (!fill()) {
        throw new EOFException(
            "stream ended inside a frame (" + bodyRead + " of " + body.length + " bytes)");
      }
      int n = Math.min(body.length - bodyRead, limit - position);
      System.arraycopy(buffer, position, body, bodyRead, n);
      position += n;
      bodyRead += n;
    }
    byte[] done = body;
    body = null;
    headerRead = 0;
    return done;
  }

  /** Makes at least one unread byte available; false at the end of the stream. */
  private boolean fill() throws IOException {
    while (position >= limit) {
      // A timeout throws here with nothing consumed: position and limit stay as they were.
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        return false;
      }
      position = 0;
      limit = n;
    }
    return true;
  }
}
