package com.tradeplan.broker.tws;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A scripted TWS server on loopback for tests of the client's connection: it does the v100+
 * handshake (server version 193), answers startApi with nextValidId, and then does what the test
 * says: answer requests (a {@link Behaviour}), stay silent, stop reading, or send any bytes. Each
 * accepted connection is a {@link Peer}; {@link #nextPeer} hands them to the test in order.
 */
public final class FakeTwsServer implements AutoCloseable {
  /** What the server does with each request a peer reads (msgId, fields); on the peer's thread. */
  public interface Behaviour extends BiConsumer<Peer, List<String>> {}

  /** Answers what IbBroker asks to get READY: open orders, executions, positions, the time. */
  public static final Behaviour MINIMAL_GATEWAY =
      (peer, fields) -> {
        switch (Integer.parseInt(fields.get(0))) {
          case MsgIds.REQ_OPEN_ORDERS, MsgIds.REQ_ALL_OPEN_ORDERS ->
              peer.send(List.of(Integer.toString(MsgIds.OPEN_ORDER_END), "1"));
          case MsgIds.REQ_EXECUTIONS ->
              peer.send(List.of(Integer.toString(MsgIds.EXECUTION_DATA_END), "1", fields.get(2)));
          case MsgIds.REQ_POSITIONS ->
              peer.send(List.of(Integer.toString(MsgIds.POSITION_END), "1"));
          case MsgIds.REQ_CURRENT_TIME ->
              peer.send(List.of(Integer.toString(MsgIds.CURRENT_TIME), "1", "1767225600"));
          default -> {
            // not answered
          }
        }
      };

  /** Reads every request and answers none. */
  public static final Behaviour SILENT = (peer, fields) -> {};

  private final ServerSocket server;
  private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
  private final List<Peer> all = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour;
  private volatile boolean reading = true;

  /**
   * @param receiveBufferBytes the accepted sockets' receive buffer (small: a client's writes block
   *     soon once the server stops reading); 0 for the system's default
   */
  public FakeTwsServer(Behaviour behaviour, int receiveBufferBytes) throws IOException {
    this.behaviour = behaviour;
    this.server = new ServerSocket();
    if (receiveBufferBytes > 0) {
      server.setReceiveBufferSize(receiveBufferBytes);
    }
    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(this::acceptLoop, "fake-tws-accept");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void setBehaviour(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  /** Peers accepted from now on never read after the handshake (their client's writes pile up). */
  public void stopReading() {
    this.reading = false;
  }

  /** The next connection that completed the handshake, waiting up to {@code millis}; or null. */
  public Peer nextPeer(long millis) throws InterruptedException {
    return peers.poll(millis, TimeUnit.MILLISECONDS);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Peer p = new Peer(s);
        all.add(p);
        Thread t = new Thread(p::run, "fake-tws-peer");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Peer p : all) {
      p.close();
    }
  }

  /** One accepted connection. */
  public final class Peer {
    private final Socket socket;
    private final OutputStream out;

    /** Every request read after the handshake, as fields. */
    public final List<List<String>> requests = new CopyOnWriteArrayList<>();

    Peer(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    private void run() {
      try {
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        byte[] prefix = new byte[4];
        in.readFully(prefix);
        Frames.readBody(in); // the version range
        send(List.of("193", "20260101 00:00:00 UTC"));
        Frames.readBody(in); // startApi
        send(List.of(Integer.toString(MsgIds.NEXT_VALID_ID), "1", "1"));
        peers.add(this);
        if (!reading) {
          return; // never reads again: the socket stays open, unread
        }
        for (byte[] body; (body = Frames.readBody(in)) != null; ) {
          List<String> fields = Frames.split(body);
          requests.add(fields);
          behaviour.accept(this, fields);
        }
      } catch (IOException | RuntimeException e) {
        // the client went away, or the test closed us
      }
    }

    /** Sends one framed message. */
    public synchronized void send(List<String> fields) {
      sendRaw(Frames.frame(fields));
    }

    /** Sends bytes as they are (garbage, cut frames, absurd lengths). */
    public synchronized void sendRaw(byte[] bytes) {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // the client closed: nothing to deliver
      }
    }

    public long requestsOf(int msgId) {
      return requests.stream().filter(f -> f.get(0).equals(Integer.toString(msgId))).count();
    }

    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
