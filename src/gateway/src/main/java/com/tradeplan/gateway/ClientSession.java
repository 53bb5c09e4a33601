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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the paper gateway: the v100+ handshake, startApi, then requests in and
 * reports out. Inbound: one reader thread; a malformed request is answered with an error and
 * skipped, a broken frame closes the connection with a logged reason. Outbound: a bounded queue
 * drained by one writer thread; a client that stops reading until the queue is full is dropped.
 *
 * <p>Bounded against any client: the handshake must complete within {@code handshakeTimeoutMillis}
 * and its messages within {@link #HANDSHAKE_MESSAGE_BYTES_MAX}; a request over {@code
 * requestBytesMax} gets error 320 and the connection is closed; buffers grow with the bytes that
 * arrive ({@link InboundFrames}); market data is limited per connection ({@link MarketDataLines})
 * and kept texts by {@link FieldCheck}; the outbound queue in messages and bytes. Nothing a client
 * sends ends the reader with an exception: every path closes the connection with a logged reason
 * and frees its place among the gateway's connections.
 */
final class ClientSession {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
  private static final Pattern RANGE = Pattern.compile("v(\\d{1,9})(?:\\.\\.(\\d{1,9}))?.*");

  /** The version range and startApi are a few dozen bytes; nothing longer is a handshake. */
  static final int HANDSHAKE_MESSAGE_BYTES_MAX = 1024;

  private static final int SERVER_VERSION = 193;
  private static final DateTimeFormatter CONN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final byte[] POISON = new byte[0];

  private final PaperGateway gateway;
  private final GatewayConfig config;
  private final Socket socket;
  private final BlockingQueue<byte[]> outbound;
  private final AtomicLong outboundBytes = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  final MarketDataLines marketData;
  private final PacingGuard pacing;
  private volatile int clientId = -1;

  /** Closing after the queued messages: the writer ends the stream once they are written. */
  private volatile boolean graceful;

  ClientSession(PaperGateway gateway, Socket socket, GatewayConfig config) {
    this.gateway = gateway;
    this.config = config;
    this.socket = socket;
    this.outbound = new ArrayBlockingQueue<>(config.clientQueueCapacity);
    this.pacing = new PacingGuard(config.pacingPerSecond, config.pacingDisconnectAfterExcess);
    this.marketData = new MarketDataLines(config.marketDataLinesMax, config.tickByTickMax);
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
      InputStream in = new BufferedInputStream(socket.getInputStream());
      InboundFrames frames = new InboundFrames(socket, in);
      OutputStream os = new BufferedOutputStream(socket.getOutputStream());
      String refused = handshakeRefusal(frames, os);
      if (refused != null) {
        reason = refused;
        return;
      }
      Thread w = new Thread(() -> writeLoop(os), "paper-gw-writer-" + clientId);
      w.setDaemon(true);
      w.start();
      reason = serveRequests(frames, in);
    } catch (IOException e) {
      reason = closed.get() ? "closed by gateway" : "connection lost: " + e.getMessage();
      if (clientId < 0) {
        log.info("{} before its handshake: {}", socket.getRemoteSocketAddress(), reason);
      }
    } catch (RuntimeException e) {
      reason = "reader failed: " + e;
      log.error("client {}: reader failed; closing", clientId, e);
    } finally {
      close(reason);
      gateway.connectionEnded();
    }
  }

  /**
   * Reads and serves requests until the connection ends; returns why it ended. A request over
   * {@code requestBytesMax} is answered with 320 and ends the connection, as a broken frame does.
   */
  private String serveRequests(InboundFrames frames, InputStream in) throws IOException {
    while (!closed.get()) {
      byte[] body;
      try {
        body = frames.read(config.requestBytesMax);
      } catch (InboundFrames.TooLongException e) {
        log.warn("client {}: {}; closing", clientId, e.getMessage());
        send(
            ServerMessages.error(
                -1,
                GatewayErrorCodes.ERROR_READING_REQUEST,
                "Error reading request: " + e.getMessage() + "; closing the connection"));
        closeAfterQueued(e.getMessage(), in);
        return e.getMessage();
      } catch (MalformedFrameException e) {
        log.warn("client {}: malformed frame: {}; closing", clientId, e.getMessage());
        return "malformed frame: " + e.getMessage();
      } catch (EOFException e) {
        return "truncated frame or end of stream";
      }
      if (body == null) {
        return "client closed the connection";
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
          String reason = "sustained pacing violation";
          log.warn("client {}: {}; disconnecting as IB does", clientId, reason);
          closeAfterQueued(reason, in);
          return reason;
        }
        continue;
      }
      handle(body);
    }
    return "closed by gateway";
  }

  /**
   * Runs the handshake within {@code handshakeTimeoutMillis}; returns why the connection is not
   * taken (logged), or null when it is ready for requests.
   */
  private String handshakeRefusal(InboundFrames frames, OutputStream os) throws IOException {
    frames.deadlineIn(config.handshakeTimeoutMillis);
    String refusal;
    try {
      refusal = handshake(frames, os) ? null : "handshake refused";
    } catch (SocketTimeoutException e) {
      refusal = "handshake not completed within " + config.handshakeTimeoutMillis + " ms";
      log.warn("{}: {}; closing", socket.getRemoteSocketAddress(), refusal);
    } catch (InboundFrames.TooLongException e) {
      refusal = "handshake: " + e.getMessage();
      log.warn("{}: {}; closing", socket.getRemoteSocketAddress(), refusal);
    }
    if (refusal == null) {
      frames.clearDeadline();
    }
    return refusal;
  }

  private boolean handshake(InboundFrames frames, OutputStream os) throws IOException {
    byte[] prefix = frames.readExactly(4);
    if (prefix[0] != 'A' || prefix[1] != 'P' || prefix[2] != 'I' || prefix[3] != 0) {
      log.warn("not a v100+ TWS handshake: {}", Frames.printable(prefix, 4));
      return false;
    }
    byte[] rangeBody = frames.read(HANDSHAKE_MESSAGE_BYTES_MAX);
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
    byte[] start = frames.read(HANDSHAKE_MESSAGE_BYTES_MAX);
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
    if (!admitted(id, os)) {
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

  /**
   * Takes the client id, or answers 326 and returns false: an id past {@code clientIdsMax} known
   * ones, or one in use by another connection.
   */
  private boolean admitted(int id, OutputStream os) throws IOException {
    if (!gateway.admitClientId(id)) {
      log.warn("client id {} refused: {} client ids known, the limit", id, config.clientIdsMax);
      os.write(
          ServerMessages.error(
                  -1,
                  GatewayErrorCodes.CLIENT_ID_REFUSED,
                  "Unable to connect: the gateway already keeps the state of "
                      + config.clientIdsMax
                      + " client ids, its limit; connect with one of those")
              .frame());
      os.flush();
      return false;
    }
    this.clientId = id;
    if (!gateway.register(this)) {
      os.write(
          ServerMessages.error(
                  -1,
                  GatewayErrorCodes.CLIENT_ID_REFUSED,
                  "Unable to connect as the client id is already in use.")
              .frame());
      os.flush();
      this.clientId = -1;
      return false;
    }
    return true;
  }

  private static FieldWriter info(int code, String text) {
    return ServerMessages.error(-1, code, text);
  }

  /** One request: served, or answered with 320 when it cannot be read (never thrown out). */
  private void handle(byte[] body) {
    FieldReader r = new FieldReader(Frames.split(body));
    int msgId = -1;
    try {
      msgId = r.readInt();
      gateway.recordRequest(clientId, msgId, body);
      if (msgId == MsgIds.PLACE_ORDER && gateway.takeOrderToDrop()) {
        close("dropped by fault injection on a placeOrder, which was not processed");
        return;
      }
      serve(msgId, r);
    } catch (MalformedMessageException e) {
      String why = FieldCheck.shortened(e.getMessage());
      log.warn(
          "client {}: malformed request skipped ({}): {}",
          clientId,
          why,
          Frames.printable(body, 300));
      send(readingError("Error reading request: " + why));
    } catch (RuntimeException e) {
      log.error("client {}: request {} failed", clientId, msgId, e);
      send(readingError("Error processing request: " + FieldCheck.shortened(e.toString())));
    }
  }

  private static FieldWriter readingError(String text) {
    return ServerMessages.error(-1, GatewayErrorCodes.ERROR_READING_REQUEST, text);
  }

  /** Serves one readable request of the kinds the paper gateway knows; 320 for the others. */
  private void serve(int msgId, FieldReader r) {
    SimulatedExchange ex = gateway.exchange();
    switch (msgId) {
      case MsgIds.PLACE_ORDER -> placeOrder(ex, RequestParser.placeOrder(r, config.quantityMax));
      case MsgIds.CANCEL_ORDER -> ex.cancelOrder(clientId, r.readInt()); // v192+: the id only
      case MsgIds.REQ_IDS -> send(ServerMessages.nextValidId(ex.nextValidId(clientId)));
      case MsgIds.REQ_CONTRACT_DATA -> gateway.contracts().answer(r, ex).forEach(this::send);
      case MsgIds.REQ_MARKET_RULE -> send(gateway.contracts().marketRule(r));
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
        subscribeMarketData(ex, reqId, RequestParser.contractSymbol(r));
      }
      case MsgIds.CANCEL_MKT_DATA -> {
        r.readInt();
        marketData.cancel(r.readInt());
      }
      case MsgIds.REQ_TICK_BY_TICK_DATA -> {
        int reqId = r.readInt();
        FieldWriter refusal =
            marketData.subscribeTickByTick(reqId, RequestParser.contractSymbol(r));
        if (refusal != null) {
          send(refusal);
        }
      }
      case MsgIds.CANCEL_TICK_BY_TICK_DATA -> marketData.cancelTickByTick(r.readInt());
      default -> {
        log.warn("client {}: unknown message id {} skipped", clientId, msgId);
        send(readingError("Error reading request: unknown message id " + msgId));
      }
    }
  }

  private void placeOrder(SimulatedExchange ex, PlaceOrderRequest request) {
    if (request instanceof PlaceOrderRequest.Valid valid) {
      ex.placeOrder(clientId, valid.order());
    } else if (request instanceof PlaceOrderRequest.Invalid invalid) {
      log.warn("client {}: order {} refused: {}", clientId, invalid.orderId(), invalid.reason());
      ex.refuseRequest(clientId, invalid.orderId(), invalid.reason());
    }
  }

  /** reqMktData: the line, then the last price at once when there is one; or the refusal. */
  private void subscribeMarketData(SimulatedExchange ex, int reqId, String symbol) {
    FieldWriter refusal = marketData.subscribe(reqId, symbol);
    if (refusal != null) {
      gateway.marketDataRefused();
      send(refusal);
      return;
    }
    BigDecimal last = ex.lastPrice(symbol);
    if (last != null) {
      send(ServerMessages.tickPrice(reqId, TickType.LAST, last, BigDecimal.ONE));
    }
  }

  /** Market data for this client's subscriptions on the symbol. */
  void onTick(Tick t) {
    marketData.onTick(t, this::send);
  }

  /** Queues a message; never blocks. A full queue means the client does not read: drop it. */
  void send(FieldWriter message) {
    sendRaw(message.frame());
  }

  void sendRaw(byte[] frame) {
    if (closed.get()) {
      return;
    }
    long queued = outboundBytes.addAndGet(frame.length);
    if (queued > config.clientQueueBytesMax || !outbound.offer(frame)) {
      log.warn(
          "client {}: outbound queue full ({} messages, {} bytes: client not reading);"
              + " disconnecting",
          clientId,
          outbound.size(),
          queued);
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
        outboundBytes.addAndGet(-frame.length);
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
  private void closeAfterQueued(String reason, InputStream in) {
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
