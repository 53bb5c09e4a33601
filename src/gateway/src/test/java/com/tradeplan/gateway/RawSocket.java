package com.tradeplan.gateway;

import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.broker.tws.Frames;
import com.tradeplan.broker.tws.Requests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket to the gateway that speaks only as much of the protocol as a test asks: raw bytes before
 * or after a handshake, and a look at whether the gateway has closed the connection. For the tests
 * of what a broken or hostile client cannot make the gateway do.
 */
final class RawSocket implements AutoCloseable {
  final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  static RawSocket open(int port) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return new RawSocket(s);
  }

  /** Opens a connection and completes the handshake as client {@code clientId}, reading nothing. */
  static RawSocket handshaken(int port, int clientId) throws IOException {
    RawSocket r = open(port);
    r.write(EClientSocket.handshakeBytes());
    r.write(Requests.startApi(clientId, "").frame());
    return r;
  }

  /** The 4-byte big-endian length of a frame, without its body. */
  static byte[] lengthOnly(int length) {
    return new byte[] {
      (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
    };
  }

  /** "API\0", the start of every v100+ handshake. */
  static byte[] apiPrefix() {
    return new byte[] {'A', 'P', 'I', 0};
  }

  /** One frame carrying {@code body}. */
  static byte[] frame(byte[] body) {
    return Frames.withLength(body);
  }

  /** Writes; false when the gateway has already closed the connection. */
  boolean write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * True when the gateway closes the connection within {@code within}; what it sends before that is
   * read and dropped.
   */
  boolean closedWithin(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] sink = new byte[8192];
    while (true) {
      long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMillis <= 0) {
        return false;
      }
      socket.setSoTimeout((int) leftMillis);
      try {
        if (in.read(sink) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset by the gateway: closed as well
      }
    }
  }

  /** True when the gateway answers something or closes the connection within {@code within}. */
  boolean answeredOrClosedWithin(Duration within) throws IOException {
    socket.setSoTimeout((int) Math.max(1, within.toMillis()));
    try {
      in.read();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
