package com.tradeplan.server.ops;

import com.tradeplan.runtime.PlatformHealth;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code platform} health component (part of readiness) with three parts:
 *
 * <ul>
 *   <li>{@code store}: DOWN when the store does not answer a ping;
 *   <li>{@code broker}: UP only when the IB link is READY (connected and reconciled), else
 *       OUT_OF_SERVICE with its state: orders would wait in the broker's queue;
 *   <li>{@code marketData}: per subscribed symbol, the age of its last tick; {@code DEGRADED} (HTTP
 *       200: the platform still serves, but plans on those symbols get no fresh prices) while a
 *       watched symbol has had no tick for too long during market hours, naming them in {@code
 *       staleSymbols}; else UNKNOWN (which does not take readiness down: markets close) when any
 *       symbol is older than {@code tradeplan.health.market-data-stale} (60 s) or has had no tick
 *       yet;
 *   <li>{@code cluster}: UP while split-brain protection is satisfied, else OUT_OF_SERVICE (this
 *       member is on the minority side of a split and sends no orders: route traders to the
 *       others), with the members it sees, the users it runs and {@code usersNotMonitored}: the
 *       users it holds whose plans are not in its engine (a take-over or rebuild under way, or a
 *       failed rebuild waiting for its retry: watched by no one meanwhile).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfig {
  /** Serving, but something traders rely on is impaired (application.properties orders it). */
  public static final Status DEGRADED =
      new Status("DEGRADED", "watched symbols without ticks while their market is open");

  @Bean
  HealthContributor platformHealthContributor(
      PlatformHealthSource source,
      @Value("${tradeplan.health.market-data-stale:60s}") Duration stale) {
    HealthIndicator store =
        () -> {
          PlatformHealth h = source.get();
          return (h.storeUp() ? Health.up() : Health.down())
              .withDetail("writeQueueDepth", h.writeQueueDepth())
              .build();
        };
    HealthIndicator broker =
        () -> {
          PlatformHealth h = source.get();
          return ("READY".equals(h.brokerState()) ? Health.up() : Health.outOfService())
              .withDetail("state", h.brokerState())
              .withDetail("alerts", h.alerts())
              .build();
        };
    HealthIndicator marketData =
        () -> {
          PlatformHealth h = source.get();
          Map<String, Long> ages = new TreeMap<>(h.marketDataAgeMillis());
          boolean fresh = ages.values().stream().allMatch(a -> a >= 0 && a <= stale.toMillis());
          Map<String, Long> quiet = new TreeMap<>();
          Map<String, String> refused = new TreeMap<>();
          h.staleSymbols()
              .forEach(
                  x -> {
                    quiet.put(x.symbol(), x.quietMillis());
                    if (x.refusedBecause() != null) {
                      refused.put(x.symbol(), x.refusedBecause());
                    }
                  });
          Health.Builder b =
              !quiet.isEmpty() ? Health.status(DEGRADED) : fresh ? Health.up() : Health.unknown();
          return b.withDetail("staleSymbols", quiet)
              .withDetail("refusedSymbols", refused)
              .withDetail("marketOpen", h.marketOpen())
              .withDetail("ageMillisBySymbol", ages)
              .withDetail("staleAfterMillis", stale.toMillis())
              .withDetail("ticksPending", h.ticksPending())
              .withDetail("ticksCoalesced", h.ticksCoalesced())
              .build();
        };
    HealthIndicator cluster =
        () -> {
          PlatformHealth h = source.get();
          return (h.clusterQuorum() ? Health.up() : Health.outOfService())
              .withDetail("members", h.clusterMembers())
              .withDetail("usersRun", h.usersRun())
              .withDetail("usersNotMonitored", h.usersNotMonitored())
              .build();
        };
    return CompositeHealthContributor.fromMap(
        Map.of("store", store, "broker", broker, "marketData", marketData, "cluster", cluster));
  }
}
