package com.tradeplan.gateway;

import com.tradeplan.broker.tws.MalformedFrameException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads one client's length-prefixed messages (TWS framing, see {@code Frames}) without letting the
 * client choose how much memory the gateway spends: a message longer than the limit the caller
 * gives is refused as soon as its length is read, and the buffer of an accepted one starts small
 * and grows only with the bytes that actually arrive, so a length that is never followed by its
 * bytes costs nothing. Until {@link #clearDeadline()}, every read also ends at a deadline, however
 * slowly the bytes trickle in (the handshake). Used by the one reader thread of a connection.
 */
final class InboundFrames {
  /** The first allocation for a message body; doubled as its bytes arrive. */
  static final int FIRST_CHUNK_BYTES = 1024;

  /** A message longer than the limit: the stream cannot be trusted past its length. */
  static final class TooLongException extends MalformedFrameException {
    TooLongException(int lengthBytes, int limitBytes) {
      super("a message of " + lengthBytes + " bytes is over the limit of " + limitBytes + " bytes");
    }
  }

  private final Socket socket;
  private final InputStream in;
  private long deadlineNanos;
  private boolean deadlineSet;

  InboundFrames(Socket socket, InputStream in) {
    this.socket = socket;
    this.in = in;
  }

  /** Every read from now on fails with a timeout once {@code millis} have passed. */
  void deadlineIn(long millis) {
    this.deadlineNanos = System.nanoTime() + millis * 1_000_000L;
    this.deadlineSet = true;
  }

  /** Reads wait as long as it takes again (after the handshake). */
  void clearDeadline() throws IOException {
    deadlineSet = false;
    socket.setSoTimeout(0);
  }

  /** Exactly {@code n} bytes (a small, fixed-size read such as the API prefix). */
  byte[] readExactly(int n) throws IOException {
    byte[] b = new byte[n];
    fill(b, 0, n);
    return b;
  }

  /**
   * One message body. Returns null on a clean end of stream before a message starts.
   *
   * @throws TooLongException when the length is over {@code maxBytes} (nothing of it is read)
   * @throws MalformedFrameException when the length is zero or negative
   * @throws EOFException when the stream ends inside a message
   * @throws SocketTimeoutException when the deadline passes
   */
  byte[] read(int maxBytes) throws IOException {
    int first = readByte();
    if (first < 0) {
      return null;
    }
    byte[] rest = readExactly(3);
    int length =
        (first << 24) | ((rest[0] & 0xFF) << 16) | ((rest[1] & 0xFF) << 8) | (rest[2] & 0xFF);
    if (length <= 0) {
      throw new MalformedFrameException("frame length out of range: " + length);
    }
    if (length > maxBytes) {
      throw new TooLongException(length, maxBytes);
    }
    byte[] body = new byte[Math.min(length, FIRST_CHUNK_BYTES)];
    int have = 0;
    while (have < length) {
      if (have == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
      }
      int n = readSome(body, have, body.length - have);
      if (n < 0) {
        throw new EOFException("stream ended after " + have + " of " + length + " bytes");
      }
      have += n;
    }
    return body;
  }

  private void fill(byte[] b, int from, int to) throws IOException {
    int at = from;
    while (at < to) {
      int n = readSome(b, at, to - at);
      if (n < 0) {
        throw new EOFException("stream ended after " + at + " of " + to + " bytes");
      }
      at += n;
    }
  }

  private int readByte() throws IOException {
    armTimeout();
    return in.read();
  }

  private int readSome(byte[] b, int off, int len) throws IOException {
    armTimeout();
    return in.read(b, off, len);
  }

  /** Before each blocking read: wait at most until the deadline. */
  private void armTimeout() throws IOException {
    if (!deadlineSet) {
      return;
    }
    long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    if (leftMillis <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
  }
}
