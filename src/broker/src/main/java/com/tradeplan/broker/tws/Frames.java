package com.tradeplan.broker.tws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The TWS API framing (protocol v100+): every message is a 4-byte big-endian length followed by
 * that many bytes of NUL-terminated UTF-8 fields. Shared by the client and the paper gateway.
 */
public final class Frames {
  /** IB's own limit for one message is 0xFFFFFF bytes; anything larger is garbage on the line. */
  public static final int MAX_FRAME_BYTES = 0xFFFFFF;

  private Frames() {}

  /** Encodes fields as one framed message: each field followed by NUL, all behind the length. */
  public static byte[] frame(List<String> fields) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 + fields.size() * 4);
    for (String f : fields) {
      byte[] b = (f == null ? "" : f).getBytes(StandardCharsets.UTF_8);
      body.write(b, 0, b.length);
      body.write(0);
    }
    return withLength(body.toByteArray());
  }

  /** Puts the 4-byte big-endian length in front of a body. */
  public static byte[] withLength(byte[] body) {
    byte[] out = new byte[body.length + 4];
    out[0] = (byte) (body.length >>> 24);
    out[1] = (byte) (body.length >>> 16);
    out[2] = (byte) (body.length >>> 8);
    out[3] = (byte) body.length;
    System.arraycopy(body, 0, out, 4, body.length);
    return out;
  }

  /**
   * Reads one framed body. Returns null on a clean end of stream before a frame starts.
   *
   * @throws MalformedFrameException when the length is impossible (the stream cannot be resynced)
   * @throws EOFException when the stream ends inside a frame (a truncated frame)
   */
  public static byte[] readBody(DataInputStream in) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedShort());
    if (length <= 0 || length > MAX_FRAME_BYTES) {
      throw new MalformedFrameException("frame length out of range: " + length);
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return body;
  }

  /** Splits a body at NUL bytes; a trailing NUL ends the last field (no empty extra field). */
  public static List<String> split(byte[] body) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == 0) {
        fields.add(new String(body, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < body.length) {
      fields.add(new String(body, start, body.length - start, StandardCharsets.UTF_8));
    }
    return fields;
  }

  /** Printable form of raw bytes for logs: NUL shown as '|', other control bytes as hex. */
  public static String printable(byte[] bytes, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bytes.length && i < max; i++) {
      int b = bytes[i] & 0xFF;
      if (b == 0) {
        sb.append('|');
      } else if (b < 0x20 || b >= 0x7F) {
        sb.append(String.format("\\x%02x", b));
      } else {
        sb.append((char) b);
      }
    }
    if (bytes.length > max) {
      sb.append("...(").append(bytes.length).append(" bytes)");
    }
    return sb.toString();
  }

  /** Reads exactly {@code n} bytes or throws EOFException. */
  static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    new DataInputStream(in).readFully(b);
    return b;
  }
}
