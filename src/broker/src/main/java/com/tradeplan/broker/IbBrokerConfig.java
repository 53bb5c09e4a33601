package com.tradeplan.broker;

import com.tradeplan.broker.tws.Liveness;
import com.tradeplan.domain.config.EnvironmentVariables;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * Where and how {@link IbBroker} talks to TWS / IB Gateway. {@link #fromEnv} reads IB_HOST,
 * IB_PORT, IB_CLIENT_ID, IB_ACCOUNT, IB_HEARTBEAT_MILLIS, IB_DEAD_LINK_MILLIS, IB_TIME_ZONE,
 * IB_CONTRACT_DETAILS_TTL_MINUTES and IB_MARKET_DATA_RETRY_SECONDS.
 *
 * @param maxMessagesPerSecond outbound pacing for every message; IB allows 50/s, so keep below
 * @param pacingBurst tokens the bucket holds; small, so that any one-second window stays under 50
 * @param outboundQueueCapacity orders and cancels waiting to be sent; submit waits up to submitWait
 *     when full, then refuses (never drops silently)
 * @param heartbeatInterval how often a live connection asks IB for its time ({@code
 *     reqCurrentTime}), so that a silent link can be told from a quiet one
 * @param deadLinkAfter nothing received from IB for this long, or one write blocked this long, and
 *     the link is dead: it is closed, alerted ({@code IB_LINK_DEAD}), reconnected and reconciled.
 *     Longer than the heartbeat interval
 * @param executionTimeZone the zone of IB's execution times that carry none (TWS writes them in the
 *     zone of its login, set in its settings)
 * @param contractDetailsTtl how long an instrument's contract details (its tick size) count as
 *     known after IB sent them; they are asked again in the background from half of it on
 * @param marketDataRetry how often a subscription IB refused for a reason that may pass (the
 *     account's market data lines all in use) is asked again on the same connection; the other
 *     refusals wait for the next connection
 * @param jitterSeed seed of the reconnect jitter (tests make it deterministic)
 */
public record IbBrokerConfig(
    String host,
    int port,
    int clientId,
    String account,
    String timeInForce,
    int maxMessagesPerSecond,
    int pacingBurst,
    int outboundQueueCapacity,
    Duration submitWait,
    Duration connectTimeout,
    Duration reconcileTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Duration heartbeatInterval,
    Duration deadLinkAfter,
    ZoneId executionTimeZone,
    int maxTrackedOrders,
    Duration contractDetailsTtl,
    Duration marketDataRetry,
    long jitterSeed) {

  /** Default heartbeat: every 2 s. */
  public static final Duration HEARTBEAT_DEFAULT = Duration.ofSeconds(2);

  /** Default dead-link bound: 6 s, three heartbeats unanswered. */
  public static final Duration DEAD_LINK_DEFAULT = Duration.ofSeconds(6);

  /** Default zone of execution times without one: New York, where TWS logins mostly live. */
  public static final ZoneId EXECUTION_TIME_ZONE_DEFAULT = ZoneId.of("America/New_York");

  /** Default time to live of contract details: an hour, asked again after half an hour. */
  public static final Duration CONTRACT_DETAILS_TTL_DEFAULT = Duration.ofMinutes(60);

  /** Default interval of asking again for refused market data that may pass: 30 s. */
  public static final Duration MARKET_DATA_RETRY_DEFAULT = Duration.ofSeconds(30);

  public IbBrokerConfig {
    if (maxMessagesPerSecond <= 0 || pacingBurst <= 0 || outboundQueueCapacity <= 0) {
      throw new IllegalArgumentException("pacing and queue sizes must be > 0");
    }
    new Liveness(heartbeatInterval, deadLinkAfter); // checks the pair
    if (executionTimeZone == null) {
      throw new IllegalArgumentException("executionTimeZone is required");
    }
    if (contractDetailsTtl == null || contractDetailsTtl.toMillis() < 2) {
      throw new IllegalArgumentException("contractDetailsTtl must be at least 2 ms");
    }
    if (marketDataRetry == null || marketDataRetry.toSeconds() < 1) {
      throw new IllegalArgumentException("marketDataRetry must be at least 1 s");
    }
  }

  /**
   * Defaults: 45 msg/s (below IB's 50), burst 5, 1,000 queued, backoff 0.5 s to 30 s, heartbeat
   * every 2 s, a link silent for 6 s is dead, execution times without a zone in New York time.
   */
  public static IbBrokerConfig of(String host, int port, int clientId, String account) {
    return new IbBrokerConfig(
        host,
        port,
        clientId,
        account,
        "DAY",
        45,
        5,
        1000,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        HEARTBEAT_DEFAULT,
        DEAD_LINK_DEFAULT,
        EXECUTION_TIME_ZONE_DEFAULT,
        500_000,
        CONTRACT_DETAILS_TTL_DEFAULT,
        MARKET_DATA_RETRY_DEFAULT,
        System.nanoTime());
  }

  /**
   * Reads the IB_* variables of the class comment; unset or blank ones take the defaults of {@link
   * #of} (127.0.0.1:4002, client id 1, the login's default account).
   *
   * @throws IllegalArgumentException naming the variable when a value is malformed
   */
  public static IbBrokerConfig fromEnv(Map<String, String> environment) {
    EnvironmentVariables env = EnvironmentVariables.of(environment);
    IbBrokerConfig c =
        of(
            env.text("IB_HOST", "127.0.0.1"),
            env.integer("IB_PORT", 4002, 1, 65_535),
            env.integer("IB_CLIENT_ID", 1),
            env.text("IB_ACCOUNT", ""));
    Duration heartbeat =
        Duration.ofMillis(env.longInteger("IB_HEARTBEAT_MILLIS", HEARTBEAT_DEFAULT.toMillis()));
    Duration dead =
        Duration.ofMillis(env.longInteger("IB_DEAD_LINK_MILLIS", DEAD_LINK_DEFAULT.toMillis()));
    ZoneId zone = env.zone("IB_TIME_ZONE", EXECUTION_TIME_ZONE_DEFAULT);
    Duration ttl =
        Duration.ofMinutes(
            env.integer(
                "IB_CONTRACT_DETAILS_TTL_MINUTES",
                (int) CONTRACT_DETAILS_TTL_DEFAULT.toMinutes(),
                1,
                7 * 24 * 60));
    Duration retry =
        Duration.ofSeconds(
            env.integer(
                "IB_MARKET_DATA_RETRY_SECONDS",
                (int) MARKET_DATA_RETRY_DEFAULT.toSeconds(),
                1,
                3_600));
    return c.withLiveness(heartbeat, dead)
        .withExecutionTimeZone(zone)
        .withContractDetailsTtl(ttl)
        .withMarketDataRetry(retry);
  }

  /** The connection's {@link Liveness}: heartbeat interval and dead-link bound. */
  public Liveness liveness() {
    return new Liveness(heartbeatInterval, deadLinkAfter);
  }

  public IbBrokerConfig withPacing(int perSecond, int burst) {
    Copy c = new Copy(this);
    c.maxMessagesPerSecond = perSecond;
    c.pacingBurst = burst;
    return c.build();
  }

  public IbBrokerConfig withBackoff(Duration min, Duration max, long seed) {
    Copy c = new Copy(this);
    c.backoffMin = min;
    c.backoffMax = max;
    c.jitterSeed = seed;
    return c.build();
  }

  public IbBrokerConfig withQueue(int capacity, Duration wait) {
    Copy c = new Copy(this);
    c.outboundQueueCapacity = capacity;
    c.submitWait = wait;
    return c.build();
  }

  /** The heartbeat interval and the dead-link bound (longer than the interval). */
  public IbBrokerConfig withLiveness(Duration heartbeat, Duration deadAfter) {
    Copy c = new Copy(this);
    c.heartbeatInterval = heartbeat;
    c.deadLinkAfter = deadAfter;
    return c.build();
  }

  /** How long a connect (socket and handshake, then IB's first order id) may take. */
  public IbBrokerConfig withConnectTimeout(Duration timeout) {
    Copy c = new Copy(this);
    c.connectTimeout = timeout;
    return c.build();
  }

  public IbBrokerConfig withExecutionTimeZone(ZoneId zone) {
    Copy c = new Copy(this);
    c.executionTimeZone = zone;
    return c.build();
  }

  /**
   * How long contract details count as known (see the class comment's {@code contractDetailsTtl}).
   */
  public IbBrokerConfig withContractDetailsTtl(Duration ttl) {
    Copy c = new Copy(this);
    c.contractDetailsTtl = ttl;
    return c.build();
  }

  /** How often refused market data that may pass is asked again (the class comment's field). */
  public IbBrokerConfig withMarketDataRetry(Duration every) {
    Copy c = new Copy(this);
    c.marketDataRetry = every;
    return c.build();
  }

  /**
   * A field-by-field copy that one wither changes: the one place besides {@link #of} that calls the
   * canonical constructor with every field.
   */
  private static final class Copy {
    private String host;
    private int port;
    private int clientId;
    private String account;
    private String timeInForce;
    private int maxMessagesPerSecond;
    private int pacingBurst;
    private int outboundQueueCapacity;
    private Duration submitWait;
    private Duration connectTimeout;
    private Duration reconcileTimeout;
    private Duration backoffMin;
    private Duration backoffMax;
    private Duration heartbeatInterval;
    private Duration deadLinkAfter;
    private ZoneId executionTimeZone;
    private int maxTrackedOrders;
    private Duration contractDetailsTtl;
    private Duration marketDataRetry;
    private long jitterSeed;

    private Copy(IbBrokerConfig s) {
      host = s.host;
      port = s.port;
      clientId = s.clientId;
      account = s.account;
      timeInForce = s.timeInForce;
      maxMessagesPerSecond = s.maxMessagesPerSecond;
      pacingBurst = s.pacingBurst;
      outboundQueueCapacity = s.outboundQueueCapacity;
      submitWait = s.submitWait;
      connectTimeout = s.connectTimeout;
      reconcileTimeout = s.reconcileTimeout;
      backoffMin = s.backoffMin;
      backoffMax = s.backoffMax;
      heartbeatInterval = s.heartbeatInterval;
      deadLinkAfter = s.deadLinkAfter;
      executionTimeZone = s.executionTimeZone;
      maxTrackedOrders = s.maxTrackedOrders;
      contractDetailsTtl = s.contractDetailsTtl;
      marketDataRetry = s.marketDataRetry;
      jitterSeed = s.jitterSeed;
    }

    private IbBrokerConfig build() {
      return new IbBrokerConfig(
          host,
          port,
          clientId,
          account,
          timeInForce,
          maxMessagesPerSecond,
          pacingBurst,
          outboundQueueCapacity,
          submitWait,
          connectTimeout,
          reconcileTimeout,
          backoffMin,
          backoffMax,
          heartbeatInterval,
          deadLinkAfter,
          executionTimeZone,
          maxTrackedOrders,
          contractDetailsTtl,
          marketDataRetry,
          jitterSeed);
    }
  }
}
