package com.tradeplan.broker;

import java.time.Duration;
import java.util.Map;

/**
 * Where and how {@link IbBroker} talks to TWS / IB Gateway. {@link #fromEnv} reads IB_HOST,
 * IB_PORT, IB_CLIENT_ID and IB_ACCOUNT.
 *
 * @param maxMessagesPerSecond outbound pacing for every message; IB allows 50/s, so keep below
 * @param pacingBurst tokens the bucket holds; small, so that any one-second window stays under 50
 * @param outboundQueueCapacity orders and cancels waiting to be sent; submit waits up to submitWait
 *     when full, then refuses (never drops silently)
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
    int maxTrackedOrders,
    long jitterSeed) {

  public IbBrokerConfig {
    if (maxMessagesPerSecond <= 0 || pacingBurst <= 0 || outboundQueueCapacity <= 0) {
      throw new IllegalArgumentException("pacing and queue sizes must be > 0");
    }
  }

  /** Defaults: 45 msg/s (below IB's 50), burst 5, 1,000 queued, backoff 0.5 s to 30 s. */
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
        500_000,
        System.nanoTime());
  }

  public static IbBrokerConfig fromEnv(Map<String, String> env) {
    return of(
        env.getOrDefault("IB_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("IB_PORT", "4002")),
        Integer.parseInt(env.getOrDefault("IB_CLIENT_ID", "1")),
        env.getOrDefault("IB_ACCOUNT", ""));
  }

  public IbBrokerConfig withPacing(int perSecond, int burst) {
    return new IbBrokerConfig(
        host,
        port,
        clientId,
        account,
        timeInForce,
        perSecond,
        burst,
        outboundQueueCapacity,
        submitWait,
        connectTimeout,
        reconcileTimeout,
        backoffMin,
        backoffMax,
        maxTrackedOrders,
        jitterSeed);
  }

  public IbBrokerConfig withBackoff(Duration min, Duration max, long seed) {
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
        min,
        max,
        maxTrackedOrders,
        seed);
  }

  public IbBrokerConfig withQueue(int capacity, Duration wait) {
    return new IbBrokerConfig(
        host,
        port,
        clientId,
        account,
        timeInForce,
        maxMessagesPerSecond,
        pacingBurst,
        capacity,
        wait,
        connectTimeout,
        reconcileTimeout,
        backoffMin,
        backoffMax,
        maxTrackedOrders,
        jitterSeed);
  }
}
