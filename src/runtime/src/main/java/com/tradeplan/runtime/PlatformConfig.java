package com.tradeplan.runtime;

import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.cluster.ClusterConfig;
import com.tradeplan.domain.config.EnvironmentVariables;
import com.tradeplan.domain.market.TradingHoursRule;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.engine.UserSession;
import com.tradeplan.gateway.GatewayOptions;
import com.tradeplan.runtime.recording.RecordingConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link Platform#start} needs, read from the environment by {@link #fromEnvironment}.
 *
 * <p>Why one class: the record of a member's settings, their reading from the environment and the
 * copy tests change one setting with ({@code Copy}) each list every component in the same order;
 * kept in one file, a new setting is added in one place and a missed component fails to compile.
 *
 * @param storeEnvironment the variables the store reads ({@code MONGODB_URI}, {@code
 *     MONGODB_USERNAME}, {@code MONGODB_PASSWORD_FILE}, {@code MONGODB_DATABASE}, {@code
 *     MONGODB_WRITE_CONCERN}, {@code TRADEPLAN_DATA_DIR}); see docs/persistence.md
 * @param dataDir where the embedded store and the demo tick file live
 * @param ib the IB Gateway / TWS to connect to; null: start the embedded paper gateway
 * @param gatewayPort the embedded paper gateway's port on 127.0.0.1 (0: a free one)
 * @param gatewayTicksFile the tick file the embedded gateway replays (null: the bundled generated
 *     demo file)
 * @param gatewaySpeed replay speed of the embedded gateway (1 = real time, 0 = as fast as possible)
 * @param gatewayAccounts the accounts the embedded gateway's login manages, the first its default
 *     ({@code TRADEPLAN_GATEWAY_ACCOUNTS}, comma-separated; default {@code DU1234567,DU7654321})
 * @param lanes engine lane threads
 * @param inboxCapacity messages each lane's inbox holds
 * @param maxOrderQuantity the RiskGate's largest order
 * @param ordersPerSecondPerOwner the RiskGate's order rate per owner
 * @param orderBurstPerOwner the RiskGate's burst per owner
 * @param liveReplayWindow live updates kept per owner for replay after a reconnect
 * @param pnlUpdateInterval the shortest time between two P&L-only updates of one plan
 * @param brokerReadyTimeout how long start waits for the broker's first reconcile (it goes on
 *     without: orders wait in the broker's queue until the link is ready)
 * @param clock the platform's clock (activation time, events of commands)
 * @param cluster the Hazelcast cluster this process is a member of (docs/cluster.md); a single
 *     process is a one-member cluster
 * @param planLimits the per-user limits on plans, checked before a plan is stored
 * @param marketDataWatch when a watched symbol without ticks is alerted
 * @param traderMayLoosenStop whether a trader's explicit change of exits may loosen a live trade's
 *     active stop ({@code TRADEPLAN_TRADER_MAY_LOOSEN_STOP}, default true: the change is carried
 *     out and recorded with its reason; false: the rules refuse it, docs/rules.md)
 * @param recording the incident recording of what each lane saw ({@link RecordingConfig}: {@code
 *     TRADEPLAN_RECORDING_*}, on by default under the data directory)
 * @param killSwitchTriggers which automatic kill-switch triggers are on (docs/kill-switch.md)
 * @param tradingHoursRule the hours entries and activations must fall in ({@code
 *     TRADEPLAN_TRADING_HOURS_RULE}: {@code off} (default), {@code trading} or {@code liquid};
 *     docs/risk.md, "Trading hours")
 * @param paperGatewayEnvironment the {@code PAPER_*} variables that set the embedded paper
 *     gateway's hours, holidays and per-account commission plans (docs/ib.md, "Running the paper
 *     gateway alone"); read when it starts, a bad one stopping the start naming it
 */
public record PlatformConfig(
    Map<String, String> storeEnvironment,
    Path dataDir,
    IbBrokerConfig ib,
    int gatewayPort,
    Path gatewayTicksFile,
    double gatewaySpeed,
    List<String> gatewayAccounts,
    int lanes,
    int inboxCapacity,
    long maxOrderQuantity,
    int ordersPerSecondPerOwner,
    int orderBurstPerOwner,
    int liveReplayWindow,
    Duration pnlUpdateInterval,
    Duration brokerReadyTimeout,
    Clock clock,
    ClusterConfig cluster,
    PlanLimits planLimits,
    MarketDataWatch marketDataWatch,
    Duration reconcilePositionsEvery,
    boolean traderMayLoosenStop,
    Integer entryMaxSlippageTicks,
    RecordingConfig recording,
    KillSwitchTriggers killSwitchTriggers,
    PortfolioChecks portfolioChecks,
    TradingHoursRule tradingHoursRule,
    Map<String, String> paperGatewayEnvironment) {

  /**
   * Without {@code MONGODB_URI}: the embedded store listens on this fixed port, so that other
   * processes (the members of {@code ./tradeplan up --members N}) can use it as their {@code
   * MONGODB_URI}. Unset: a free port, reachable by this process only.
   */
  public static final String EMBEDDED_MONGO_PORT = "TRADEPLAN_EMBEDDED_MONGO_PORT";

  /** The default port of the embedded paper gateway: IB Gateway's paper port. */
  public static final int DEFAULT_GATEWAY_PORT = 4002;

  /**
   * What one user may hold, checked before a plan is stored (docs/api.md, "Limits"); a refusal
   * names the limit, its value and the user's count.
   *
   * @param livePlansPerUser plans that are ACTIVE, ENTRY_SUBMITTED or live (the plans the engine
   *     watches) one user may have at once; at most {@link UserSession#PLANS_MAX}, what one rule
   *     session holds. Ended plans never count.
   * @param draftsPerUser DRAFT plans one user may keep
   */
  public record PlanLimits(int livePlansPerUser, int draftsPerUser) {
    /** The default of both limits. */
    public static final int DEFAULT = 1_000;

    public PlanLimits {
      if (livePlansPerUser < 1 || livePlansPerUser > UserSession.PLANS_MAX) {
        throw new IllegalArgumentException(
            "TRADEPLAN_MAX_LIVE_PLANS_PER_USER must be 1.."
                + UserSession.PLANS_MAX
                + " (what one rule session holds), not "
                + livePlansPerUser);
      }
      if (draftsPerUser < 1) {
        throw new IllegalArgumentException(
            "TRADEPLAN_MAX_DRAFTS_PER_USER must be >= 1, not " + draftsPerUser);
      }
    }

    static PlanLimits fromEnvironment(EnvironmentVariables env) {
      return new PlanLimits(
          env.integer("TRADEPLAN_MAX_LIVE_PLANS_PER_USER", DEFAULT),
          env.integer("TRADEPLAN_MAX_DRAFTS_PER_USER", DEFAULT));
    }
  }

  /**
   * When a plan's symbol counts as having stopped ticking (docs/architecture.md, "A plan that stops
   * getting ticks").
   *
   * @param staleAfter no tick for this long while the market is open: an alert ({@code
   *     TRADEPLAN_MARKET_DATA_STALE_SECONDS}, default 10)
   * @param hours when the market is open ({@code TRADEPLAN_MARKET_HOURS}, default US equities
   *     09:30-16:00 America/New_York, Monday to Friday)
   */
  public record MarketDataWatch(Duration staleAfter, MarketHours hours) {
    public MarketDataWatch {
      Objects.requireNonNull(hours, "hours");
      if (staleAfter.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("TRADEPLAN_MARKET_DATA_STALE_SECONDS must be >= 1");
      }
    }

    static MarketDataWatch fromEnvironment(EnvironmentVariables env) {
      String hours = env.optionalText("TRADEPLAN_MARKET_HOURS");
      return new MarketDataWatch(
          Duration.ofSeconds(env.integer("TRADEPLAN_MARKET_DATA_STALE_SECONDS", 10)),
          hours == null ? MarketHours.US_EQUITIES : MarketHours.parse(hours));
    }
  }

  /**
   * The automatic kill-switch triggers besides the loss limits' (docs/kill-switch.md, "Automatic
   * triggers"); each engages the global switch, stored, released by an operator.
   *
   * @param staleMarketDataAfter a watched symbol without ticks this long while its market is open
   *     engages the switch ({@code TRADEPLAN_KILL_SWITCH_STALE_SECONDS}; unset: off; at least the
   *     alert's {@code TRADEPLAN_MARKET_DATA_STALE_SECONDS}, as only a stale symbol is measured)
   * @param storeDown a store write still failing after the writer's alert threshold engages it
   *     ({@code TRADEPLAN_KILL_SWITCH_ON_STORE_DOWN}, default false)
   */
  public record KillSwitchTriggers(Duration staleMarketDataAfter, boolean storeDown) {
    /** No automatic trigger besides the loss limits'. */
    public static final KillSwitchTriggers OFF = new KillSwitchTriggers(null, false);

    static KillSwitchTriggers fromEnvironment(EnvironmentVariables env) {
      String stale = env.optionalText("TRADEPLAN_KILL_SWITCH_STALE_SECONDS");
      return new KillSwitchTriggers(
          stale == null
              ? null
              : Duration.ofSeconds(
                  env.integer("TRADEPLAN_KILL_SWITCH_STALE_SECONDS", 0, 1, 86_400)),
          env.bool("TRADEPLAN_KILL_SWITCH_ON_STORE_DOWN", false));
    }
  }

  /** A copy with other automatic kill-switch triggers. */
  public PlatformConfig withKillSwitchTriggers(KillSwitchTriggers triggers) {
    Copy c = new Copy(this);
    c.killSwitchTriggers = triggers;
    return c.build();
  }

  public PlatformConfig {
    Objects.requireNonNull(killSwitchTriggers, "killSwitchTriggers");
    storeEnvironment = Map.copyOf(storeEnvironment);
    gatewayAccounts = List.copyOf(gatewayAccounts);
    if (gatewayAccounts.isEmpty() || gatewayAccounts.size() > EmbeddedGateway.ACCOUNTS_MAX) {
      throw new IllegalArgumentException(
          "TRADEPLAN_GATEWAY_ACCOUNTS: 1.." + EmbeddedGateway.ACCOUNTS_MAX + " accounts");
    }
    Objects.requireNonNull(planLimits, "planLimits");
    Objects.requireNonNull(marketDataWatch, "marketDataWatch");
    Objects.requireNonNull(portfolioChecks, "portfolioChecks");
    Objects.requireNonNull(tradingHoursRule, "tradingHoursRule");
    paperGatewayEnvironment = Map.copyOf(paperGatewayEnvironment);
    if (reconcilePositionsEvery.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("TRADEPLAN_RECONCILE_POSITIONS_SECONDS must be >= 1");
    }
    if (entryMaxSlippageTicks != null
        && (entryMaxSlippageTicks < 0 || entryMaxSlippageTicks > Entry.MAX_SLIPPAGE_TICKS_MAX)) {
      throw new IllegalArgumentException(
          "TRADEPLAN_ENTRY_MAX_SLIPPAGE_TICKS must be 0.." + Entry.MAX_SLIPPAGE_TICKS_MAX);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(pnlUpdateInterval, "pnlUpdateInterval");
    Objects.requireNonNull(brokerReadyTimeout, "brokerReadyTimeout");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(cluster, "cluster: every platform is a cluster member");
    if (lanes < 1 || inboxCapacity < 1 || liveReplayWindow < 1) {
      throw new IllegalArgumentException("lanes, inbox capacity and replay window must be >= 1");
    }
    if (maxOrderQuantity < 1 || ordersPerSecondPerOwner < 1 || orderBurstPerOwner < 1) {
      throw new IllegalArgumentException("risk limits must be >= 1");
    }
    if (gatewayPort < 0 || gatewayPort > 65_535 || gatewaySpeed < 0) {
      throw new IllegalArgumentException("bad gateway port or speed");
    }
  }

  /**
   * Reads the configuration (pass {@code System.getenv()}):
   *
   * <ul>
   *   <li>store: {@code MONGODB_URI} (unset: embedded), {@code MONGODB_USERNAME}, {@code
   *       MONGODB_PASSWORD_FILE}, {@code MONGODB_DATABASE}, {@code MONGODB_WRITE_CONCERN}, {@code
   *       TRADEPLAN_DATA_DIR} (default {@code ./data});
   *   <li>broker: {@code IB_HOST}, {@code IB_PORT} (4002), {@code IB_CLIENT_ID} (1), {@code
   *       IB_ACCOUNT}; when {@code IB_HOST} is unset, an embedded paper gateway on 127.0.0.1:{@code
   *       TRADEPLAN_GATEWAY_PORT} (4002; 0 = free) replays {@code TRADEPLAN_GATEWAY_TICKS}
   *       (default: the bundled generated demo file) at {@code TRADEPLAN_GATEWAY_SPEED} (1),
   *       serving the accounts {@code TRADEPLAN_GATEWAY_ACCOUNTS} (comma-separated account codes,
   *       at most 32; default {@code DU1234567,DU7654321});
   *   <li>engine: {@code TRADEPLAN_LANES} (2), {@code TRADEPLAN_INBOX_CAPACITY} (10000);
   *   <li>per-user plan limits: {@code TRADEPLAN_MAX_LIVE_PLANS_PER_USER} (1000, at most {@link
   *       UserSession#PLANS_MAX}), {@code TRADEPLAN_MAX_DRAFTS_PER_USER} (1000);
   *   <li>market data: {@code TRADEPLAN_MARKET_DATA_STALE_SECONDS} (10), {@code
   *       TRADEPLAN_MARKET_HOURS} ({@code America/New_York 09:30-16:00 MON-FRI}; {@code always});
   *   <li>a trader may loosen a live trade's active stop by an explicit change of exits: {@code
   *       TRADEPLAN_TRADER_MAY_LOOSEN_STOP} (true);
   *   <li>the embedded paper gateway's hours, holidays and per-account commission plans: the {@code
   *       PAPER_*} variables of {@link GatewayOptions#ENVIRONMENT} (docs/ib.md);
   *   <li>trading hours: {@code TRADEPLAN_TRADING_HOURS_RULE} ({@code off}; {@code trading} or
   *       {@code liquid}: entries and activations outside the contract's hours are refused);
   *   <li>entries: {@code TRADEPLAN_ENTRY_MAX_SLIPPAGE_TICKS} (unset: market entries; 0..1000: a
   *       plan without its own {@code entry.maxSlippageTicks} enters with a marketable limit that
   *       many ticks from its trigger price, docs/risk.md);
   *   <li>automatic kill-switch triggers: {@code TRADEPLAN_KILL_SWITCH_STALE_SECONDS} (unset: off),
   *       {@code TRADEPLAN_KILL_SWITCH_ON_STORE_DOWN} (false);
   *   <li>reconciliation of positions: {@code TRADEPLAN_RECONCILE_POSITIONS_SECONDS} (60, at least
   *       1; docs/accounts.md);
   *   <li>portfolio checks ({@link PortfolioChecks}, docs/risk.md): {@code
   *       TRADEPLAN_WHAT_IF_CHECKS} (false), {@code TRADEPLAN_RISK_REBALANCE_SECONDS} (60,
   *       60..300), {@code TRADEPLAN_RISK_REBALANCE_ACTION} ({@code block} or {@code throttle});
   *   <li>risk: {@code TRADEPLAN_MAX_ORDER_QUANTITY} (100000), {@code
   *       TRADEPLAN_ORDERS_PER_SECOND_PER_OWNER} (10), {@code TRADEPLAN_ORDER_BURST_PER_OWNER}
   *       (20);
   *   <li>live updates: {@code TRADEPLAN_LIVE_REPLAY_WINDOW} (1000 per owner), {@code
   *       TRADEPLAN_PNL_UPDATE_MILLIS} (250);
   *   <li>cluster: the {@code TRADEPLAN_CLUSTER_*} variables of {@link
   *       ClusterConfig#fromEnvironment}. Every process is a member: without {@code
   *       TRADEPLAN_CLUSTER_MEMBERS} a one-member cluster on 127.0.0.1, a free port and a cluster
   *       name of its own (unless {@code TRADEPLAN_CLUSTER_NAME} is set), so that two unrelated
   *       processes on one machine never join each other.
   * </ul>
   */
  public static PlatformConfig fromEnvironment(Map<String, String> environment) {
    EnvironmentVariables env = EnvironmentVariables.of(environment);
    Map<String, String> store = new HashMap<>();
    for (String k :
        new String[] {
          "MONGODB_URI",
          "MONGODB_USERNAME",
          "MONGODB_PASSWORD_FILE",
          "MONGODB_DATABASE",
          "MONGODB_WRITE_CONCERN",
          "TRADEPLAN_DATA_DIR",
          EMBEDDED_MONGO_PORT
        }) {
      String v = environment.get(k);
      if (v != null && !v.isBlank()) {
        store.put(k, v);
      }
    }
    Path dataDir = Path.of(env.text("TRADEPLAN_DATA_DIR", "./data"));
    IbBrokerConfig ib =
        env.optionalText("IB_HOST") == null ? null : IbBrokerConfig.fromEnv(environment);
    String ticks = env.optionalText("TRADEPLAN_GATEWAY_TICKS");
    return new PlatformConfig(
        store,
        dataDir,
        ib,
        env.integer("TRADEPLAN_GATEWAY_PORT", DEFAULT_GATEWAY_PORT),
        ticks == null ? null : Path.of(ticks),
        env.decimal("TRADEPLAN_GATEWAY_SPEED", BigDecimal.ONE).doubleValue(),
        EmbeddedGateway.accounts(env),
        env.integer("TRADEPLAN_LANES", 2),
        env.integer("TRADEPLAN_INBOX_CAPACITY", 10_000),
        env.longInteger("TRADEPLAN_MAX_ORDER_QUANTITY", 100_000),
        env.integer("TRADEPLAN_ORDERS_PER_SECOND_PER_OWNER", 10),
        env.integer("TRADEPLAN_ORDER_BURST_PER_OWNER", 20),
        env.integer("TRADEPLAN_LIVE_REPLAY_WINDOW", 1_000),
        Duration.ofMillis(env.integer("TRADEPLAN_PNL_UPDATE_MILLIS", 250)),
        Duration.ofSeconds(env.integer("TRADEPLAN_BROKER_READY_SECONDS", 30)),
        Clock.systemUTC(),
        ClusterConfig.fromEnvironment(environment),
        PlanLimits.fromEnvironment(env),
        MarketDataWatch.fromEnvironment(env),
        Duration.ofSeconds(env.integer("TRADEPLAN_RECONCILE_POSITIONS_SECONDS", 60)),
        env.bool("TRADEPLAN_TRADER_MAY_LOOSEN_STOP", true),
        env.optionalText("TRADEPLAN_ENTRY_MAX_SLIPPAGE_TICKS") == null
            ? null
            : env.integer("TRADEPLAN_ENTRY_MAX_SLIPPAGE_TICKS", 0, 0, Entry.MAX_SLIPPAGE_TICKS_MAX),
        RecordingConfig.fromEnvironment(env, dataDir),
        KillSwitchTriggers.fromEnvironment(env),
        PortfolioChecks.fromEnvironment(env),
        tradingHoursRule(env),
        paperGatewayEnvironment(environment));
  }

  /** The embedded gateway's {@code PAPER_*} variables that are set, each read by its name. */
  private static Map<String, String> paperGatewayEnvironment(Map<String, String> environment) {
    Map<String, String> out = new HashMap<>();
    for (String name : GatewayOptions.ENVIRONMENT) {
      String v = environment.get(name);
      if (v != null && !v.isBlank()) {
        out.put(name, v);
      }
    }
    return out;
  }

  private static TradingHoursRule tradingHoursRule(EnvironmentVariables env) {
    String text = env.text("TRADEPLAN_TRADING_HOURS_RULE", "off");
    TradingHoursRule rule = TradingHoursRule.fromSetting(text);
    if (rule == null) {
      throw new IllegalArgumentException(
          "TRADEPLAN_TRADING_HOURS_RULE: '" + text + "' is not off, trading or liquid");
    }
    return rule;
  }

  /** A copy with another trading hours rule (tests: the rule on, with a controllable clock). */
  public PlatformConfig withTradingHoursRule(TradingHoursRule rule) {
    Copy c = new Copy(this);
    c.tradingHoursRule = rule;
    return c.build();
  }

  /** A copy with another incident recording (tests: a folder of their own, or off). */
  public PlatformConfig withRecording(RecordingConfig other) {
    Copy c = new Copy(this);
    c.recording = other;
    return c.build();
  }

  /** A copy with other portfolio checks (what-if checks, the risk rebalancer). */
  public PlatformConfig withPortfolioChecks(PortfolioChecks checks) {
    Copy c = new Copy(this);
    c.portfolioChecks = checks;
    return c.build();
  }

  /** A copy whose plans without their own slippage enter with {@code ticks} (null: market). */
  public PlatformConfig withEntryMaxSlippageTicks(Integer ticks) {
    Copy c = new Copy(this);
    c.entryMaxSlippageTicks = ticks;
    return c.build();
  }

  /** A copy with another policy on a trader loosening a live trade's active stop. */
  public PlatformConfig withTraderMayLoosenStop(boolean allowed) {
    Copy c = new Copy(this);
    c.traderMayLoosenStop = allowed;
    return c.build();
  }

  /** True when the platform starts its own paper gateway (no {@code IB_HOST}). */
  public boolean embeddedGateway() {
    return ib == null;
  }

  /** A copy connecting to another IB Gateway / TWS (or the paper gateway of a test). */
  public PlatformConfig withIb(IbBrokerConfig other) {
    Copy c = new Copy(this);
    c.ib = other;
    return c.build();
  }

  /** A copy that is a member of {@code other}. */
  public PlatformConfig withCluster(ClusterConfig other) {
    Copy c = new Copy(this);
    c.cluster = other;
    return c.build();
  }

  /** A copy with other per-user plan limits. */
  public PlatformConfig withPlanLimits(PlanLimits other) {
    Copy c = new Copy(this);
    c.planLimits = other;
    return c.build();
  }

  /** A copy with another clock (tests that move time). */
  public PlatformConfig withClock(Clock other) {
    Copy c = new Copy(this);
    c.clock = other;
    return c.build();
  }

  /**
   * A field-by-field copy that one wither changes: the one place besides {@link #fromEnvironment}
   * that calls the canonical constructor with every field.
   */
  private static final class Copy {
    private Map<String, String> storeEnvironment;
    private Path dataDir;
    private IbBrokerConfig ib;
    private int gatewayPort;
    private Path gatewayTicksFile;
    private double gatewaySpeed;
    private List<String> gatewayAccounts;
    private int lanes;
    private int inboxCapacity;
    private long maxOrderQuantity;
    private int ordersPerSecondPerOwner;
    private int orderBurstPerOwner;
    private int liveReplayWindow;
    private Duration pnlUpdateInterval;
    private Duration brokerReadyTimeout;
    private Clock clock;
    private ClusterConfig cluster;
    private PlanLimits planLimits;
    private MarketDataWatch marketDataWatch;
    private Duration reconcilePositionsEvery;
    private boolean traderMayLoosenStop;
    private Integer entryMaxSlippageTicks;
    private RecordingConfig recording;
    private KillSwitchTriggers killSwitchTriggers;
    private PortfolioChecks portfolioChecks;
    private TradingHoursRule tradingHoursRule;
    private Map<String, String> paperGatewayEnvironment;

    private Copy(PlatformConfig s) {
      storeEnvironment = s.storeEnvironment;
      dataDir = s.dataDir;
      ib = s.ib;
      gatewayPort = s.gatewayPort;
      gatewayTicksFile = s.gatewayTicksFile;
      gatewaySpeed = s.gatewaySpeed;
      gatewayAccounts = s.gatewayAccounts;
      lanes = s.lanes;
      inboxCapacity = s.inboxCapacity;
      maxOrderQuantity = s.maxOrderQuantity;
      ordersPerSecondPerOwner = s.ordersPerSecondPerOwner;
      orderBurstPerOwner = s.orderBurstPerOwner;
      liveReplayWindow = s.liveReplayWindow;
      pnlUpdateInterval = s.pnlUpdateInterval;
      brokerReadyTimeout = s.brokerReadyTimeout;
      clock = s.clock;
      cluster = s.cluster;
      planLimits = s.planLimits;
      marketDataWatch = s.marketDataWatch;
      reconcilePositionsEvery = s.reconcilePositionsEvery;
      traderMayLoosenStop = s.traderMayLoosenStop;
      entryMaxSlippageTicks = s.entryMaxSlippageTicks;
      recording = s.recording;
      killSwitchTriggers = s.killSwitchTriggers;
      portfolioChecks = s.portfolioChecks;
      tradingHoursRule = s.tradingHoursRule;
      paperGatewayEnvironment = s.paperGatewayEnvironment;
    }

    private PlatformConfig build() {
      return new PlatformConfig(
          storeEnvironment,
          dataDir,
          ib,
          gatewayPort,
          gatewayTicksFile,
          gatewaySpeed,
          gatewayAccounts,
          lanes,
          inboxCapacity,
          maxOrderQuantity,
          ordersPerSecondPerOwner,
          orderBurstPerOwner,
          liveReplayWindow,
          pnlUpdateInterval,
          brokerReadyTimeout,
          clock,
          cluster,
          planLimits,
          marketDataWatch,
          reconcilePositionsEvery,
          traderMayLoosenStop,
          entryMaxSlippageTicks,
          recording,
          killSwitchTriggers,
          portfolioChecks,
          tradingHoursRule,
          paperGatewayEnvironment);
    }
  }
}
