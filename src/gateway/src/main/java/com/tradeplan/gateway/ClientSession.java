package com.tradeplan.gateway;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.FieldReader;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.broker.tws.Frames;
import com.tradeplan.broker.tws.MalformedFrameException;
import com.tradeplan.broker.tws.MalformedMessageException;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.broker.tws.TickType;
import com.tradeplan.domain.market.Tick;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the paper gateway: the v100+ handshake, startApi, then requests in and
 * reports out. Inbound: one reader thread; a malformed request is answered with an error and
 * skipped, a broken frame closes the connection with a logged reason. Outbound: a bounded queue
 * drained by one writer thread; a client that stops reading until the queue is full is dropped.
 */
final class ClientSession {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
  private static final Pattern RANGE = Pattern.compile("v(\\d+)(?:\\.\\.(\\d+))?.*");
  private static final int SERVER_VERSION = 193;
  private static final DateTimeFormatter CONN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final byte[] POISON = new byte[0];

  private final PaperGateway gateway;
  private final Socket socket;
  private final BlockingQueue<byte[]> outbound;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<Integer, String> marketData = new ConcurrentHashMap<>();
  private final Map<Integer, String> tickByTick = new ConcurrentHashMap<>();
  private final PacingGuard pacing;
  private volatile int clientId = -1;

  /** Closing after the queued messages: the writer ends the stream once they are written. */
  private volatile boolean graceful;

  ClientSession(PaperGateway gateway, Socket socket, GatewayConfig config) {
    this.gateway = gateway;
    this.socket = socket;
    this.outbound = new ArrayBlockingQueue<>(config.clientQueueCapacity);
    this.pacing = new PacingGuard(config.pacingPerSecond, config.pacingDisconnectAfterExcess);
  }

  int clientId() {
    return clientId;
  }

  void start() {
    Thread r = new Thread(this::run, "paper-gw-reader-" + socket.getPort());
    r.setDaemon(true);
    r.start();
  }

  private void run() {
    String reason = "reader ended";
    try {
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      OutputStream os = new BufferedOutputStream(socket.getOutputStream());
      if (!handshake(in, os)) {
        reason = "handshake refused";
        return;
      }
      Thread w = new Thread(() -> writeLoop(os), "paper-gw-writer-" + clientId);
      w.setDaemon(true);
      w.start();
      while (!closed.get()) {
        byte[] body;
        try {
          body = Frames.readBody(in);
        } catch (MalformedFrameException e) {
          reason = "malformed frame: " + e.getMessage();
          log.warn("client {}: {}; closing", clientId, reason);
          return;
        } catch (EOFException e) {
          reason = "truncated frame or end of stream";
          return;
        }
        if (body == null) {
          reason = "client closed the connection";
          return;
        }
        if (!pacing.admit()) {
          send(
              ServerMessages.error(
                  -1,
                  ErrorCodes.PACING,
                  "Max rate of messages per second has been exceeded:max="
                      + pacing.rate()
                      + " rec="
                      + pacing.lastSecondCount()));
          gateway.pacingViolation(clientId);
          if (pacing.sustained()) {
            reason = "sustained pacing violation";
            log.warn("client {}: {}; disconnecting as IB does", clientId, reason);
            closeAfterQueued(reason, in);
            return;
          }
          continue;
        }
        handle(body);
      }
    } catch (IOException e) {
      reason = closed.get() ? "closed by gateway" : "connection lost: " + e.getMessage();
    } finally {
      close(reason);
    }
  }

  private boolean handshake(DataInputStream in, OutputStream os) throws IOException {
    socket.setSoTimeout(10_000);
    byte[] prefix = new byte[4];
    in.readFully(prefix);
    if (prefix[0] != 'A' || prefix[1] != 'P' || prefix[2] != 'I' || prefix[3] != 0) {
      log.warn("not a v100+ TWS handshake: {}", Frames.printable(prefix, 4));
      return false;
    }
    byte[] rangeBody = Frames.readBody(in);
    if (rangeBody == null) {
      return false;
    }
    String range = new String(rangeBody, StandardCharsets.UTF_8).trim();
    Matcher m = RANGE.matcher(range);
    if (!m.matches()) {
      log.warn("bad version range in handshake: {}", Frames.printable(rangeBody, 80));
      return false;
    }
    int min = Integer.parseInt(m.group(1));
    int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
    int version = Math.min(max, SERVER_VERSION);
    if (version < 100 || version < min) {
      log.warn("client offers {}, this gateway speaks v100..{}", range, SERVER_VERSION);
      return false;
    }
    if (version != SERVER_VERSION) {
      log.warn("client asks for v{}: the paper gateway only encodes v193 fields", version);
    }
    os.write(ServerMessages.hello(version, CONN_TIME.format(gateway.now())).frame());
    os.flush();
    byte[] start = Frames.readBody(in);
    if (start == null) {
      return false;
    }
    FieldReader r = new FieldReader(Frames.split(start));
    int id;
    try {
      if (r.readInt() != MsgIds.START_API) {
        log.warn("expected startApi, got {}", Frames.printable(start, 80));
        return false;
      }
      r.readInt(); // version
      id = r.readInt();
    } catch (MalformedMessageException e) {
      log.warn("bad startApi: {}", Frames.printable(start, 80));
      return false;
    }
    socket.setSoTimeout(0);
    this.clientId = id;
    if (!gateway.register(this)) {
      os.write(
          ServerMessages.error(-1, 326, "Unable to connect as the client id is already in use.")
              .frame());
      os.flush();
      this.clientId = -1;
      return false;
    }
    send(ServerMessages.managedAccounts(String.join(",", gateway.config().accounts)));
    send(ServerMessages.nextValidId(gateway.exchange().nextValidId(id)));
    send(info(ErrorCodes.MARKET_DATA_FARM_OK, "Market data farm connection is OK:usfarm"));
    send(info(ErrorCodes.HMDS_FARM_OK, "HMDS data farm connection is OK:ushmds"));
    send(info(ErrorCodes.SEC_DEF_FARM_OK, "Sec-def data farm connection is OK:secdefnj"));
    log.info("client {} connected (v{})", id, version);
    return true;
  }

  private static FieldWriter info(int code, String text) {
    return ServerMessages.error(-1, code, text);
  }

  private void handle(byte[] body) {
    List<String> fields = Frames.split(body);
    FieldReader r = new FieldReader(fields);
    int msgId = -1;
    try {
      msgId = r.readInt();
      gateway.recordRequest(clientId, msgId, body);
      if (msgId == MsgIds.PLACE_ORDER && gateway.takeOrderToDrop()) {
        close("dropped by fault injection on a placeOrder, which was not processed");
        return;
      }
      SimulatedExchange ex = gateway.exchange();
      switch (msgId) {
        case MsgIds.PLACE_ORDER -> ex.placeOrder(clientId, RequestParser.placeOrder(r));
        case MsgIds.CANCEL_ORDER -> {
          // v192+: no version field, just the order id
          ex.cancelOrder(clientId, r.readInt());
        }
        case MsgIds.REQ_IDS -> send(ServerMessages.nextValidId(ex.nextValidId(clientId)));
        case MsgIds.REQ_OPEN_ORDERS -> ex.sendOpenOrders(clientId, false);
        case MsgIds.REQ_ALL_OPEN_ORDERS -> ex.sendOpenOrders(clientId, true);
        case MsgIds.REQ_EXECUTIONS -> {
          r.readInt(); // version
          int reqId = r.readInt();
          Integer filterClient = r.hasMore() ? r.readIntOrNull() : null;
          ex.sendExecutions(clientId, reqId, filterClient);
        }
        case MsgIds.REQ_POSITIONS -> ex.sendPositions(clientId);
        case MsgIds.CANCEL_POSITIONS, MsgIds.REQ_MARKET_DATA_TYPE, MsgIds.REQ_AUTO_OPEN_ORDERS -> {}
        case MsgIds.REQ_GLOBAL_CANCEL -> ex.globalCancel();
        case MsgIds.REQ_MANAGED_ACCTS ->
            send(ServerMessages.managedAccounts(String.join(",", gateway.config().accounts)));
        case MsgIds.REQ_CURRENT_TIME ->
            send(ServerMessages.currentTime(gateway.now().getEpochSecond()));
        case MsgIds.REQ_MKT_DATA -> {
          r.readInt(); // version
          int reqId = r.readInt();
          String symbol = RequestParser.contractSymbol(r);
          marketData.put(reqId, symbol);
          var last = ex.lastPrice(symbol);
          if (last != null) {
            send(ServerMessages.tickPrice(reqId, TickType.LAST, last, java.math.BigDecimal.ONE));
          }
        }
        case MsgIds.CANCEL_MKT_DATA -> {
          r.readInt();
          marketData.remove(r.readInt());
        }
        case MsgIds.REQ_TICK_BY_TICK_DATA -> {
          int reqId = r.readInt();
          tickByTick.put(reqId, RequestParser.contractSymbol(r));
        }
        case MsgIds.CANCEL_TICK_BY_TICK_DATA -> tickByTick.remove(r.readInt());
        default -> {
          log.warn("client {}: unknown message id {} skipped", clientId, msgId);
          send(ServerMessages.error(-1, 320, "Error reading request: unknown message id " + msgId));
        }
      }
    } catch (MalformedMessageException e) {
      log.warn(
          "client {}: malformed request skipped ({}): {}",
          clientId,
          e.getMessage(),
          Frames.printable(body, 300));
      send(ServerMessages.error(-1, 320, "Error reading request: " + e.getMessage()));
    } catch (RuntimeException e) {
      log.error("client {}: request {} failed", clientId, msgId, e);
      send(ServerMessages.error(-1, 320, "Error processing request: " + e));
    }
  }

  /** Market data for this client's subscriptions on the symbol. */
  void onTick(Tick t) {
    java.math.BigDecimal size =
        t.volume() == null ? java.math.BigDecimal.ONE : java.math.BigDecimal.valueOf(t.volume());
    marketData.forEach(
        (reqId, symbol) -> {
          if (symbol.equals(t.symbol())) {
            if (t.bid() != null) {
              send(ServerMessages.tickPrice(reqId, TickType.BID, t.bid(), size));
            }
            if (t.ask() != null) {
              send(ServerMessages.tickPrice(reqId, TickType.ASK, t.ask(), size));
            }
            send(ServerMessages.tickPrice(reqId, TickType.LAST, t.last(), size));
          }
        });
    tickByTick.forEach(
        (reqId, symbol) -> {
          if (symbol.equals(t.symbol())) {
            send(ServerMessages.tickByTickLast(reqId, t.time().getEpochSecond(), t.last(), size));
          }
        });
  }

  /** Queues a message; never blocks. A full queue means the client does not read: drop it. */
  void send(FieldWriter message) {
    sendRaw(message.frame());
  }

  void sendRaw(byte[] frame) {
    if (closed.get()) {
      return;
    }
    if (!outbound.offer(frame)) {
      log.warn("client {}: outbound queue full (client not reading); disconnecting", clientId);
      close("outbound queue full");
    }
  }

  private void writeLoop(OutputStream os) {
    try {
      while (true) {
        byte[] frame = outbound.poll(1, TimeUnit.SECONDS);
        if (frame == POISON) {
          if (graceful) {
            os.flush();
            socket.shutdownOutput();
          }
          return;
        }
        if (frame == null) {
          if (closed.get() && !graceful) {
            return;
          }
          continue;
        }
        os.write(frame);
        if (outbound.isEmpty()) {
          os.flush();
        }
      }
    } catch (IOException e) {
      close("write failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void close(String reason) {
    if (closed.compareAndSet(false, true)) {
      outbound.clear();
      outbound.offer(POISON);
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      gateway.unregister(this, reason);
    }
  }

  /**
   * Disconnects the way IB does after error 100: stops taking messages, lets the writer send what
   * is queued (the 100s included) and end the stream, and reads the client's input away until it
   * closes, so that closing never resets the connection under unread data the client must see.
   */
  private void closeAfterQueued(String reason, DataInputStream in) {
    graceful = true;
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    gateway.unregister(this, reason);
    if (!outbound.offer(POISON)) {
      graceful = false;
      closeSocket();
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      socket.setSoTimeout(1000);
      byte[] discard = new byte[8192];
      while (System.nanoTime() < deadline && in.read(discard) >= 0) {
        // the client's messages after the disconnect decision are not served
      }
    } catch (IOException e) {
      log.debug("client {}: input ended after pacing disconnect: {}", clientId, e.getMessage());
    } finally {
      closeSocket();
    }
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  boolean isClosed() {
    return closed.get();
  }
}
