package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader's frames survive read timeouts anywhere inside them: what was read is kept and the
 * next call goes on, so the watchdog can wake the reader in the middle of a frame.
 */
class FrameReaderTest {

  /** Hands out the bytes in the given chunks, with a read timeout before each chunk. */
  private static final class ChunkedStream extends InputStream {
    private final List<byte[]> chunks;
    private int chunk;
    private int offset;
    private boolean timeoutDue = true;

    ChunkedStream(List<byte[]> chunks) {
      this.chunks = chunks;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("the reader reads blocks");
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (chunk >= chunks.size()) {
        return -1;
      }
      if (timeoutDue) {
        timeoutDue = false;
        throw new SocketTimeoutException("Read timed out");
      }
      byte[] c = chunks.get(chunk);
      int n = Math.min(len, c.length - offset);
      System.arraycopy(c, offset, b, off, n);
      offset += n;
      if (offset == c.length) {
        chunk++;
        offset = 0;
        timeoutDue = true;
      }
      return n;
    }
  }

  private static List<byte[]> readAll(FrameReader reader) throws IOException {
    List<byte[]> out = new ArrayList<>();
    while (true) {
      try {
        byte[] body = reader.next();
        if (body == null) {
          return out;
        }
        out.add(body);
      } catch (SocketTimeoutException e) {
        // the watchdog's turn; then go on
      }
    }
  }

  /** Seeded: frames of random sizes cut into random chunks come out whole and in order. */
  @Test
  void framesCutAnywhereByTimeoutsComeOutWholeAndInOrder() throws IOException {
    for (long seed = 1; seed <= 200; seed++) {
      Random r = new Random(seed);
      List<byte[]> bodies = new ArrayList<>();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      for (int i = 0; i < 1 + r.nextInt(20); i++) {
        byte[] body = new byte[1 + r.nextInt(r.nextInt(10) == 0 ? 200_000 : 300)];
        r.nextBytes(body);
        bodies.add(body);
        wire.writeBytes(Frames.withLength(body));
      }
      byte[] all = wire.toByteArray();
      List<byte[]> chunks = new ArrayList<>();
      for (int at = 0; at < all.length; ) {
        int n = Math.min(all.length - at, 1 + r.nextInt(r.nextBoolean() ? 5 : 100_000));
        byte[] c = new byte[n];
        System.arraycopy(all, at, c, 0, n);
        chunks.add(c);
        at += n;
      }

      List<byte[]> out = readAll(new FrameReader(new ChunkedStream(chunks)));

      assertThat(out).as("seed %d", seed).hasSameSizeAs(bodies);
      for (int i = 0; i < bodies.size(); i++) {
        assertThat(out.get(i)).as("seed %d frame %d", seed, i).isEqualTo(bodies.get(i));
      }
    }
  }

  @Test
  void anImpossibleLengthIsAMalformedFrameAndAStreamCutInsideAFrameIsAnEof() {
    assertThatThrownBy(
            () ->
                readAll(
                    new FrameReader(
                        new ChunkedStream(List.of(new byte[] {0x7f, (byte) 0xff, 0, 0, 1})))))
        .isInstanceOf(MalformedFrameException.class);
    assertThatThrownBy(
            () -> readAll(new FrameReader(new ChunkedStream(List.of(new byte[] {0, 0, 0, 0})))))
        .isInstanceOf(MalformedFrameException.class);
    assertThatThrownBy(
            () ->
                readAll(new FrameReader(new ChunkedStream(List.of(new byte[] {0, 0, 0, 9, 'a'})))))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(
            () -> readAll(new FrameReader(new ChunkedStream(List.of(new byte[] {0, 0})))))
        .isInstanceOf(EOFException.class);
  }
}
