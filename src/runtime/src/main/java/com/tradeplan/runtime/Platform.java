package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.broker.TradingHoursGuard;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.recording.LaneRecorder;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.runtime.recording.RecordingWriter;
import com.tradeplan.store.AdminAuditLog;
import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.KillSwitchRecords;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.PlanCounts;
import com.tradeplan.store.QuarantinedDocument;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.TradeWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trading platform, wired: the store and its writer, the engine's lanes, the IB broker (or the
 * embedded paper gateway) behind the one {@link RiskGate}, market data, the process's Hazelcast
 * member (a single process is a one-member cluster; docs/cluster.md), and the {@link
 * TradingService} over them. {@link #start} recovers every monitored plan of the users this member
 * runs before anything is sent ({@link StartupRecovery}); {@link #close} shuts down cleanly.
 *
 * <p>Its one job is the wiring and the lifecycle of the parts; each part's work has its own class:
 * {@link MarketDataHub} (subscriptions, prices), {@link StaleMarketData} (symbols that stop
 * ticking), {@link UserTakeover} and {@link UserRebuild} (users starting and stopping here), {@link
 * StartupRecovery}, {@link ClusterMembership} and {@link ClusterCommandForwarder} (the cluster as
 * the service sees it), {@link SendJournalGuard} (the last check before an order leaves), {@link
 * KillSwitch}, {@link StepPersistence} (the engine's steps recorded and persisted) and the trader's
 * side behind {@link TradingServiceImpl}: {@link DraftPlans}, {@link PlanCommands}, {@link
 * PlanReads}; the portfolio checks {@link PositionActions} (adopt or flatten a reconciliation
 * difference), {@link ShadowWhatIf} and {@link RiskRebalancer}.
 *
 * <p>Why one class: it is the wiring, and only the wiring, of every part above (their callbacks to
 * each other are bound in its constructor and nowhere else) plus the few reads tests and the server
 * need; each part's work already has its own class.
 *
 * <p>Thread-safe: the public methods may be called from any thread. {@link #start} throws when a
 * part cannot start (store unreachable, gateway port taken); whatever started is stopped first.
 */
public final class Platform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

  /** The bundled, generated demo tick file (see {@link DemoTicks}). */
  public static final String DEMO_TICKS_RESOURCE = EmbeddedGateway.DEMO_TICKS_RESOURCE;

  /**
   * Fault injection for tests (a system property, never an environment variable operators would
   * set): milliseconds each order waits between its recorded intent and the wire.
   */
  static final String SEND_DELAY_PROPERTY = "tradeplan.test.sendDelayMillis";

  /** How often orders of other members' client ids are read again, and the quorum checked. */
  static final long FOREIGN_RECONCILE_MILLIS = 1_000;

  private final Alerts alerts;
  private final MongoConfig.MongoConnection connection;
  private final TradeStore store;
  private final TradeWriter writer;
  private final PaperGateway gateway;
  private final IbBroker broker;
  private final RiskGate riskGate;
  private final RiskLimitsService riskLimits;
  private final KillSwitch killSwitch;
  private final LaneEngine engine;
  private final PlanReads reads;
  private final StepPersistence steps;
  private final TradingService service;
  private final MarketDataHub marketData;
  private final StaleMarketData staleTicks;
  private final TradeLimitWatch tradeLimits;
  private final UserAccounts accounts;
  private final PositionActions positionActions;
  private final ShadowWhatIf shadowWhatIf;
  private final RiskRebalancer rebalancer;
  private final LocalUsers users = new LocalUsers();
  private final ClusterMembership membership;
  private final ScheduledExecutorService pnlTimer;
  private final RecoveryReport recovery;

  /** Set once its inputs exist; the store writer's conflicts reach it from its own thread. */
  private volatile UserRebuild rebuild;

  /** Set once the kill switch exists; the store writer's failures reach it from its thread. */
  private volatile AutoKillTriggers autoKill;

  /** The embedded store this process serves on a fixed port to other members, or null. */
  private EmbeddedMongo sharedStore;

  /** The Hazelcast member of this process (a single process is a one-member cluster). */
  private final ClusterNode cluster;

  // Set once the node exists (callbacks may run before the constructor returns).
  private volatile ClusterNode clusterRef;
  private volatile boolean closed;
  private final RuleVersions rules;

  /** The incident recording's writer, or null when recording is off. */
  private final RecordingWriter recording;

  /**
   * What recovery found and did at start.
   *
   * @param resumed plans monitored again
   * @param quarantined unreadable documents (plan id and reason), not resumed
   * @param resent orders whose intent was recorded but which provably never reached the broker (no
   *     send journaled), sent again with their recorded orderRef through the RiskGate (one it
   *     refuses is a rejection for its plan)
   * @param restored orders registered with the broker as possibly sent, for reconciliation
   */
  public record RecoveryReport(
      int resumed, List<QuarantinedDocument> quarantined, List<String> resent, int restored) {}

  /**
   * The wiring, in dependency order. It is one long constructor on purpose: every part is final and
   * the callbacks between parts (the cluster calls the take-over, the writer the rebuild, the
   * engine the step persistence) are bound here and nowhere else.
   */
  private Platform(PlatformConfig config, MetricsSink metrics) {
    this.alerts = new Alerts(metrics);
    PaperGateway gw = null;
    MongoConfig.MongoConnection conn = null;
    EmbeddedMongo shared = null;
    RecordingWriter rec = null;
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
      TradeWriter.Config writes = TradeWriter.Config.defaults();
      this.writer =
          new TradeWriter(
              store, writes, alerts.storeListener(this::onStoreConflict, this::onStoreCannotDrain));
      IbBrokerConfig ib = config.ib();
      if (ib == null) {
        gw = EmbeddedGateway.start(config);
        ib = IbBrokerConfig.of("127.0.0.1", gw.port(), 1, gw.account());
      }
      this.gateway = gw;
      this.broker = new IbBroker(ib, alerts::alert);
      broker.setAckLatencyListener(metrics::orderAcknowledged);
      // Write-ahead of every placeOrder: an order without a journaled id never reached the wire.
      broker.setSendJournal(
          new SendJournalGuard(
              store, () -> clusterRef, users::ownerOf, Long.getLong(SEND_DELAY_PROPERTY, 0)));
      broker.setReconcileAllClients(true);
      this.marketData = new MarketDataHub(broker, () -> clusterRef, config.clock());
      this.riskLimits = RiskLimitsService.open(conn, config, marketData::lastPrice);
      this.riskGate = new RiskGate(broker, riskLimits.entryLimits(), ib.account());
      TradingHoursGuard tradingHours =
          new TradingHoursGuard(
              config.tradingHoursRule(), broker::contractDetails, config.clock(), alerts::alert);
      riskGate.setTradingHoursGuard(tradingHours);
      LiveHub live = new LiveHub(config.liveReplayWindow(), new PlanLevelTrail(config.clock()));
      this.reads = new PlanReads(store, marketData, live);
      this.killSwitch =
          new KillSwitch(
              riskGate,
              () -> writer.metrics().queueDepth(),
              writes.capacity(),
              new KillSwitchRecords(conn),
              new KillSwitchActions(broker, ib.account(), this::laneEngine, reads),
              config.clock());
      // The stored switches hold before anything is sent (recovery included).
      killSwitch.syncFromStore(false);
      // The timer is read when a limit is reached, not now: it starts below (a limit reached before
      // it runs is alerted as not engaged, as one reached while closing).
      riskLimits
          .entryLimits()
          .setLossLimitListener(new LossLimitKillSwitch(killSwitch, this::onTimer, alerts));
      this.staleTicks =
          new StaleMarketData(marketData, reads, alerts, config.clock(), config.marketDataWatch());
      this.autoKill =
          new AutoKillTriggers(killSwitch, this::onTimer, alerts, config.killSwitchTriggers());
      this.tradeLimits =
          new TradeLimitWatch(
              reads,
              () -> riskLimits.layers(),
              this::laneEngine,
              planId -> store.history(planId).stream().map(r -> r.event()).toList(),
              config.clock());
      this.membership = new ClusterMembership(() -> clusterRef, alerts, this::rebuildLater);
      this.steps =
          new StepPersistence(writer, alerts, live, reads, membership, killSwitch, metrics);
      this.rules = RuleVersions.open(conn, store, () -> clusterRef);
      rules.loadAtStart();
      rec =
          config.recording().enabled()
              ? new RecordingWriter(
                  config.recording(),
                  config.clock(),
                  () -> broker.state().name(),
                  m -> alerts.alert("RECORDING", m))
              : null;
      this.recording = rec;
      this.engine =
          new LaneEngine(
              rules.sets(),
              riskGate,
              steps,
              config.lanes(),
              config.inboxCapacity(),
              config.clock(),
              metrics,
              recording == null ? LaneRecorder.NONE : recording);
      marketData.connect(engine, reads);
      this.accounts = new UserAccounts(conn, broker, store, alerts, config.clock());
      UserPlanLimits planLimits =
          new UserPlanLimits(store, config.planLimits(), riskLimits::openPlansOf);
      DraftPlans drafts =
          new DraftPlans(
              store,
              config.clock(),
              reads,
              steps,
              membership,
              live,
              alerts,
              planLimits,
              rules::forActivation,
              rules::strategiesFor,
              accounts,
              broker.tickSizes(),
              tradingHours,
              config.entryMaxSlippageTicks());
      PlanCommands commands =
          new PlanCommands(
              store,
              config.clock(),
              reads,
              drafts,
              engine,
              membership,
              new ClusterCommandForwarder(() -> clusterRef),
              config.traderMayLoosenStop());
      this.service = new TradingServiceImpl(drafts, commands, reads, marketData, live);
      this.positionActions =
          new PositionActions(
              accounts.reconciliation(),
              accounts,
              store,
              config.clock(),
              reads,
              drafts,
              membership,
              live,
              alerts,
              planLimits,
              broker.tickSizes(),
              marketData::lastPrice,
              rules::forActivation,
              service::flatten);
      this.shadowWhatIf =
          new ShadowWhatIf(
              reads::monitoredPlans,
              marketData::lastPrice,
              broker::askWhatIf,
              alerts,
              config.clock());
      this.rebalancer = rebalancer(config, conn, ib.account());
      riskGate.setAccountEntryGuard(rebalancer);
      RiskFigures figures =
          new RiskFigures(
              RiskFigures.StoredPlans.of(store, new PlanCounts(conn)),
              riskLimits.entryLimits(),
              alerts,
              config.clock());
      UserTakeover takeover =
          new UserTakeover(
              store,
              writer,
              engine,
              broker,
              riskGate,
              reads,
              figures,
              alerts,
              users,
              () -> clusterRef);
      this.rebuild =
          new UserRebuild(engine, broker, writer, reads, alerts, users, takeover, () -> clusterRef);
      this.cluster = ClusterNode.start(config.cluster(), takeover, marketData);
      clusterRef = cluster;
      rules.joinCluster(cluster);
      cluster.setCallTarget(commands);
      StartupRecovery startup =
          new StartupRecovery(
              store,
              broker,
              riskGate,
              config.brokerReadyTimeout(),
              alerts,
              users,
              takeover,
              () -> clusterRef);
      this.recovery = startup.recover();
      this.pnlTimer = startTimer(config, startup, figures);
      rebuild.start(pnlTimer);
      accounts.reconciliation().start(config.reconcilePositionsEvery());
    } catch (RuntimeException | Error e) {
      if (rec != null) {
        rec.close();
      }
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
   * The platform's one timer thread: P&L updates every {@code pnlUpdateInterval}; every second the
   * cluster housekeeping, the kill switch's store rule ({@link KillSwitch#reassess}) and its sync
   * with the switches other members stored ({@link KillSwitch#syncFromStore}), and the check for
   * symbols without ticks ({@link StaleMarketData}) and its kill-switch trigger ({@link
   * AutoKillTriggers}), the limits that exit a trade ({@link TradeLimitWatch}), and another try at
   * the risk figures a take-over could not rebuild ({@link RiskFigures#retryIncomplete}); and (from
   * {@link UserRebuild#start}) the rebuilds.
   */
  private ScheduledExecutorService startTimer(
      PlatformConfig config, StartupRecovery startup, RiskFigures figures) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tradeplan-pnl");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, config.pnlUpdateInterval().toMillis());
    timer.scheduleAtFixedRate(marketData::publishPnl, every, every, TimeUnit.MILLISECONDS);
    riskLimits.pollOn(timer);
    long rebalanceMillis = config.portfolioChecks().rebalanceEvery().toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            rebalancer.run();
          } catch (RuntimeException e) {
            // A throw would cancel this periodic task for good.
            LOG.error("portfolio risk rebalancer failed; evaluated again at the next interval", e);
          }
        },
        rebalanceMillis,
        rebalanceMillis,
        TimeUnit.MILLISECONDS);
    // Orders another member (another client id) sent and that were still working when this
    // member took their users over report to that client only: read them again until done.
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            if (broker.hasForeignWorkingOrders()) {
              broker.reconcileNow();
            }
            membership.reportQuorum();
            startup.handPlansToCluster();
            killSwitch.reassess();
            killSwitch.syncFromStore(true);
            staleTicks.check();
            autoKill.checkMarketData(staleTicks.staleSymbols());
            tradeLimits.check();
            if (config.portfolioChecks().whatIfChecks()) {
              shadowWhatIf.run();
            }
            synchronized (users.ownershipLock) {
              figures.retryIncomplete();
            }
          } catch (RuntimeException e) {
            // A throw would cancel this periodic task for good.
            LOG.error("cluster housekeeping failed; retried in a second", e);
          }
        },
        FOREIGN_RECONCILE_MILLIS,
        FOREIGN_RECONCILE_MILLIS,
        TimeUnit.MILLISECONDS);
    return timer;
  }

  /**
   * The portfolio risk rebalancer over the plans monitored here, its thresholds the PLATFORM layer
   * tightened by the account's, its changes audited as the actor {@code rebalancer}.
   */
  private RiskRebalancer rebalancer(
      PlatformConfig config, MongoConfig.MongoConnection conn, String defaultAccount) {
    AdminAuditLog audit = new AdminAuditLog(conn);
    return new RiskRebalancer(
        () -> reads.monitoredPlans().values().stream().map(reads::view).toList(),
        account ->
            riskLimits.layers().platform().tightenedBy(riskLimits.layers().forAccount(account)),
        defaultAccount,
        config.portfolioChecks().overThreshold(),
        alerts,
        (action, details) ->
            audit.record("rebalancer", action, "account:" + details.get("account"), details),
        config.clock());
  }

  /** Runs {@code task} on the platform's timer thread; throws when the timer is not running. */
  private void onTimer(Runnable task) {
    pnlTimer.execute(task);
  }

  /** A store write keeps failing (the writer's thread): the store-down trigger, once it exists. */
  private void onStoreCannotDrain(String planId, int attempts, Throwable lastError) {
    AutoKillTriggers a = autoKill;
    if (a != null) {
      a.storeCannotDrain(planId, attempts, lastError);
    }
  }

  /**
   * A plan's store write conflicted (the writer's thread): its user is rebuilt, if it runs here.
   */
  private void onStoreConflict(String planId) {
    UserRebuild r = rebuild;
    if (r != null) {
      r.onStoreConflict(planId);
    }
  }

  /** The engine, for the kill switch's actions (built after the switch, which its lanes use). */
  private LaneEngine laneEngine() {
    return engine;
  }

  /** A user's send was held (a lane thread): its session is rebuilt, once rebuilds can run. */
  private void rebuildLater(String owner) {
    UserRebuild r = rebuild;
    if (r != null) {
      r.rebuildLater(owner);
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

  /** As {@link #start(PlatformConfig)}, pushing what the engine and broker measure to metrics. */
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

  /** Which IB account each user trades, and each account's reconciliation, for operators. */
  public UserAccounts accounts() {
    return accounts;
  }

  /** The shadow what-if checks of live plans' exits (run when {@code TRADEPLAN_WHAT_IF_CHECKS}). */
  public ShadowWhatIf shadowWhatIf() {
    return shadowWhatIf;
  }

  /** The portfolio risk rebalancer (docs/risk.md). */
  public RiskRebalancer riskRebalancer() {
    return rebalancer;
  }

  /** The operators' adopt and flatten of a reconciliation difference (docs/accounts.md). */
  public PositionActions positionActions() {
    return positionActions;
  }

  /** The platform's store connection, for the server's own collections (users, keys, audit). */
  public MongoConfig.MongoConnection storeConnection() {
    return connection;
  }

  public RecoveryReport recovery() {
    return recovery;
  }

  /** The incident recording's writer (docs/simulator.md "Incident replay"), or null when off. */
  public RecordingWriter recording() {
    return recording;
  }

  /** The embedded paper gateway, or null when connected to a real IB Gateway / TWS. */
  public PaperGateway embeddedGateway() {
    return gateway;
  }

  /** The rule-set versions: drafts, tests, deploys (the strategy admin's API, docs/rules.md). */
  public RuleVersions rules() {
    return rules;
  }

  /**
   * This member's recent 1-second and 1-minute bars per symbol, for charts (docs/api.md, "Bars").
   */
  public com.tradeplan.runtime.bars.RecentBars recentBars() {
    return marketData.recentBars();
  }

  /** The risk limits in force here, and the door to change them (docs/risk.md). */
  public RiskLimitsService riskLimits() {
    return riskLimits;
  }

  /**
   * The kill switches, for operators, traders and the limits' triggers: stop new entries in a scope
   * (exits and cancels still pass).
   */
  public KillSwitch killSwitch() {
    return killSwitch;
  }

  /** The IB link's state now ({@code READY} when orders can go), without touching the store. */
  public String brokerState() {
    return broker.state().name();
  }

  public PlatformHealth health() {
    boolean storeUp;
    try {
      connection.ping();
      storeUp = true;
    } catch (RuntimeException e) {
      storeUp = false;
    }
    List<Integer> depths = new ArrayList<>();
    Arrays.stream(engine.inboxDepths()).forEach(depths::add);
    return new PlatformHealth(
        storeUp,
        broker.state().name(),
        marketData.ageMillisBySymbol(),
        depths,
        writer.metrics().queueDepth(),
        engine.monitoredPlans(),
        engine.ticksPending(),
        engine.ticksCoalesced(),
        alerts.count(),
        alerts.recent(),
        cluster.clusterSize(),
        cluster.hasQuorum(),
        heldUsers().size(),
        staleTicks.marketOpen(),
        staleTicks.staleSymbols());
  }

  /** Runs the market data check of the timer now (tests that move the clock). */
  void checkMarketDataNow() {
    staleTicks.check();
  }

  /** Runs the check of the limits that exit a trade now (tests); answers the flattens sent. */
  int checkTradeLimitsNow() {
    return tradeLimits.check();
  }

  /** The unrealized P&L of the open positions of the users this member runs (metrics). */
  public java.math.BigDecimal unrealizedPnl() {
    return reads.unrealizedPnl();
  }

  /** Store writes handed to the writer and order intents recorded since start (for tests). */
  public long[] writeCounts() {
    return new long[] {steps.writesSubmitted(), steps.intentsRecorded()};
  }

  /** Ticks received from market data since start. */
  public long ticksReceived() {
    return marketData.ticksReceived();
  }

  /** Orders the engine decided since start (each is recorded, then sent). */
  public long ordersDecided() {
    return steps.ordersDecided();
  }

  /**
   * Waits until every lane has run everything handed to it before this call (a barrier through each
   * monitored plan's lane), for tests and tools that drive ticks step by step.
   */
  public boolean awaitEngineIdle(Duration timeout) {
    List<CompletableFuture<PlanSnapshot>> all = new ArrayList<>();
    for (String planId : reads.knownPlanIds()) {
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
    return marketData.awaitPrices(timeout);
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
    marketData.stop();
    rebuild.stop();
    // Stops sending for every user, runs every onRelease, hands the leases back, leaves.
    cluster.stop();
    pnlTimer.shutdownNow();
    accounts.reconciliation().close();
    marketData.close();
    broker.close();
    engine.close();
    if (recording != null) {
      recording.close();
    }
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
    return users.monitoredOf(cluster.heldUsers().keySet());
  }

  /**
   * Users this member runs whose lane has caught up since their take-over (see {@link #heldUsers}):
   * a subset of it, equal to it once the lanes have no backlog from before.
   */
  public Set<String> caughtUpUsers() {
    return users.caughtUpOf(heldUsers());
  }

  /**
   * Tests only: dies like a killed process as far as the others can tell (Hazelcast terminated
   * without handing anything over, the IB link dropped, nothing flushed), then frees its threads.
   */
  void crashForTest() {
    closed = true;
    marketData.stop();
    rebuild.stop();
    cluster.terminate();
    pnlTimer.shutdownNow();
    broker.close();
    engine.close();
    writer.close();
    connection.close();
  }
}
