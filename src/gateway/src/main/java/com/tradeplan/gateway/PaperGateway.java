package com.tradeplan.gateway;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.domain.market.Tick;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper IB gateway: a TCP server speaking the TWS socket protocol (v193) to several clients
 * with distinct client ids, over a {@link SimulatedExchange}. Embeddable: {@code new
 * PaperGateway(config).start()}, then {@link #port()}; {@link #stop()} closes everything.
 *
 * <p>Ticks come from a tick file, a seeded random walk, or {@link #publishTick} (tests). Faults are
 * injected with the methods under "faults". {@link #getAudit()} lists every order received.
 *
 * <p>Bounded against any client (limits in {@link GatewayConfig}): at most {@code connectionsMax}
 * connections at once (more are closed unanswered), state for at most {@code clientIdsMax} client
 * ids, recorded requests within {@code recordedRequestBytesMax}. The accept loop survives every
 * failure of one connection.
 */
public final class PaperGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PaperGateway.class);
  private static final int RECORDED_PER_TYPE = 20;

  /** What one recorded request costs beyond its bytes (list and map entries, array header). */
  private static final int RECORDED_OVERHEAD_BYTES = 256;

  private final GatewayConfig config;
  private final OrderAudit audit;
  private final ScheduledExecutorService scheduler;
  private final SimulatedExchange exchange;
  private final ContractDirectory contracts;
  private final Map<Integer, ClientSession> sessions = new ConcurrentHashMap<>();
  private final Map<Integer, Map<Integer, List<byte[]>>> recorded = new ConcurrentHashMap<>();
  private final AtomicInteger pacingViolations = new AtomicInteger();
  private final AtomicInteger connectionsServed = new AtomicInteger();
  private final AtomicInteger marketDataRefused = new AtomicInteger();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger refusedConnections = new AtomicInteger();
  private final Set<Integer> knownClientIds = new HashSet<>();
  private final AtomicLong recordedBytes = new AtomicLong();
  private volatile boolean recordingFull;
  private final AtomicInteger ordersToDrop = new AtomicInteger();
  private final List<AutoCloseable> feeds = new ArrayList<>();
  private volatile ServerSocket server;
  private volatile boolean running;

  public PaperGateway(GatewayConfig config) {
    this.config = config;
    this.audit = new OrderAudit(config.historyCapacity);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "paper-gw-market");
              t.setDaemon(true);
              return t;
            });
    this.contracts = new ContractDirectory(config);
    this.exchange = new SimulatedExchange(config, this::toClient, scheduler, audit, contracts);
  }

  /** Binds (port 0 = a free port), starts accepting clients and the configured tick source. */
  public PaperGateway start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress), config.port), 50);
    this.server = s;
    this.running = true;
    Thread acceptor = new Thread(this::acceptLoop, "paper-gw-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    if (config.ticksFile != null) {
      feeds.add(TickFileFeed.start(config.ticksFile, config.speed, scheduler, this::publishTick));
    } else if (!config.randomWalkSymbols.isEmpty()) {
      feeds.add(
          RandomWalkFeed.start(
              config.randomWalkSymbols,
              config.seed,
              config.randomWalkStart,
              config.randomWalkIntervalMillis,
              scheduler,
              config.clock,
              this::publishTick));
    }
    log.info("paper gateway listening on {}:{}", config.bindAddress, port());
    return this;
  }

  private void acceptLoop() {
    while (running) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (running) {
          log.warn("accept failed: {}", e.getMessage());
        }
        continue;
      }
      if (config.clientSendBufferBytes > 0) {
        try {
          socket.setSendBufferSize(config.clientSendBufferBytes);
        } catch (IOException e) {
          log.warn("send buffer not set, the system's is used: {}", e.getMessage());
        }
      }
      if (openConnections.incrementAndGet() > config.connectionsMax) {
        openConnections.decrementAndGet();
        refuse(socket);
        continue;
      }
      try {
        new ClientSession(this, socket, config).start();
        connectionsServed.incrementAndGet();
      } catch (RuntimeException | OutOfMemoryError e) {
        // no thread for the reader (the machine is out of them): this connection only is lost
        log.error("cannot serve a new connection; closing it", e);
        connectionEnded();
        closeQuietly(socket);
      }
    }
  }

  /** Closes a connection past {@code connectionsMax} unanswered; logs the 1st and every 100th. */
  private void refuse(Socket socket) {
    int refused = refusedConnections.incrementAndGet();
    if (refused == 1 || refused % 100 == 0) {
      log.warn(
          "{} connections open, the limit: {} refused ({} so far)",
          config.connectionsMax,
          socket.getRemoteSocketAddress(),
          refused);
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** A connection's reader has ended: its place among {@code connectionsMax} is free. */
  void connectionEnded() {
    openConnections.decrementAndGet();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void stop() {
    running = false;
    for (AutoCloseable f : feeds) {
      try {
        f.close();
      } catch (Exception e) {
        log.debug("feed close failed", e);
      }
    }
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // closing
    }
    for (ClientSession s : List.copyOf(sessions.values())) {
      s.close("gateway stopped");
    }
    scheduler.shutdownNow();
  }

  @Override
  public void close() {
    stop();
  }

  GatewayConfig config() {
    return config;
  }

  SimulatedExchange exchange() {
    return exchange;
  }

  ContractDirectory contracts() {
    return contracts;
  }

  Instant now() {
    return config.clock.instant();
  }

  /**
   * True when the gateway keeps (or may start keeping) the state of this client id: a known id, or
   * a new one while fewer than {@code clientIdsMax} are known. Known ids are never forgotten, so
   * that a reconnecting client's used order ids stay refused (103).
   */
  boolean admitClientId(int clientId) {
    synchronized (knownClientIds) {
      if (knownClientIds.contains(clientId)) {
        return true;
      }
      if (knownClientIds.size() >= config.clientIdsMax) {
        return false;
      }
      knownClientIds.add(clientId);
      return true;
    }
  }

  boolean register(ClientSession s) {
    return sessions.putIfAbsent(s.clientId(), s) == null;
  }

  void unregister(ClientSession s, String reason) {
    if (s.clientId() >= 0 && sessions.remove(s.clientId(), s)) {
      log.info("client {} disconnected: {}", s.clientId(), reason);
    }
  }

  private void toClient(int clientId, FieldWriter message) {
    ClientSession s = sessions.get(clientId);
    if (s != null) {
      s.send(message);
    }
  }

  /**
   * Keeps a copy of a request for {@link #recordedRequests}: the first 20 per client and message
   * id, while the recordings cost less than {@code recordedRequestBytesMax} in all.
   */
  void recordRequest(int clientId, int msgId, byte[] body) {
    if (recordingFull) {
      return;
    }
    long cost = body.length + RECORDED_OVERHEAD_BYTES;
    if (recordedBytes.addAndGet(cost) > config.recordedRequestBytesMax) {
      recordedBytes.addAndGet(-cost);
      recordingFull = true;
      log.info(
          "recorded requests reached {} bytes, their limit: no more are recorded",
          config.recordedRequestBytesMax);
      return;
    }
    List<byte[]> list =
        recorded
            .computeIfAbsent(clientId, c -> new ConcurrentHashMap<>())
            .computeIfAbsent(msgId, m -> new java.util.concurrent.CopyOnWriteArrayList<>());
    if (list.size() < RECORDED_PER_TYPE) {
      list.add(body.clone());
    } else {
      recordedBytes.addAndGet(-cost);
    }
  }

  void pacingViolation(int clientId) {
    pacingViolations.incrementAndGet();
  }

  void marketDataRefused() {
    marketDataRefused.incrementAndGet();
  }

  // ---- market ----

  /** Publishes one tick: the exchange fills against it, then subscribers get market data. */
  public void publishTick(Tick t) {
    exchange.onTick(t);
    for (ClientSession s : sessions.values()) {
      s.onTick(t);
    }
  }

  public void publishTick(String symbol, String last) {
    publishTick(Tick.of(symbol, now(), new BigDecimal(last)));
  }

  /**
   * Whether a connected client has market data on {@code symbol}: a tick published before that is
   * delivered to no one (tests wait for it before they publish the ticks they count).
   */
  public boolean streams(String symbol) {
    for (ClientSession s : sessions.values()) {
      if (s.marketData.watches(symbol)) {
        return true;
      }
    }
    return false;
  }

  /** The last price published on {@code symbol} (sent at once to a new subscriber), or null. */
  public BigDecimal lastPrice(String symbol) {
    return exchange.lastPrice(symbol);
  }

  /** Moves {@code symbol} to another tick grid: reqContractDetails answers it from now on. */
  public void setTickSize(String symbol, BigDecimal tick) {
    contracts.setTickSize(symbol, tick);
  }

  // ---- inspection ----

  public OrderAudit getAudit() {
    return audit;
  }

  /**
   * Message bodies (without the length) each client sent, first 20 per message id, while the
   * recordings stay within {@code recordedRequestBytesMax} (see {@link #recordingFull()}).
   */
  public Map<Integer, List<byte[]>> recordedRequests(int clientId) {
    return Map.copyOf(recorded.getOrDefault(clientId, Map.of()));
  }

  /** Connections closed unanswered because {@code connectionsMax} were open. */
  public int refusedConnections() {
    return refusedConnections.get();
  }

  /** Connections open now, those still in their handshake included. */
  public int openConnections() {
    return openConnections.get();
  }

  /** What the recorded requests cost against {@code recordedRequestBytesMax}. */
  public long recordedRequestBytes() {
    return recordedBytes.get();
  }

  /** True once the recorded requests reached their byte budget: nothing more is recorded. */
  public boolean recordingFull() {
    return recordingFull;
  }

  public int pacingViolations() {
    return pacingViolations.get();
  }

  /** Connections served since start (each a client session), for tests that expect no reconnect. */
  public int connectionsServed() {
    return connectionsServed.get();
  }

  /** Market data requests refused since start (line limit, symbol checks), on any connection. */
  public int marketDataRefusals() {
    return marketDataRefused.get();
  }

  public Set<Integer> connectedClientIds() {
    return Set.copyOf(sessions.keySet());
  }

  public Map<String, Position> positions(String account) {
    return exchange.positions(account);
  }

  /** Every account this gateway serves (managedAccounts), the default one first. */
  public List<String> accounts() {
    return List.copyOf(config.accounts);
  }

  public String account() {
    return config.accounts.get(0);
  }

  /** Executions so far, as (orderRef, side, shares, price) strings for assertions. */
  public List<String> executionSummaries() {
    return exchange.executions().stream()
        .map(e -> e.orderRef() + " " + e.side() + " " + e.shares() + " @ " + e.price())
        .toList();
  }

  /** Executions so far, each with the commission reported for it, in the order they happened. */
  public List<ExecutionReport> executionReports() {
    return exchange.executions().stream()
        .map(
            e ->
                new ExecutionReport(
                    e.execId(), e.orderRef(), e.side(), e.shares(), e.price(), e.commission()))
        .toList();
  }

  public int executionCount() {
    return exchange.executions().size();
  }

  public long openOrderCount() {
    return exchange.openOrderCount();
  }

  public String orderStatus(int clientId, int orderId) {
    return exchange.status(clientId, orderId);
  }

  // ---- faults ----

  /** Drops every client connection (IB restarting, network cut). Orders stay working. */
  public void dropConnections() {
    for (ClientSession s : List.copyOf(sessions.values())) {
      s.close("dropped by fault injection");
    }
  }

  /**
   * The next {@code count} placeOrder messages, from any client, are not processed: the connection
   * they arrived on is dropped at once, without an answer (an order written into a connection that
   * dies before the client notices). Such an order never reaches the audit.
   */
  public void dropConnectionOnNextOrders(int count) {
    ordersToDrop.set(count);
  }

  /** True when this placeOrder must be lost with its connection (see above); counts it. */
  boolean takeOrderToDrop() {
    return ordersToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  public void dropClient(int clientId) {
    ClientSession s = sessions.get(clientId);
    if (s != null) {
      s.close("dropped by fault injection");
    }
  }

  /** Sends 1100, 1101 or 1102 to every client. */
  public void sendConnectivity(int code) {
    String text =
        switch (code) {
          case ErrorCodes.CONNECTIVITY_LOST -> "Connectivity between IB and TWS has been lost.";
          case ErrorCodes.RESTORED_DATA_LOST ->
              "Connectivity between IB and TWS has been restored- data lost.";
          case ErrorCodes.RESTORED_DATA_KEPT ->
              "Connectivity between IB and TWS has been restored- data maintained.";
          default -> "connectivity " + code;
        };
    for (ClientSession s : sessions.values()) {
      s.send(ServerMessages.error(-1, code, text));
    }
  }

  public void setDuplicateOrderStatus(boolean on) {
    exchange.setDuplicateStatus(on);
  }

  public void setExecutionDelayMillis(long millis) {
    exchange.setExecutionDelayMillis(millis);
  }

  public void replayExecutions(int clientId) {
    exchange.replayExecutions(clientId);
  }

  public void rejectNextOrder(String reason) {
    exchange.rejectNextOrder(reason);
  }

  /**
   * Every whatIf order from now on is answered with error 201 and {@code reason} (null: with its
   * margin figures again), as IB answers a whatIf it would not accept.
   */
  public void rejectWhatIfOrders(String reason) {
    exchange.setWhatIfRejection(reason);
  }

  /** Raw bytes to one client (malformed-input tests). */
  public void sendRawToClient(int clientId, byte[] bytes) {
    ClientSession s = sessions.get(clientId);
    if (s != null) {
      s.sendRaw(bytes);
    }
  }
}
