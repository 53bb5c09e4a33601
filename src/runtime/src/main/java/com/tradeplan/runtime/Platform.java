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
import com.tradeplan.runtime.account.IntradayPnlCurve;
import com.tradeplan.runtime.charts.ChartHistoryQueue;
import com.tradeplan.runtime.recording.RecordingWriter;
import com.tradeplan.store.ChartHistory;
import com.tradeplan.store.KillSwitchRecords;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.QuarantinedDocument;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.TradeWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * {@link PlatformStore} (which store), {@link MarketDataHub} (subscriptions, prices), {@link
 * SendJournalGuard} (the last check before an order leaves), {@link KillSwitch}, {@link
 * StepPersistence} (the engine's steps recorded and persisted), {@link PlanReads}; and three groups
 * wired by their own classes: {@link ClusterMember} (the users this member runs, their take-over,
 * rebuild and recovery, the Hazelcast member), {@link TraderSide} (the trader's side behind {@link
 * TradingServiceImpl} and the operators' {@link PositionActions}) and {@link PortfolioWatch} (loss
 * limits, stale market data, automatic kill-switch triggers, trade exit limits, shadow what-if
 * checks, the risk rebalancer). {@link PlatformTimers} owns the one timer thread and what runs on
 * it.
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

  private final Alerts alerts;
  private final PlatformStore storage;
  private final MongoConfig.MongoConnection connection;
  private final TradeStore store;
  private final TradeWriter writer;
  private final ChartHistoryQueue chartHistory;
  private final IntradayPnlCurve pnlCurve;
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
  private final TraderSide traderSide;
  final ClusterMember member; // not private: tests reach its rebuilds
  private final PlatformTimers timers = new PlatformTimers();
  private final RecoveryReport recovery;

  /** Set once the kill switch exists; the store writer's failures reach it from its thread. */
  private volatile PortfolioWatch checks;

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
   * The wiring, in dependency order: every part is final and the callbacks between the groups (the
   * writer calls the rebuild and the store-down trigger, the engine the step persistence, the kill
   * switch the engine) are bound here and nowhere else.
   */
  private Platform(PlatformConfig config, MetricsSink metrics) {
    this.alerts = new Alerts(metrics);
    this.member = new ClusterMember(alerts);
    PaperGateway gw = null;
    PlatformStore db = null;
    RecordingWriter rec = null;
    try {
      db = PlatformStore.open(config);
      this.storage = db;
      MongoConfig.MongoConnection conn = db.connection();
      this.connection = conn;
      this.store = TradeStore.open(conn);
      TradeWriter.Config writes = TradeWriter.Config.defaults();
      this.writer =
          new TradeWriter(
              store,
              writes,
              alerts.storeListener(member::onStoreConflict, this::onStoreCannotDrain));
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
              store, member::node, member.users::ownerOf, Long.getLong(SEND_DELAY_PROPERTY, 0)));
      broker.setReconcileAllClients(true);
      this.marketData = new MarketDataHub(broker, member::node, config.clock());
      this.riskLimits = RiskLimitsService.open(conn, config, marketData::lastPrice);
      this.riskGate = new RiskGate(broker, riskLimits.entryLimits(), ib.account());
      this.chartHistory = new ChartHistoryQueue(ChartHistory.open(conn), PlanLevelTrail.POINTS_MAX);
      this.pnlCurve = new IntradayPnlCurve(chartHistory);
      LiveHub live =
          new LiveHub(config.liveReplayWindow(), new PlanLevelTrail(config.clock(), chartHistory));
      TradingHoursGuard tradingHours =
          new TradingHoursGuard(
              config.tradingHoursRule(), broker::contractDetails, config.clock(), alerts::alert);
      riskGate.setTradingHoursGuard(tradingHours);
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
      PlatformParts parts =
          new PlatformParts(store, broker, alerts, marketData, riskLimits, reads, killSwitch);
      this.checks = new PortfolioWatch(config, parts, timers, this::laneEngine, conn, ib.account());
      ClusterMembership membership = member.membership();
      this.steps =
          new StepPersistence(writer, alerts, live, reads, membership, killSwitch, metrics);
      this.rules = RuleVersions.open(conn, store, member::node);
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
      this.traderSide =
          TraderSide.wire(
              config,
              parts,
              conn,
              steps,
              membership,
              live,
              rules,
              engine,
              member::node,
              tradingHours);
      this.service = traderSide.service();
      riskGate.setAccountEntryGuard(checks.rebalancer());
      this.recovery =
          member.join(config, parts, conn, writer, engine, riskGate, rules, traderSide.commands());
      timers.start(config, marketData, riskLimits, checks, broker, member);
      member.startRebuilds(timers.scheduler());
      traderSide.accounts().reconciliation().start(config.reconcilePositionsEvery());
    } catch (RuntimeException | Error e) {
      if (rec != null) {
        rec.close();
      }
      timers.close();
      member.abandon();
      if (gw != null) {
        gw.stop();
      }
      if (db != null) {
        db.close();
      }
      throw e;
    }
  }

  /** A store write keeps failing (the writer's thread): the store-down trigger, once it exists. */
  private void onStoreCannotDrain(String planId, int attempts, Throwable lastError) {
    PortfolioWatch c = checks;
    if (c != null) {
      c.storeCannotDrain(planId, attempts, lastError);
    }
  }

  /** The engine, for the kill switch's actions (built after the switch, which its lanes use). */
  private LaneEngine laneEngine() {
    return engine;
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
    return traderSide.accounts();
  }

  /** The shadow what-if checks of live plans' exits (run when {@code TRADEPLAN_WHAT_IF_CHECKS}). */
  public ShadowWhatIf shadowWhatIf() {
    return checks.shadowWhatIf();
  }

  /** The portfolio risk rebalancer (docs/risk.md). */
  public RiskRebalancer riskRebalancer() {
    return checks.rebalancer();
  }

  /** The operators' adopt and flatten of a reconciliation difference (docs/accounts.md). */
  public PositionActions positionActions() {
    return traderSide.positionActions();
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

  /** This member's recent 1-second and 1-minute bars per symbol (docs/api.md, "Bars"). */
  public com.tradeplan.runtime.bars.RecentBars recentBars() {
    return marketData.recentBars();
  }

  /**
   * The traders' intraday P&amp;L curves sampled here, and stored (docs/api.md, "Charts"): the
   * account API records a sample on each read and reads the curve back.
   */
  public IntradayPnlCurve pnlCurve() {
    return pnlCurve;
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
    return new PlatformHealth(
        PlatformStore.reachable(connection),
        broker.state().name(),
        marketData.ageMillisBySymbol(),
        Arrays.stream(engine.inboxDepths()).boxed().toList(),
        writer.metrics().queueDepth(),
        engine.monitoredPlans(),
        engine.ticksPending(),
        engine.ticksCoalesced(),
        alerts.count(),
        alerts.recent(),
        member.node().clusterSize(),
        member.node().hasQuorum(),
        heldUsers().size(),
        List.copyOf(member.notMonitoredUsers()),
        checks.staleTicks().marketOpen(),
        checks.staleTicks().staleSymbols());
  }

  /** Runs the market data check of the timer now (tests that move the clock). */
  void checkMarketDataNow() {
    checks.staleTicks().check();
  }

  /** Runs the check of the limits that exit a trade now (tests); answers the flattens sent. */
  int checkTradeLimitsNow() {
    return checks.tradeLimits().check();
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
    // Stops sending for every user, runs every onRelease, hands the leases back, leaves.
    member.leave();
    timers.close();
    traderSide.accounts().reconciliation().close();
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
    chartHistory.close();
    if (gateway != null) {
      gateway.stop();
    }
    storage.close();
    LOG.info("platform stopped");
  }

  // ------------------------------------------------------------------ cluster

  /** The cluster member of this platform. */
  public ClusterNode cluster() {
    return member.node();
  }

  /**
   * Users this member runs now: it holds their lease and their plans are back in its engine (a
   * take-over counts once the engine monitors every plan again).
   */
  public Set<String> heldUsers() {
    return member.heldUsers();
  }

  /**
   * Users this member runs whose lane has caught up since their take-over (see {@link #heldUsers}):
   * a subset of it, equal to it once the lanes have no backlog from before.
   */
  public Set<String> caughtUpUsers() {
    return member.caughtUpUsers();
  }

  /**
   * Tests only: dies like a killed process as far as the others can tell (Hazelcast terminated
   * without handing anything over, the IB link dropped, nothing flushed), then frees its threads.
   */
  void crashForTest() {
    closed = true;
    marketData.stop();
    member.crash();
    timers.close();
    broker.close();
    engine.close();
    writer.close();
    chartHistory.abandon();
    connection.close();
  }

  /** Tests only: the charts' store queue, to wait until what was offered is stored. */
  ChartHistoryQueue chartHistoryForTest() {
    return chartHistory;
  }
}
