package com.tradeplan.broker.tws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clean-room TWS API client connection, shaped like IB's {@code EClientSocket}: connect with a
 * client id, send typed requests, receive callbacks on an {@link EWrapper} from one reader thread.
 *
 * <p>Every outbound message (requests and orders alike) first takes a token from the optional
 * {@link TokenBucket}, so one bucket paces everything this connection sends. Request methods return
 * false (and report error 504 to the wrapper) when not connected; they never throw for expected
 * conditions.
 *
 * <p>The reader thread never dies on a bad message: a malformed message is logged with its bytes
 * and skipped; an unknown message id is skipped; only a broken frame (impossible length, truncated
 * stream) closes the connection, because a byte stream cannot be resynced.
 *
 * <p>With a {@link Liveness} ({@link #setLiveness}, before connecting) the connection watches
 * itself: a heartbeat thread sends {@code reqCurrentTime} every interval, and the reader, whose
 * reads then time out every {@link Liveness#checkMillis}, declares the link dead when nothing has
 * arrived for the bound or when a write has been blocked that long. A dead link is closed
 * abortively (a reset: the bytes still in the local send buffer are discarded, so nothing stale
 * reaches IB later), the wrapper hears {@link EWrapper#linkDead} and then {@link
 * EWrapper#connectionClosed}, and a writer blocked in the socket gets an error: no write blocks
 * forever. The check runs on the reader thread, between messages; a callback that blocks the reader
 * delays it, and the silence is counted from the end of the last callback (time spent in a callback
 * is never taken for IB's silence). A callback that blocks the reader for the bound is seen by the
 * heartbeat thread instead and told to the wrapper ({@link EWrapper#readerStalled}, {@link
 * Dispatch}): nothing IB sends is processed meanwhile, and the reader's own check cannot run. Both
 * bounds are measured in the reader's running time ({@link RunningClock}): a pause of this JVM (a
 * long GC, a starved machine) while the reader waits is not IB's silence, and no longer resets a
 * healthy link.
 */
public final class EClientSocket {
  private static final Logger log = LoggerFactory.getLogger(EClientSocket.class);

  private final EWrapper wrapper;
  private final TokenBucket pacer;
  private final Object writeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean(true);
  private volatile Socket socket;
  private volatile OutputStream out;
  private volatile int serverVersion;
  private volatile String connectionTime;
  private volatile int clientId;
  private volatile Liveness liveness;
  // The watchdog's inputs, in the reader's running time (RunningClock: a pause of this JVM is not
  // IB's silence): when the last frame arrived, and when the write in progress began.
  private volatile LongSupplier nanoTime = System::nanoTime;
  private volatile RunningClock running = new RunningClock(System::nanoTime, 1);
  private volatile long lastReceivedNanos;
  private volatile long writeStartedNanos;
  private volatile boolean writing;
  private volatile CountDownLatch closedSignal = new CountDownLatch(0);
  private volatile Thread reader;
  private final Dispatch dispatch;

  /**
   * @param pacer paces every outbound message; null sends unpaced (tests of the gateway only)
   */
  public EClientSocket(EWrapper wrapper, TokenBucket pacer) {
    this.wrapper = wrapper;
    this.pacer = pacer;
    this.dispatch = new Dispatch(wrapper);
  }

  /**
   * Makes the next connection watch itself (heartbeat, dead-link bound); null: never. Set it before
   * {@link #connect}.
   */
  public void setLiveness(Liveness liveness) {
    this.liveness = liveness;
  }

  /** Tests only: the monotonic clock the next connection's watchdog reads (before connecting). */
  void setClock(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Connects, negotiates the version (offers v100..193), sends startApi and starts the reader (and
   * the heartbeat, with a {@link Liveness}).
   *
   * @throws IOException when the socket or the handshake fails; nothing is left open then
   */
  public void connect(String host, int port, int clientId, int timeoutMillis) throws IOException {
    if (!closed.get()) {
      throw new IllegalStateException("already connected");
    }
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      OutputStream o = new BufferedOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      o.write(handshakeBytes());
      o.flush();
      byte[] body = Frames.readBody(in);
      if (body == null) {
        throw new IOException("server closed the connection during the handshake");
      }
      List<String> hello = Frames.split(body);
      int version;
      try {
        version = Integer.parseInt(hello.get(0));
      } catch (RuntimeException e) {
        throw new IOException("bad server version in handshake: " + Frames.printable(body, 80));
      }
      if (version < Requests.MIN_SERVER_VERSION || version > Requests.SERVER_VERSION) {
        throw new IOException("server version " + version + " outside v100..193");
      }
      this.serverVersion = version;
      this.connectionTime = hello.size() > 1 ? hello.get(1) : "";
      this.clientId = clientId;
      o.write(Requests.startApi(clientId, "").frame());
      o.flush();
      Liveness watch = liveness;
      s.setSoTimeout(watch == null ? 0 : watch.checkMillis());
      this.socket = s;
      this.out = o;
      RunningClock clock =
          new RunningClock(
              nanoTime,
              TimeUnit.MILLISECONDS.toNanos(
                  (watch == null ? Liveness.HEARTBEAT_MIN.toMillis() : watch.checkMillis()) * 2L));
      this.running = clock;
      this.lastReceivedNanos = clock.now();
      if (watch != null) {
        dispatch.watch(
            new ReaderStallWatch(nanoTime, watch.heartbeatInterval(), watch.deadAfter()));
      }
      this.closedSignal = new CountDownLatch(1);
      closed.set(false);
      FrameReader frames = new FrameReader(in);
      Thread t = new Thread(() -> readLoop(frames), "tws-reader-" + clientId);
      t.setDaemon(true);
      this.reader = t;
      t.start();
      if (watch != null) {
        Thread h = new Thread(() -> heartbeatLoop(watch), "tws-heartbeat-" + clientId);
        h.setDaemon(true);
        h.start();
      }
      log.info(
          "connected to {}:{} as client {} (server version {}, time {})",
          host,
          port,
          clientId,
          version,
          connectionTime);
    } catch (IOException | RuntimeException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a socket that failed to connect
      }
      throw e;
    }
  }

  /** "API\0" then the length-prefixed version range, as the v100+ handshake expects. */
  public static byte[] handshakeBytes() {
    byte[] range =
        ("v" + Requests.MIN_SERVER_VERSION + ".." + Requests.SERVER_VERSION)
            .getBytes(StandardCharsets.US_ASCII);
    byte[] framed = Frames.withLength(range);
    byte[] all = new byte[4 + framed.length];
    all[0] = 'A';
    all[1] = 'P';
    all[2] = 'I';
    all[3] = 0;
    System.arraycopy(framed, 0, all, 4, framed.length);
    return all;
  }

  private void readLoop(FrameReader frames) {
    String reason = "reader stopped";
    boolean abort = false;
    try {
      while (!closed.get()) {
        byte[] body;
        try {
          body = frames.next();
        } catch (SocketTimeoutException e) {
          String dead = deadReason(running.tick());
          if (dead != null) {
            reason = dead;
            abort = true;
            break;
          }
          continue; // nothing arrived within the check interval: the link is still in time
        } catch (MalformedFrameException e) {
          reason = "malformed frame from server: " + e.getMessage();
          log.error("{}; closing the connection", reason);
          break;
        } catch (IOException e) {
          reason = closed.get() ? "closed by client" : "connection lost: " + e;
          break;
        }
        if (body == null) {
          reason = "server closed the connection";
          break;
        }
        dispatch.message(body);
        // Silence is counted from when the reader is back at the socket: the time it spent in the
        // callback (a lock, a full lane, a paused JVM) is its own, not IB's. Counted from the
        // frame's arrival, a callback longer than the bound reset a live link and discarded every
        // report IB had sent meanwhile (docs/kill-switch.md, "Why the link dropped"). A pause of
        // the whole JVM while the reader waits is not IB's silence either: RunningClock.
        long now = running.tick();
        lastReceivedNanos = now;
        String dead = deadReason(now);
        if (dead != null) {
          reason = dead;
          abort = true;
          break;
        }
      }
    } finally {
      if (abort) {
        declareDead(reason);
      } else {
        close(reason, false);
      }
    }
  }

  /**
   * Why the link counts as dead now ({@link Liveness}), or null while it is alive or unwatched: a
   * write blocked for the bound (the peer stopped reading), or nothing received for the bound.
   */
  private String deadReason(long nowNanos) {
    Liveness watch = liveness;
    if (watch == null) {
      return null;
    }
    long bound = watch.deadAfter().toNanos();
    long writeStarted = writeStartedNanos;
    if (writing && nowNanos - writeStarted > bound) {
      return "a write to IB has been blocked for "
          + TimeUnit.NANOSECONDS.toMillis(nowNanos - writeStarted)
          + " ms (bound "
          + watch.deadAfter().toMillis()
          + " ms)";
    }
    long silent = nowNanos - lastReceivedNanos;
    if (silent > bound) {
      return "nothing received from IB for "
          + TimeUnit.NANOSECONDS.toMillis(silent)
          + " ms (heartbeat every "
          + watch.heartbeatInterval().toMillis()
          + " ms, bound "
          + watch.deadAfter().toMillis()
          + " ms; "
          + TimeUnit.NANOSECONDS.toMillis(running.notRunningNanos())
          + " ms of pauses of this process not counted)";
    }
    return null;
  }

  /** The watchdog's verdict: told to the wrapper, then the connection is reset. */
  private void declareDead(String reason) {
    if (closed.get()) {
      return;
    }
    log.warn("IB link dead: {}", reason);
    try {
      wrapper.linkDead(reason);
    } catch (RuntimeException e) {
      log.error("linkDead callback failed", e);
    }
    close("link dead: " + reason, true);
  }

  /**
   * Sends a heartbeat every interval until the connection closes; a failed send ends it. Each wake
   * also looks at the reader ({@link Dispatch#checkStall}).
   */
  private void heartbeatLoop(Liveness watch) {
    CountDownLatch closedNow = closedSignal;
    try {
      while (!closedNow.await(watch.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS)) {
        dispatch.checkStall(reader);
        // Paced like every message; a write that blocks is ended by the reader's watchdog.
        if (!send(Requests.reqCurrentTime())) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Decodes and dispatches one message; never throws. Visible for tests. */
  void handle(byte[] body) {
    dispatch.handle(body);
  }

  public boolean isConnected() {
    return !closed.get();
  }

  public int serverVersion() {
    return serverVersion;
  }

  public String connectionTime() {
    return connectionTime;
  }

  public int clientId() {
    return clientId;
  }

  /** Closes the connection; the wrapper hears connectionClosed once. */
  public void eDisconnect() {
    close("closed by client", false);
  }

  /**
   * Closes the socket (abortively: a reset that discards unsent bytes) and tells the wrapper once.
   * Closing also ends a write blocked in the socket, from whichever thread.
   */
  private void close(String reason, boolean abortive) {
    if (closed.compareAndSet(false, true)) {
      closedSignal.countDown();
      Socket s = socket;
      if (s != null) {
        try {
          if (abortive) {
            s.setSoLinger(true, 0);
          }
          s.close();
        } catch (IOException ignored) {
          // already broken
        }
      }
      log.info("connection closed: {}", reason);
      try {
        wrapper.connectionClosed(reason);
      } catch (RuntimeException e) {
        log.error("connectionClosed callback failed", e);
      }
    }
  }

  /**
   * Sends one message, paced. Returns false when not connected or the write failed (the connection
   * is then closed; the message may or may not have reached the server).
   */
  public boolean send(FieldWriter message) {
    if (closed.get()) {
      notConnected();
      return false;
    }
    if (pacer != null) {
      try {
        pacer.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    byte[] frame = message.frame();
    synchronized (writeLock) {
      if (closed.get()) {
        notConnected();
        return false;
      }
      writeStartedNanos = running.now();
      writing = true;
      try {
        out.write(frame);
        out.flush();
        return true;
      } catch (IOException e) {
        close("write failed: " + e, false);
        return false;
      } finally {
        writing = false;
      }
    }
  }

  /** Writes raw bytes unpaced: for malformed-input tests only. */
  public void sendRawForTest(byte[] bytes) throws IOException {
    synchronized (writeLock) {
      out.write(bytes);
      out.flush();
    }
  }

  private void notConnected() {
    try {
      wrapper.error(-1, ErrorCodes.NOT_CONNECTED, "Not connected", "");
    } catch (RuntimeException e) {
      log.error("error callback failed", e);
    }
  }

  // ---- requests, named as IB's client names them ----

  public boolean reqIds(int numIds) {
    return send(Requests.reqIds(numIds));
  }

  public boolean reqManagedAccts() {
    return send(Requests.reqManagedAccts());
  }

  public boolean reqCurrentTime() {
    return send(Requests.reqCurrentTime());
  }

  public boolean reqMktData(
      int reqId, Contract c, String genericTicks, boolean snapshot, boolean regulatory) {
    return send(Requests.reqMktData(reqId, c, genericTicks, snapshot, regulatory));
  }

  public boolean cancelMktData(int reqId) {
    return send(Requests.cancelMktData(reqId));
  }

  public boolean reqTickByTickData(
      int reqId, Contract c, String tickType, int numberOfTicks, boolean ignoreSize) {
    return send(Requests.reqTickByTickData(reqId, c, tickType, numberOfTicks, ignoreSize));
  }

  public boolean cancelTickByTickData(int reqId) {
    return send(Requests.cancelTickByTickData(reqId));
  }

  public boolean reqContractDetails(int reqId, Contract c) {
    return send(Requests.reqContractDetails(reqId, c));
  }

  public boolean reqMarketRule(int marketRuleId) {
    return send(Requests.reqMarketRule(marketRuleId));
  }

  public boolean placeOrder(int orderId, Contract c, TwsOrder order) {
    return send(Requests.placeOrder(orderId, c, order));
  }

  public boolean cancelOrder(int orderId) {
    return send(Requests.cancelOrder(orderId, ""));
  }

  public boolean reqOpenOrders() {
    return send(Requests.reqOpenOrders());
  }

  public boolean reqAllOpenOrders() {
    return send(Requests.reqAllOpenOrders());
  }

  public boolean reqExecutions(int reqId, ExecutionFilter filter) {
    return send(Requests.reqExecutions(reqId, filter));
  }

  public boolean reqPositions() {
    return send(Requests.reqPositions());
  }

  public boolean cancelPositions() {
    return send(Requests.cancelPositions());
  }

  public boolean reqGlobalCancel() {
    return send(Requests.reqGlobalCancel());
  }
}
