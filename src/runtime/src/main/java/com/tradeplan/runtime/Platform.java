package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.HolderCall;
import com.tradeplan.cluster.HolderReply;
import com.tradeplan.cluster.MarketDataListener;
import com.tradeplan.cluster.OwnershipListener;
import com.tradeplan.cluster.ReplicationResult;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.LoadResult;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.QuarantinedDocument;
import com.tradeplan.store.StoreAlertListener;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trading platform: the store, the engine's lanes, the IB broker behind the RiskGate, market
 * data, the process's Hazelcast member (a single process is a one-member cluster; docs/cluster.md),
 * and the {@link TradingService} over them. {@link #start} recovers every monitored plan of the
 * users this member runs before anything is sent (docs/persistence.md, "Recovery in practice");
 * {@link #close} shuts down cleanly. Thread-safe.
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

  /** The embedded store this process serves on a fixed port to other members, or null. */
  private EmbeddedMongo sharedStore;

  /** The Hazelcast member of this process (a single process is a one-member cluster). */
  private final ClusterNode cluster;

  /** Plan id to owner, for the send journal's last ownership check. */
  private final Map<String, String> ownerOfPlan = new ConcurrentHashMap<>();

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

  static final long FOREIGN_RECONCILE_MILLIS = 1_000;

  // Set once the node exists (callbacks may run before the constructor returns).
  private volatile ClusterNode clusterRef;

  private Platform(PlatformConfig config, MetricsSink metrics) {
    this.config = config;
    this.alerts = new Alerts();
    PaperGateway gw = null;
    MongoConfig.MongoConnection conn = null;
    EmbeddedMongo shared = null;
    try {
      Map<String, String> storeEnv = new java.util.HashMap<>(config.storeEnvironment());
      String fixedPort = storeEnv.remove(PlatformConfig.EMBEDDED_MONGO_PORT);
      if (fixedPort != null && !storeEnv.containsKey("MONGODB_URI")) {
        // The embedded store on a known port, shared with the other members of a local cluster.
        Files.createDirectories(config.dataDir());
        shared =
            EmbeddedMongo.start(
                config.dataDir().resolve(EmbeddedMongo.DEFAULT_FILE.getFileName()),
                Integer.parseInt(fixedPort.trim()));
        storeEnv.put("MONGODB_URI", shared.connectionString());
      }
      conn = MongoConfig.fromEnvironment(storeEnv).connect();
      this.sharedStore = shared;
      this.connection = conn;
      this.store = TradeStore.open(conn);
      StoreAlertListener storeAlerts = alerts.storeListener();
      this.writer =
          new TradeWriter(
              store,
              TradeWriter.Config.defaults(),
              new StoreAlertListener() {
                @Override
                public void cannotDrain(String planId, int attempts, Throwable lastError) {
                  storeAlerts.cannotDrain(planId, attempts, lastError);
                }

                @Override
                public void drained(String planId, int attempts) {
                  storeAlerts.drained(planId, attempts);
                }

                @Override
                public void queueFull(int depth, Duration waited) {
                  storeAlerts.queueFull(depth, waited);
                }

                @Override
                public void conflict(String planId, long attemptedVersion, long storedVersion) {
                  storeAlerts.conflict(planId, attemptedVersion, storedVersion);
                  onStoreConflict(planId);
                }

                @Override
                public void writeRefused(String planId, Throwable error) {
                  storeAlerts.writeRefused(planId, error);
                }
              });
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
          new IbBroker.SendJournal() {
            @Override
            public boolean beforePlace(OrderRef ref, int orderId) {
              return mayWrite(ref)
                  && store.recordBrokerOrderId(ref.planId(), ref.toString(), orderId);
            }

            @Override
            public boolean beforeResend(OrderRef ref, int orderId) {
              return mayWrite(ref)
                  && store.recordBrokerOrderIdOfResend(ref.planId(), ref.toString(), orderId);
            }

            private boolean mayWrite(OrderRef ref) {
              if (sendDelayMillis > 0) {
                // Fault injection for the crash test only: widens "recorded, not yet sent".
                java.util.concurrent.locks.LockSupport.parkNanos(
                    TimeUnit.MILLISECONDS.toNanos(sendDelayMillis));
              }
              // The last check before the wire. A member that lost the user writes nothing more
              // for it (onRelease waits for the order in flight, if any).
              ClusterNode node = clusterRef;
              String owner = ownerOfPlan.get(ref.planId());
              if (node == null || owner == null || !node.guard().maySend(owner)) {
                LOG.warn("order {} not sent: this member does not run its user", ref);
                return false;
              }
              return true;
            }
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
      broker.setReconcileAllClients(true);
      service.setMembership(new Membership());
      this.cluster =
          ClusterNode.start(
              config.cluster(),
              new Ownership(),
              new MarketDataListener() {
                @Override
                public void onSymbolNeeded(String symbol) {
                  // subscribed with its instrument when the plan is tracked
                }

                @Override
                public void onSymbolDropped(String symbol) {
                  unsubscribe(symbol);
                  resubscribeIfNeeded(symbol);
                }
              });
      clusterRef = cluster;
      cluster.setCallTarget(service);
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
      {
        // Orders another member (another client id) sent and that were still working when this
        // member took their users over report to that client only: read them again until done.
        pnlTimer.scheduleWithFixedDelay(
            () -> {
              try {
                if (broker.hasForeignWorkingOrders()) {
                  broker.reconcileNow();
                }
                reportQuorum();
                handPlansToCluster();
              } catch (RuntimeException e) {
                // A throw would cancel this periodic task for good.
                LOG.error("cluster housekeeping failed; retried in a second", e);
              }
            },
            FOREIGN_RECONCILE_MILLIS,
            FOREIGN_RECONCILE_MILLIS,
            TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException | Error e) {
      ClusterNode node = clusterRef;
      if (node != null) {
        node.terminate();
      }
      if (gw != null) {
        gw.stop();
      }
      if (conn != null) {
        conn.close();
      }
      if (shared != null) {
        shared.close();
      }
      throw e;
    } catch (IOException e) {
      if (shared != null) {
        shared.close();
      }
      throw new UncheckedIOException(e);
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

  /** The platform's store connection, for the server's own collections (users, keys, audit). */
  public MongoConfig.MongoConnection storeConnection() {
    return connection;
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
      connection.ping();
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
        alerts.recent(),
        cluster.clusterSize(),
        cluster.hasQuorum(),
        heldUsers().size());
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
    // Stops sending for every user, runs every onRelease, hands the leases back, leaves.
    cluster.stop();
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
    if (sharedStore != null) {
      sharedStore.close();
    }
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

  // ------------------------------------------------------------------ cluster

  /** The cluster member of this platform. */
  public ClusterNode cluster() {
    return cluster;
  }

  /**
   * Users this member runs now: it holds their lease and their plans are back in its engine (a
   * take-over counts once the engine monitors every plan again).
   */
  public Set<String> heldUsers() {
    Set<String> held = new java.util.TreeSet<>(cluster.heldUsers().keySet());
    held.retainAll(monitoring);
    return held;
  }

  /** Users whose take-over finished: every plan of theirs is in the engine. */
  private final Set<String> monitoring = ConcurrentHashMap.newKeySet();

  /**
   * Users taken over whose lane has also run everything that was queued before the take-over: their
   * plans are evaluated on prices that arrived after it.
   */
  private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();

  /**
   * Users this member runs whose lane has caught up since their take-over (see {@link #heldUsers}):
   * a subset of it, equal to it once the lanes have no backlog from before.
   */
  public Set<String> caughtUpUsers() {
    Set<String> users = heldUsers();
    users.retainAll(caughtUp);
    return users;
  }

  /**
   * Tests only: dies like a killed process as far as the others can tell (Hazelcast terminated
   * without handing anything over, the IB link dropped, nothing flushed), then frees its threads.
   */
  void crashForTest() {
    closed = true;
    cluster.terminate();
    pnlTimer.shutdownNow();
    broker.close();
    engine.close();
    writer.close();
    connection.close();
  }

  private volatile boolean quorumReported = true;

  /** The minority side of a split says so in the platform's alerts (and so in its health). */
  private void reportQuorum() {
    boolean quorum = cluster.hasQuorum();
    if (!quorum && quorumReported) {
      alerts.alert(
          "CLUSTER_NO_QUORUM",
          "member "
              + cluster.address()
              + " sees fewer cluster members than the split-brain protection needs: it sends no"
              + " orders and runs no user until the cluster is whole again");
    } else if (quorum && !quorumReported) {
      LOG.warn("member {}: split-brain protection satisfied again", cluster.address());
    }
    quorumReported = quorum;
  }

  /**
   * A plan on {@code symbol} added on the ownership thread while the lane dropped the symbol (its
   * last plan finished) may have found the old subscription still there: subscribe again.
   */
  private void resubscribeIfNeeded(String symbol) {
    ClusterNode node = clusterRef;
    if (node == null || closed || !node.symbolsNeeded().contains(symbol)) {
      return;
    }
    for (PlanSnapshot s : service.monitoredPlans().values()) {
      if (s.plan().symbol().equals(symbol) && !s.status().isTerminal()) {
        subscribe(s.plan().instrument());
        return;
      }
    }
  }

  private void unsubscribe(String symbol) {
    AutoCloseable s = subscriptions.remove(symbol);
    if (s != null) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.debug("unsubscribe {} failed", symbol, e);
      }
    }
  }

  /**
   * Start: every member hands the store's monitored plans to the cluster (a plan the cluster knows
   * already is left alone); the member holding each user rebuilds it in {@link
   * Ownership#onAcquire}. Once the users of this member's partitions run here (a single process:
   * every user), the broker connects (docs/persistence.md, "Recovery in practice").
   */
  private RecoveryReport recover() {
    LoadResult loaded = store.loadMonitored();
    for (QuarantinedDocument q : loaded.quarantined()) {
      alerts.alert(
          "QUARANTINED_PLAN",
          "plan " + q.planId() + " (" + q.collection() + ") not resumed: " + q.reason());
    }
    Map<String, List<PlanSnapshot>> byOwner = new TreeMap<>();
    for (PlanSnapshot s : loaded.plans()) {
      byOwner.computeIfAbsent(s.plan().owner(), o -> new ArrayList<>()).add(s);
    }
    for (List<PlanSnapshot> plans : byOwner.values()) {
      notHandedYet.addAll(plans);
    }
    handPlansToCluster();
    // The users this member runs are rebuilt before the broker connects, as a restart of a single
    // process always did: the first reconcile then delivers the fills and statuses missed while
    // down to the rebuilt sessions, and the orders queued at take-over are written after it.
    Set<String> waitFor = new java.util.TreeSet<>(byOwner.keySet());
    for (PlanSnapshot s : notHandedYet) {
      waitFor.remove(s.plan().owner()); // not in the cluster yet (no quorum): nobody takes it
    }
    awaitLocalTakeOvers(waitFor);
    broker.start();
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
    List<OrderRequest> cancels;
    List<String> resent;
    int restored;
    synchronized (ownershipLock) {
      cancels = List.copyOf(startupCancels);
      startupCancels = null; // from now on take-overs cancel again themselves
      resent = List.copyOf(startupResent);
      restored = startupRestored;
      starting = false;
    }
    for (OrderRequest r : cancels) {
      // The cancel was recorded before it was sent; it may not have reached IB. A second cancel of
      // an order IB still works is what the uninterrupted run did; of a done order it is refused.
      riskGate.cancel(r.ref());
    }
    LOG.info(
        "cluster member {}: {} monitored plans of {} users loaded from the store; {} orders"
            + " restored, {} resent",
        cluster.address(),
        loaded.plans().size(),
        byOwner.size(),
        restored,
        resent.size());
    return new RecoveryReport(loaded.plans().size(), loaded.quarantined(), resent, restored);
  }

  /** How long start waits for this member's take-overs of the store's users. */
  static final Duration START_TAKEOVER_WAIT = Duration.ofSeconds(30);

  /**
   * Waits until every user of {@code owners} whose partition this member owns has been taken over
   * here (the others are run by other members). Bounded: an alert, then start goes on.
   */
  private void awaitLocalTakeOvers(Set<String> owners) {
    long deadline = System.nanoTime() + START_TAKEOVER_WAIT.toNanos();
    while (true) {
      List<String> missing = new ArrayList<>();
      for (String owner : owners) {
        if (!takenOver.contains(owner) && partitionIsLocal(owner)) {
          missing.add(owner);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        alerts.alert(
            "TAKEOVER_SLOW",
            "users "
                + missing
                + " not running here "
                + START_TAKEOVER_WAIT
                + " after start; the broker connects anyway");
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** Whether this member owns the partition of {@code owner}, i.e. should run the user. */
  private boolean partitionIsLocal(String owner) {
    ClusterNode node = clusterRef;
    return node != null && node.ownsPartitionOf(owner);
  }

  /** Users whose take-over on this member completed (until released). */
  private final Set<String> takenOver = ConcurrentHashMap.newKeySet();

  // What the take-overs during start did, for the RecoveryReport (guarded by ownershipLock).
  private boolean starting = true;
  private List<OrderRequest> startupCancels = new ArrayList<>();
  private final List<String> startupResent = new ArrayList<>();
  private int startupRestored;

  /** Store plans not handed to the cluster yet (no quorum at start): retried every second. */
  private final java.util.Queue<PlanSnapshot> notHandedYet =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /**
   * Hands the store's monitored plans to the cluster, one at a time (a plan the cluster holds at
   * another version is STALE and left alone, the others still go in). Without quorum (the first
   * member of a cluster that is starting) they wait for the next call; any other failure is an
   * alert and the plan is tried again too.
   */
  private void handPlansToCluster() {
    if (notHandedYet.isEmpty() || !cluster.hasQuorum()) {
      return;
    }
    int handed = 0;
    for (int n = notHandedYet.size(); n > 0; n--) {
      PlanSnapshot s = notHandedYet.poll();
      if (s == null) {
        break;
      }
      ReplicationResult r = cluster.addPlans(s.plan().owner(), List.of(s));
      if (r.ok() || r.outcome() == ReplicationResult.Outcome.STALE_VERSION) {
        handed++;
        continue;
      }
      notHandedYet.add(s);
      if (r.outcome() != ReplicationResult.Outcome.NO_QUORUM) {
        alerts.alert(
            "CLUSTER_LOAD_FAILED",
            "plan " + s.planId() + " not handed to the cluster yet (retried): " + r);
      }
    }
    LOG.info(
        "cluster member {}: {} store plans handed to the cluster, {} still to hand",
        cluster.address(),
        handed,
        notHandedYet.size());
  }

  /**
   * Rebuilds users on this member (one acquire pass, or one user being rebuilt). For each plan the
   * newer of the replicated snapshot and the store's document (by version) is taken; its orders are
   * registered with the broker as possibly sent (or, provably never sent, queued again under their
   * orderRef); the broker reconciles again (every client's orders and executions, by orderRef)
   * before it writes anything queued; then the plans go back into the engine, at the head of their
   * lane's inbox. The store is read twice for all the users together (their plans, their send
   * journal): after a member's death this runs for all its users here at once. Returns the users
   * that could not be taken over (the cluster gives them back); a failure to read the store throws.
   */
  private Set<String> takeOver(Map<String, List<PlanSnapshot>> replicatedByOwner) {
    long began = System.nanoTime();
    Map<String, Map<String, PlanSnapshot>> newestByOwner = new TreeMap<>();
    Map<String, Long> storedVersions = new java.util.HashMap<>();
    for (String owner : replicatedByOwner.keySet()) {
      newestByOwner.put(owner, new TreeMap<>());
    }
    for (PlanSnapshot s :
        store.findByOwners(replicatedByOwner.keySet(), TradeStore.MONITORED).plans()) {
      newestByOwner.get(s.plan().owner()).put(s.planId(), s);
      storedVersions.put(s.planId(), s.version());
    }
    List<String> running = new ArrayList<>();
    replicatedByOwner.forEach(
        (owner, replicated) -> {
          Map<String, PlanSnapshot> newest = newestByOwner.get(owner);
          for (PlanSnapshot r : replicated) {
            PlanSnapshot stored = newest.get(r.planId());
            if (stored == null) {
              storedVersions.put(r.planId(), store.storedVersion(r.planId()).orElse(r.version()));
            }
            if (stored == null || r.version() > stored.version()) {
              newest.put(r.planId(), r);
            }
          }
          newest.values().stream()
              .filter(s -> !s.status().isTerminal())
              .forEach(s -> running.add(s.planId()));
        });
    // One read of the send journal for all the users' plans (a take-over is on the clock).
    Map<String, Map<String, Long>> journal = store.brokerOrderIds(running);
    Set<String> failed = new java.util.TreeSet<>();
    List<OrderRequest> unsent = new ArrayList<>();
    Map<String, List<OrderRequest>> cancelAgain = new TreeMap<>();
    Map<String, List<PlanSnapshot>> restore = new TreeMap<>();
    Map<String, CompletableFuture<Void>> restored = new TreeMap<>();
    int registered = 0;
    for (Map.Entry<String, Map<String, PlanSnapshot>> e : newestByOwner.entrySet()) {
      String owner = e.getKey();
      try {
        List<PlanSnapshot> plans = new ArrayList<>();
        List<OrderRequest> cancels = new ArrayList<>();
        for (PlanSnapshot s : e.getValue().values()) {
          long stored = storedVersions.getOrDefault(s.planId(), s.version());
          if (s.status().isTerminal()) {
            if (s.version() > stored) {
              // The plan ended on the previous member, which died before its store write: the
              // final state (fills, P&L, status) is only in the replicated copy. Written now.
              writer.adopt(s.planId(), stored);
              writer.submit(s, List.of());
            }
            continue;
          }
          ownerOfPlan.put(s.planId(), owner);
          writer.adopt(s.planId(), Math.min(stored, s.version()));
          if (s.version() > stored) {
            // The replicated state is ahead of the store (a write the old member had not flushed).
            writer.submit(s, List.of());
          }
          service.track(s);
          plans.add(s);
        }
        // Into the engine before the broker tracks their orders again: from then on a report of
        // one of them (live, or from the reconcile below) must find its plan — a report for a plan
        // the engine does not know is an alert, and lost.
        restored.put(owner, engine.restorePlans(plans));
        for (PlanSnapshot s : plans) {
          registered +=
              restoreOrders(s, journal.getOrDefault(s.planId(), Map.of()), unsent, cancels);
        }
        restore.put(owner, plans);
        cancelAgain.put(owner, cancels);
      } catch (RuntimeException ex) {
        LOG.error("user {}: take-over failed; the cluster gives the user back", owner, ex);
        failed.add(owner);
      }
    }
    // Reconcile before anything of these users is written: queued orders wait for it. Users whose
    // plans have no order yet (a new user's first plan, in a single process the common case) have
    // nothing at the broker: every order is replicated and recorded before it is sent.
    if (registered > 0 || !unsent.isEmpty()) {
      broker.reconcileNow();
    }
    for (OrderRequest r : unsent) {
      SubmitResult result =
          riskGate.killSwitchEngaged() || r.quantity() > config.maxOrderQuantity()
              ? SubmitResult.denied("risk limits at take-over")
              : broker.submit(r);
      if (result.code() == SubmitResult.Code.DENIED) {
        engine.onOrderUpdate(OrderUpdate.rejected(r.ref(), "denied: " + result.reason()));
      }
      LOG.warn("order {} was recorded but never sent: sent now", r.ref());
    }
    if (starting) {
      // Start: counted in the RecoveryReport; cancels go out once the broker is ready.
      startupRestored += registered;
      unsent.forEach(r -> startupResent.add(r.ref().toString()));
      cancelAgain.values().forEach(startupCancels::addAll);
      cancelAgain.clear();
    }
    restore.forEach(
        (owner, plans) -> {
          takenOver.add(owner);
          List<OrderRequest> cancels = cancelAgain.getOrDefault(owner, List.of());
          // Not joined: the ownership thread goes on with the next users. The plans went to the
          // head of the lane's inbox; the barrier behind them says when the lane has also run what
          // was queued before (the backlog of the other users' ticks and reports).
          restored
              .get(owner)
              .whenComplete(
                  (done, failure) -> {
                    if (failure != null) {
                      alerts.alert(
                          "TAKEOVER_FAILED",
                          "user " + owner + ": plans not added to the engine: " + failure);
                      return;
                    }
                    if (cluster.epochOf(owner) != null) {
                      monitoring.add(owner);
                      LOG.info(
                          "user {}: {} plans monitored again {} ms after the take-over began",
                          owner,
                          plans.size(),
                          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                    }
                    for (OrderRequest r : cancels) {
                      riskGate.cancel(r.ref());
                    }
                  });
          engine
              .barrier(owner)
              .thenRun(
                  () -> {
                    if (cluster.epochOf(owner) != null && monitoring.contains(owner)) {
                      caughtUp.add(owner);
                      LOG.info(
                          "user {}: lane caught up {} ms after the take-over began",
                          owner,
                          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                    }
                  });
        });
    return failed;
  }

  /** Serializes take-overs, releases and rebuilds of users on this member. */
  private final Object ownershipLock = new Object();

  /** Users waiting to be rebuilt; one timer task rebuilds everyone waiting, together. */
  private final Set<String> toRebuild = ConcurrentHashMap.newKeySet();

  private final java.util.concurrent.atomic.AtomicBoolean rebuildScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * The user's session went ahead of what was sent (a held send, a store conflict): it no longer
   * counts as monitored from this moment, and is rebuilt {@value #REBUILD_DELAY_MILLIS} ms later,
   * with every other user waiting for the same, in one batch.
   */
  private void rebuildLater(String owner) {
    ScheduledExecutorService timer = pnlTimer;
    if (timer == null || closed) {
      return;
    }
    monitoring.remove(owner);
    caughtUp.remove(owner);
    toRebuild.add(owner);
    if (rebuildScheduled.compareAndSet(false, true)) {
      try {
        timer.schedule(this::rebuildWaiting, REBUILD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        rebuildScheduled.set(false);
      }
    }
  }

  /**
   * Rebuilds the users whose step was HELD although this member still holds them (the replication
   * was indeterminate or had no quorum) or whose store write conflicted: the sessions went ahead
   * without sending. They are dropped (at the head of their lanes) and rebuilt from the replicated
   * state (possibly including the held write) and the store, in one take-over, and the intents that
   * were never sent are sent under their orderRef after a reconcile. After a member's death that is
   * every user whose write waited for a backup on it: one batch, not one user at a time.
   */
  private void rebuildWaiting() {
    rebuildScheduled.set(false);
    Set<String> owners = new java.util.TreeSet<>(toRebuild);
    toRebuild.removeAll(owners);
    synchronized (ownershipLock) {
      owners.removeIf(o -> closed || cluster.epochOf(o) == null); // released: its next holder
      if (owners.isEmpty()) {
        return;
      }
      // The old sessions stop first: until they are gone they go on stepping (and writing) the
      // users' plans, so state read before this would be older than what they wrote. At the head
      // of the lanes: their reports still queued are read again by the reconcile below.
      long began = System.nanoTime();
      List<CompletableFuture<Void>> removed = new ArrayList<>();
      for (String owner : owners) {
        monitoring.remove(owner);
        caughtUp.remove(owner);
        removed.add(engine.removeUserNow(owner));
      }
      CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)).join();
      long sessionsGone = System.nanoTime();
      broker.awaitSendsInFlight();
      // The broker forgets the users' orders (and their executions as seen): reports that arrive
      // while the sessions are away would reach no plan; the take-over's reconcile reads every
      // order and execution of the users again, by orderRef, into the rebuilt sessions.
      owners.forEach(broker::forgetOwner);
      owners.forEach(service::untrack);
      // Their writes reach the store before the store is read, so the rebuilt sessions continue
      // from the versions the store holds (a write still queued would conflict with them).
      Set<String> planIds = new java.util.HashSet<>();
      ownerOfPlan.forEach(
          (plan, owner) -> {
            if (owners.contains(owner)) {
              planIds.add(plan);
            }
          });
      boolean flushed = writer.flush(planIds, REBUILD_FLUSH_WAIT);
      long writesDone = System.nanoTime();
      if (!flushed) {
        LOG.warn(
            "users {}: store writes not flushed within {}; rebuilding later",
            owners,
            REBUILD_FLUSH_WAIT);
        owners.forEach(this::rebuildLater);
        return;
      }
      owners.removeIf(o -> cluster.epochOf(o) == null);
      Map<String, List<PlanSnapshot>> state = new TreeMap<>();
      try {
        Map<String, List<PlanSnapshot>> replicated = cluster.statesOf(owners);
        owners.forEach(o -> state.put(o, replicated.getOrDefault(o, List.of())));
      } catch (RuntimeException e) {
        LOG.warn(
            "users {}: replicated state not readable ({}); rebuilding later", owners, e.toString());
        owners.forEach(this::rebuildLater);
        return;
      }
      alerts.alert(
          "USER_REBUILT",
          "users "
              + owners
              + ": sessions rebuilt from the replicated state and the store, and reconciled (a"
              + " send was held or a store write conflicted)");
      takeOver(state).forEach(this::rebuildLater);
      LOG.info(
          "{} users rebuilt in {} ms (sessions stopped in {} ms, their store writes done in {} ms)",
          owners.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
          TimeUnit.NANOSECONDS.toMillis(sessionsGone - began),
          TimeUnit.NANOSECONDS.toMillis(writesDone - sessionsGone));
    }
  }

  static final Duration REBUILD_FLUSH_WAIT = Duration.ofSeconds(5);

  /**
   * The store holds another version of a plan than this member's writer last wrote: its writes of
   * that plan are fenced, so its intents can no longer be recorded and nothing of it would be sent.
   * Clustered, while this member still runs the user, the user is rebuilt from the store and the
   * replicated state (the writer adopts the stored version); otherwise the alert is all.
   */
  private void onStoreConflict(String planId) {
    ClusterNode node = clusterRef;
    String owner = ownerOfPlan.get(planId);
    if (node != null && owner != null && node.epochOf(owner) != null) {
      rebuildLater(owner);
    }
  }

  static final long REBUILD_DELAY_MILLIS = 200;

  private final class Ownership implements OwnershipListener {
    @Override
    public void onAcquire(String owner, long epoch, List<PlanSnapshot> state) {
      Set<String> failed = onAcquireAll(List.of(new Acquired(owner, epoch, state)));
      if (!failed.isEmpty()) {
        throw new IllegalStateException("take-over of " + owner + " failed");
      }
    }

    @Override
    public Set<String> onAcquireAll(List<Acquired> users) {
      Map<String, List<PlanSnapshot>> replicated = new TreeMap<>();
      users.forEach(a -> replicated.put(a.owner(), a.state()));
      Set<String> failed;
      synchronized (ownershipLock) {
        failed = takeOver(replicated);
      }
      for (Acquired a : users) {
        LOG.info(
            "{}: user {} runs here now (epoch {}, {} replicated plans)",
            clusterRef == null ? "starting member" : clusterRef.address(),
            a.owner(),
            a.epoch(),
            a.state().size());
      }
      return failed;
    }

    @Override
    public void onRelease(String owner) {
      // maySend is already false for this user: the lane finishes its step (a send asks the
      // guard and HOLDs), then the session goes; the order in flight, if any, reaches the wire
      // before this returns, and nothing queued for the user is written afterwards.
      monitoring.remove(owner);
      caughtUp.remove(owner);
      synchronized (ownershipLock) {
        engine.removeUser(owner).join();
        broker.awaitSendsInFlight();
        broker.forgetOwner(owner);
        service.untrack(owner);
        ownerOfPlan.values().removeIf(owner::equals);
        takenOver.remove(owner);
      }
      LOG.info("{}: user {} released", clusterRef == null ? "?" : clusterRef.address(), owner);
    }

    @Override
    public void onPlansAdded(String owner, List<PlanSnapshot> plans) {
      synchronized (ownershipLock) {
        addPlans(owner, plans);
      }
    }

    private void addPlans(String owner, List<PlanSnapshot> plans) {
      for (PlanSnapshot s : plans) {
        if (s.status().isTerminal()) {
          continue;
        }
        if (ownerOfPlan.putIfAbsent(s.planId(), owner) != null) {
          continue; // already taken over with the user (acquired after the plan was added)
        }
        writer.adopt(s.planId(), s.version());
        engine.addPlan(s).join();
        service.track(s);
      }
    }
  }

  private final class Membership implements TradingServiceImpl.Membership {
    @Override
    public boolean holds(String owner) {
      ClusterNode node = clusterRef;
      return node != null && node.epochOf(owner) != null;
    }

    @Override
    public boolean shouldRun(String owner) {
      return partitionIsLocal(owner);
    }

    @Override
    public Map<String, Boolean> recordBeforeSendAll(Map<String, List<PlanSnapshot>> byOwner) {
      return clusterRef.guard().recordBeforeSendAll(byOwner);
    }

    @Override
    public void replicate(String owner, List<PlanSnapshot> changed) {
      replicateAll(Map.of(owner, changed));
    }

    @Override
    public void replicateAll(Map<String, List<PlanSnapshot>> changedByOwner) {
      clusterRef
          .replicateAll(changedByOwner)
          .forEach(
              (owner, r) -> {
                if (!r.ok() && r.outcome() != ReplicationResult.Outcome.NOT_HOLDER) {
                  LOG.warn(
                      "replication of {} plans of {}: {}",
                      changedByOwner.get(owner).size(),
                      owner,
                      r);
                }
              });
    }

    @Override
    public void rebuildLater(String owner) {
      Platform.this.rebuildLater(owner);
    }

    @Override
    public boolean addPlan(PlanSnapshot activated) {
      ReplicationResult r = clusterRef.addPlans(activated.plan().owner(), List.of(activated));
      return r.ok();
    }

    @Override
    public CommandResult<PlanView> forward(String owner, String planId, TraderCommand.Type type) {
      return submitToHolder(planId, new ForwardedCommand(owner, planId, type));
    }

    @Override
    public CommandResult<PlanView> forwardEdit(
        String owner, String planId, Plan plan, long expectedVersion) {
      return submitToHolder(
          planId,
          new ForwardedEdit(owner, planId, PlansJson.write(List.of(plan)), expectedVersion));
    }

    /** Runs {@code call} on the member holding the user and turns its answer into a result. */
    private CommandResult<PlanView> submitToHolder(
        String planId, HolderCall<TradingServiceImpl, ForwardedAnswer> call) {
      HolderReply<ForwardedAnswer> reply =
          clusterRef.callOnHolder(call, TradingServiceImpl.COMMAND_TIMEOUT.multipliedBy(2));
      if (reply instanceof HolderReply.Answered<ForwardedAnswer> a) {
        return a.answer().toResult(() -> service.get(call.owner(), planId));
      }
      return new CommandResult.Unavailable<>(
          ((HolderReply.Unavailable<ForwardedAnswer>) reply).reason());
    }
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

  /**
   * Registers a resumed plan's orders with the broker, the one place that decides which recorded
   * orders may have reached it: an order still CREATED with no journaled broker id was provably
   * never written (it goes to {@code unsent}, to be sent under its recorded orderRef after the
   * reconcile); every other one is restored as possibly sent, and one being cancelled is cancelled
   * again (to {@code cancelAgain}). Returns how many were restored.
   */
  private int restoreOrders(
      PlanSnapshot s,
      Map<String, Long> journaled,
      List<OrderRequest> unsent,
      List<OrderRequest> cancelAgain) {
    int restored = 0;
    for (OrderSnapshot o : s.orders()) {
      OrderRequest request =
          OrderRequest.market(
              o.ref(), s.plan().owner(), s.plan().instrument(), o.action(), o.quantity(), o.rule());
      if (o.status() == OrderStatus.CREATED && !journaled.containsKey(o.ref().toString())) {
        unsent.add(request);
      } else {
        broker.restoreSentOrder(request, o.status());
        restored++;
        if (o.status() == OrderStatus.PENDING_CANCEL) {
          cancelAgain.add(request);
        }
      }
    }
    return restored;
  }
}
