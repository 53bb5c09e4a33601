package com.tradeplan.runtime;

import com.mongodb.client.MongoDatabase;
import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.store.LoadResult;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.QuarantinedDocument;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.TradeWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trading platform: the store, the engine's lanes, the IB broker behind the RiskGate, market
 * data, and the {@link TradingService} over them. {@link #start} recovers every monitored plan
 * before anything is sent (docs/persistence.md, "Recovery in practice"); {@link #close} shuts down
 * cleanly. Thread-safe.
 */
public final class Platform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

  /** The bundled, generated demo tick file (see {@link DemoTicks}). */
  public static final String DEMO_TICKS_RESOURCE = "/com/tradeplan/runtime/demo-ticks.csv";

  /**
   * Fault injection for tests (a system property, never an environment variable operators would
   * set): milliseconds each order waits between its recorded intent and the wire.
   */
  static final String SEND_DELAY_PROPERTY = "tradeplan.test.sendDelayMillis";

  private final PlatformConfig config;
  private final Alerts alerts;
  private final MongoConfig.MongoConnection connection;
  private final TradeStore store;
  private final TradeWriter writer;
  private final PaperGateway gateway;
  private final IbBroker broker;
  private final RiskGate riskGate;
  private final LaneEngine engine;
  private final TradingServiceImpl service;
  private final ScheduledExecutorService pnlTimer;
  private final Map<String, BigDecimal> lastPrices = new ConcurrentHashMap<>();
  private final Map<String, Long> lastTickNanos = new ConcurrentHashMap<>();
  private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
  private final Set<String> pricesMoved = ConcurrentHashMap.newKeySet();
  private final RecoveryReport recovery;
  private final java.util.concurrent.atomic.AtomicLong ticksReceived =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;

  /**
   * What recovery found and did at start.
   *
   * @param resumed plans monitored again
   * @param quarantined unreadable documents (plan id and reason), not resumed
   * @param resent orders whose intent was recorded but which provably never reached the broker (no
   *     send journaled), sent now with their recorded orderRef
   * @param restored orders registered with the broker as possibly sent, for reconciliation
   */
  public record RecoveryReport(
      int resumed, List<QuarantinedDocument> quarantined, List<String> resent, int restored) {}

  private Platform(PlatformConfig config, MetricsSink metrics) {
    this.config = config;
    this.alerts = new Alerts();
    PaperGateway gw = null;
    MongoConfig.MongoConnection conn = null;
    try {
      conn = MongoConfig.fromEnvironment(config.storeEnvironment()).connect();
      this.connection = conn;
      this.store = TradeStore.open(conn.database());
      this.writer = new TradeWriter(store, TradeWriter.Config.defaults(), alerts.storeListener());
      IbBrokerConfig ib = config.ib();
      if (ib == null) {
        gw = startGateway(config);
        ib = IbBrokerConfig.of("127.0.0.1", gw.port(), 1, gw.account());
      }
      this.gateway = gw;
      this.broker = new IbBroker(ib, alerts::alert);
      broker.setAckLatencyListener(metrics::orderAcknowledged);
      // Write-ahead of every placeOrder: an order without a journaled id never reached the wire.
      long sendDelayMillis = Long.getLong(SEND_DELAY_PROPERTY, 0);
      broker.setSendJournal(
          (ref, orderId) -> {
            if (sendDelayMillis > 0) {
              // Fault injection for the crash test only: widens "recorded, not yet sent".
              java.util.concurrent.locks.LockSupport.parkNanos(
                  TimeUnit.MILLISECONDS.toNanos(sendDelayMillis));
            }
            return store.recordBrokerOrderId(ref.planId(), ref.toString(), orderId);
          });
      this.riskGate =
          new RiskGate(
              broker,
              config.maxOrderQuantity(),
              config.ordersPerSecondPerOwner(),
              config.orderBurstPerOwner());
      LiveHub live = new LiveHub(config.liveReplayWindow());
      this.service =
          new TradingServiceImpl(
              store,
              writer,
              config.clock(),
              alerts,
              live,
              new TradingServiceImpl.MarketData() {
                @Override
                public BigDecimal lastPrice(String symbol) {
                  return lastPrices.get(symbol);
                }

                @Override
                public Map<String, BigDecimal> lastPrices() {
                  return Map.copyOf(lastPrices);
                }

                @Override
                public void ensureSubscribed(Instrument instrument) {
                  subscribe(instrument);
                }
              },
              () -> riskGate.engageKillSwitch("store write queue full"),
              riskGate::releaseKillSwitch);
      this.engine =
          new LaneEngine(
              RuleSet.fromClasspath(),
              riskGate,
              service,
              config.lanes(),
              config.inboxCapacity(),
              config.clock(),
              metrics);
      service.setEngine(engine);
      this.recovery = recover();
      this.pnlTimer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tradeplan-pnl");
                t.setDaemon(true);
                return t;
              });
      long every = Math.max(1, config.pnlUpdateInterval().toMillis());
      pnlTimer.scheduleAtFixedRate(this::publishPnl, every, every, TimeUnit.MILLISECONDS);
    } catch (RuntimeException | Error e) {
      if (gw != null) {
        gw.stop();
      }
      if (conn != null) {
        conn.close();
      }
      throw e;
    }
  }

  /**
   * Starts the platform: store, engine, broker (or the embedded paper gateway), recovery of every
   * monitored plan, market data. Returns when recovery is done and the broker is ready (or {@code
   * brokerReadyTimeout} passed: then orders wait in the broker's queue until it is).
   */
  public static Platform start(PlatformConfig config) {
    return new Platform(config, MetricsSink.NONE);
  }

  /**
   * As {@link #start(PlatformConfig)}, pushing what the engine and broker measure to {@code
   * metrics}.
   */
  public static Platform start(PlatformConfig config, MetricsSink metrics) {
    return new Platform(config, metrics);
  }

  /** How many times the IB link was re-established after the first connection. */
  public int brokerReconnects() {
    return Math.max(0, broker.reconciliations() - 1);
  }

  public TradingService service() {
    return service;
  }

  /** The platform's database, for the server's own collections (users, keys, audit). */
  public MongoDatabase database() {
    return connection.database();
  }

  public RecoveryReport recovery() {
    return recovery;
  }

  /** The embedded paper gateway, or null when connected to a real IB Gateway / TWS. */
  public PaperGateway embeddedGateway() {
    return gateway;
  }

  /** The broker behind the RiskGate (for operators: kill switch, link state, positions). */
  public RiskGate riskGate() {
    return riskGate;
  }

  public PlatformHealth health() {
    boolean storeUp;
    try {
      connection.database().runCommand(new Document("ping", 1));
      storeUp = true;
    } catch (RuntimeException e) {
      storeUp = false;
    }
    long now = System.nanoTime();
    Map<String, Long> age = new TreeMap<>();
    for (String symbol : subscriptions.keySet()) {
      Long at = lastTickNanos.get(symbol);
      age.put(symbol, at == null ? -1 : TimeUnit.NANOSECONDS.toMillis(now - at));
    }
    List<Integer> depths = new ArrayList<>();
    Arrays.stream(engine.inboxDepths()).forEach(depths::add);
    return new PlatformHealth(
        storeUp,
        broker.state().name(),
        age,
        depths,
        writer.metrics().queueDepth(),
        engine.monitoredPlans(),
        engine.ticksDropped(),
        alerts.count(),
        alerts.recent());
  }

  /** Store writes handed to the writer and order intents recorded since start (for tests). */
  public long[] writeCounts() {
    return new long[] {service.writesSubmitted(), service.intentsRecorded()};
  }

  /** Ticks received from market data since start. */
  public long ticksReceived() {
    return ticksReceived.get();
  }

  /** Orders the engine decided since start (each is recorded, then sent). */
  public long ordersDecided() {
    return service.ordersDecided();
  }

  /**
   * Waits until every lane has run everything handed to it before this call (a barrier through each
   * monitored plan's lane), for tests and tools that drive ticks step by step.
   */
  public boolean awaitEngineIdle(Duration timeout) {
    List<CompletableFuture<PlanSnapshot>> all = new ArrayList<>();
    for (String planId : service.knownPlanIds()) {
      all.add(engine.snapshot(planId));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until every subscribed symbol has a price (market data flows), or the timeout. */
  public boolean awaitMarketData(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lastPrices) {
      while (!lastPrices.keySet().containsAll(subscriptions.keySet())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lastPrices, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Waits until every accepted store write is durable. */
  public boolean flush(Duration timeout) {
    return writer.flush(timeout);
  }

  /**
   * Clean shutdown: the broker link first (no new reports or ticks; orders still queued in it were
   * never journaled and are sent by the next start), then the lanes finish their inboxes, the
   * writer drains, and the gateway and the store close.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pnlTimer.shutdownNow();
    for (AutoCloseable s : subscriptions.values()) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.debug("unsubscribe failed", e);
      }
    }
    broker.close();
    engine.close();
    if (!writer.flush(Duration.ofSeconds(30))) {
      LOG.error("store writes not all durable at shutdown; recovery re-derives them from IB");
    }
    writer.close();
    if (gateway != null) {
      gateway.stop();
    }
    connection.close();
    LOG.info("platform stopped");
  }

  // ------------------------------------------------------------------ market data

  private void subscribe(Instrument instrument) {
    subscriptions.computeIfAbsent(
        instrument.symbol(), s -> broker.subscribeTicks(instrument, this::onTick));
  }

  private void onTick(Tick tick) {
    lastTickNanos.put(tick.symbol(), System.nanoTime());
    BigDecimal before = lastPrices.put(tick.symbol(), tick.last());
    if (before == null) {
      synchronized (lastPrices) {
        lastPrices.notifyAll();
      }
    }
    pricesMoved.add(tick.symbol());
    engine.onTick(tick);
    ticksReceived.incrementAndGet();
  }

  private void publishPnl() {
    try {
      if (pricesMoved.isEmpty()) {
        return;
      }
      Set<String> moved = new HashSet<>(pricesMoved);
      pricesMoved.removeAll(moved);
      service.publishPnl(moved);
    } catch (RuntimeException e) {
      LOG.error("P&L updates failed", e);
    }
  }

  // ------------------------------------------------------------------ recovery

  private RecoveryReport recover() {
    LoadResult loaded = store.loadMonitored();
    for (QuarantinedDocument q : loaded.quarantined()) {
      alerts.alert(
          "QUARANTINED_PLAN",
          "plan " + q.planId() + " (" + q.collection() + ") not resumed: " + q.reason());
    }
    List<OrderRequest> unsent = new ArrayList<>();
    List<OrderRequest> cancelAgain = new ArrayList<>();
    List<CompletableFuture<Void>> added = new ArrayList<>();
    int restored = 0;
    for (PlanSnapshot s : loaded.plans()) {
      Map<String, Long> journaled = store.brokerOrderIds(s.planId());
      for (OrderSnapshot o : s.orders()) {
        OrderRequest request =
            OrderRequest.market(
                o.ref(),
                s.plan().owner(),
                s.plan().instrument(),
                o.action(),
                o.quantity(),
                o.rule());
        if (o.status() == OrderStatus.CREATED && !journaled.containsKey(o.ref().toString())) {
          unsent.add(request); // provably never written to the broker
        } else {
          broker.restoreSentOrder(request, o.status());
          restored++;
          if (o.status() == OrderStatus.PENDING_CANCEL) {
            cancelAgain.add(request);
          }
        }
      }
      writer.adopt(s.planId(), s.version());
      added.add(engine.addPlan(s));
      service.track(s);
    }
    CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).join();
    // Only now the broker connects: its reconciliation delivers missed fills and statuses to the
    // rebuilt sessions, and the market data subscriptions go out after it.
    broker.start();
    List<String> resent = new ArrayList<>();
    for (OrderRequest r : unsent) {
      // Queued now, written by the broker after its reconcile, before any order decided later.
      SubmitResult result =
          riskGate.killSwitchEngaged() || r.quantity() > config.maxOrderQuantity()
              ? SubmitResult.denied("risk limits at restart")
              : broker.submit(r);
      if (result.code() == SubmitResult.Code.DENIED) {
        engine.onOrderUpdate(OrderUpdate.rejected(r.ref(), "denied: " + result.reason()));
      }
      resent.add(r.ref().toString());
      LOG.warn("order {} was recorded but never sent before the restart: sent now", r.ref());
    }
    boolean ready;
    try {
      ready = broker.awaitReady(config.brokerReadyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready = false;
    }
    if (!ready) {
      alerts.alert(
          "BROKER_NOT_READY",
          "IB not connected and reconciled within " + config.brokerReadyTimeout() + "; retrying");
    }
    for (OrderRequest r : cancelAgain) {
      // The cancel was recorded before it was sent; it may not have reached IB. A second cancel of
      // an order IB still works is what the uninterrupted run did; of a done order it is refused.
      riskGate.cancel(r.ref());
    }
    LOG.info(
        "recovery: {} plans resumed, {} quarantined, {} orders restored, {} resent",
        loaded.plans().size(),
        loaded.quarantined().size(),
        restored,
        resent.size());
    return new RecoveryReport(loaded.plans().size(), loaded.quarantined(), resent, restored);
  }

  private static PaperGateway startGateway(PlatformConfig config) {
    GatewayConfig g = new GatewayConfig();
    g.port = config.gatewayPort();
    g.speed = config.gatewaySpeed();
    g.ticksFile = config.gatewayTicksFile() != null ? config.gatewayTicksFile() : demoTicks(config);
    try {
      return new PaperGateway(g).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "paper gateway cannot listen on 127.0.0.1:" + config.gatewayPort(), e);
    }
  }

  private static Path demoTicks(PlatformConfig config) {
    try (InputStream in = Platform.class.getResourceAsStream(DEMO_TICKS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled demo ticks missing: " + DEMO_TICKS_RESOURCE);
      }
      Files.createDirectories(config.dataDir());
      Path file = config.dataDir().resolve("demo-ticks.csv");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
