package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, point 5: a plan whose symbol stops getting ticks while its market is open is alerted,
 * shown to its trader and named in the health view; outside market hours nothing is. A real
 * platform on a clock the test moves, and a paper gateway that stops publishing one symbol.
 */
class StaleTicksTest {
  /** Wednesday 4 March 2026, 10:00 in New York: the default session is open. */
  private static final Instant OPEN = Instant.parse("2026-03-04T15:00:00Z");

  @TempDir Path dir;

  @Test
  void aSymbolThatStopsTickingWhileItsMarketIsOpenIsAlertedShownAndNamed() throws Exception {
    MutableClock clock = new MutableClock(OPEN);
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      startOn(h, clock);
      TradingService s = h.service();
      List<LiveUpdate> updates = new CopyOnWriteArrayList<>();
      s.subscribe("alice", 0, updates::add);
      String aapl = h.activate("alice", plan("aapl", "AAPL"));
      String msft = h.activate("alice", plan("msft", "MSFT"));
      h.tick("AAPL", "100.00");
      h.tick("MSFT", "100.00");

      // MSFT ticks on; AAPL's feed stops. Never more than 5 s between MSFT's ticks.
      for (int i = 1; i <= 2; i++) {
        clock.advance(Duration.ofSeconds(5));
        h.tick("MSFT", "100.0" + i);
      }
      h.platform.checkMarketDataNow();
      assertTrue(h.platform.health().staleSymbols().isEmpty(), "10 s without a tick: not yet");

      clock.advance(Duration.ofSeconds(1));
      h.tick("MSFT", "100.03");
      h.platform.checkMarketDataNow();

      PlatformHealth health = h.platform.health();
      assertTrue(health.marketOpen());
      assertEquals(1, health.staleSymbols().size(), health.staleSymbols().toString());
      StaleSymbol stale = health.staleSymbols().get(0);
      assertEquals("AAPL", stale.symbol());
      assertEquals(11_000, stale.quietMillis());
      assertEquals(1, stale.plans());
      assertEquals(OPEN, stale.lastTickAt());
      assertTrue(
          health.recentAlerts().stream().anyMatch(a -> a.startsWith("MARKET_DATA_STALE: AAPL")),
          health.recentAlerts().toString());
      PlanView aaplView = s.get("alice", aapl).orElseThrow();
      assertTrue(aaplView.ticksStale(), "the trader's plan says it gets no ticks");
      assertEquals(OPEN, aaplView.lastTickAt());
      assertFalse(s.get("alice", msft).orElseThrow().ticksStale());
      Harness.await(
          "a live update of the AAPL plan saying so",
          () ->
              updates.stream()
                  .anyMatch(
                      u -> u.planId().equals(aapl) && u.view() != null && u.view().ticksStale()));

      // Ticks come back.
      h.tick("AAPL", "100.04");
      h.platform.checkMarketDataNow();
      assertTrue(h.platform.health().staleSymbols().isEmpty());
      assertFalse(s.get("alice", aapl).orElseThrow().ticksStale());
      Harness.await(
          "a live update of the AAPL plan with ticks again",
          () -> {
            LiveUpdate last = null;
            for (LiveUpdate u : updates) {
              if (u.planId().equals(aapl) && u.view() != null) {
                last = u;
              }
            }
            return last != null && !last.view().ticksStale();
          });

      // Saturday: the market is closed, and no tick for days is no alarm.
      clock.set(Instant.parse("2026-03-07T15:00:00Z"));
      h.platform.checkMarketDataNow();
      assertFalse(h.platform.health().marketOpen());
      assertTrue(h.platform.health().staleSymbols().isEmpty());
      assertFalse(s.get("alice", aapl).orElseThrow().ticksStale());
    }
  }

  /**
   * IB refuses a symbol's market data (here the gateway's line limit, IB's 101; the same path takes
   * 354 "not subscribed" and the other refusals): its plans are alerted and shown as getting no
   * ticks at once, with the market closed, instead of at the open plus the stale bound.
   */
  @Test
  void aSymbolWhoseMarketDataIbRefusesIsAlertedAndShownAtOnceEvenWithTheMarketClosed()
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-07T15:00:00Z")); // a Saturday
    com.tradeplan.gateway.GatewayConfig gateway = Harness.gatewayConfig();
    gateway.marketDataLinesMax = 1;
    try (Harness h = new Harness(dir, gateway)) {
      startOn(h, clock);
      TradingService s = h.service();
      String aapl = h.activate("alice", plan("aapl", "AAPL"));
      Harness.await("AAPL's line at the gateway", () -> h.gateway.streams("AAPL"));
      String msft = h.activate("alice", plan("msft", "MSFT"));

      awaitStale(h, "MSFT stale for IB's refusal");
      PlatformHealth health = h.platform.health();
      assertFalse(health.marketOpen());
      assertEquals(1, health.staleSymbols().size(), health.staleSymbols().toString());
      StaleSymbol stale = health.staleSymbols().get(0);
      assertEquals("MSFT", stale.symbol());
      assertTrue(
          stale.refusedBecause().startsWith("IB 101: Max number of tickers"),
          stale.refusedBecause());
      assertEquals(0, stale.quietMillis(), "the market is closed: no quiet time counts");
      assertEquals(1, stale.plans());
      assertTrue(
          health.recentAlerts().stream()
              .anyMatch(
                  a ->
                      a.startsWith(
                          "MARKET_DATA_REFUSED: MSFT: IB refused its market data (IB 101")),
          health.recentAlerts().toString());
      assertTrue(
          health.recentAlerts().stream().noneMatch(a -> a.startsWith("MARKET_DATA_STALE")),
          "one alert, the refusal: " + health.recentAlerts());
      assertTrue(s.get("alice", msft).orElseThrow().ticksStale(), "MSFT's trader is told");
      assertFalse(s.get("alice", aapl).orElseThrow().ticksStale(), "AAPL's line works");

      // Checked again: still stale, not alerted twice.
      h.platform.checkMarketDataNow();
      assertEquals(
          1,
          h.platform.health().recentAlerts().stream()
              .filter(a -> a.startsWith("MARKET_DATA_REFUSED"))
              .count());
    }
  }

  /**
   * A refusal that may pass (IB's 101: the account's market data lines all in use) is asked again
   * on the same connection once per interval: when a line frees, the refused symbol's plans get
   * prices and stop being stale without a reconnect. Before that, asking again is refused the same
   * way and alerted only once.
   */
  @Test
  void aSymbolRefusedForLinesInUseGetsPricesOnceALineFreesWithoutAReconnect() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-07T15:00:00Z")); // a Saturday
    com.tradeplan.gateway.GatewayConfig gateway = Harness.gatewayConfig();
    gateway.marketDataLinesMax = 1;
    try (Harness h = new Harness(dir, gateway)) {
      startOn(h, clock, Duration.ofSeconds(1));
      TradingService s = h.service();
      String aapl = h.activate("alice", plan("aapl", "AAPL"));
      Harness.await("AAPL's line at the gateway", () -> h.gateway.streams("AAPL"));
      String msft = h.activate("alice", plan("msft", "MSFT"));
      h.gateway.publishTick("MSFT", "100.00"); // its last price, sent to a new subscriber
      awaitStale(h, "MSFT refused");
      int connectionsBefore = h.gateway.connectionsServed();

      // Asked again while the only line is still AAPL's: refused the same way, alerted once.
      int refusalsBefore = h.gateway.marketDataRefusals();
      Harness.await(
          "MSFT asked again and refused again",
          () -> {
            h.platform.checkMarketDataNow();
            return h.gateway.marketDataRefusals() > refusalsBefore;
          });
      assertTrue(s.get("alice", msft).orElseThrow().ticksStale(), "still no price for MSFT");

      // AAPL's plan ends: its line frees, and MSFT's next request gets it.
      assertTrue(s.cancel("alice", aapl) instanceof CommandResult.Ok, "AAPL's plan cancelled");
      Harness.await("AAPL's line given back", () -> !h.gateway.streams("AAPL"));
      Harness.await(
          "MSFT streams and is no longer stale",
          () -> {
            h.platform.checkMarketDataNow();
            return h.gateway.streams("MSFT") && h.platform.health().staleSymbols().isEmpty();
          });
      assertFalse(s.get("alice", msft).orElseThrow().ticksStale(), "MSFT's trader is told");
      assertEquals(
          0, new java.math.BigDecimal("100.00").compareTo(s.lastPrices().get("MSFT")), "its price");
      assertEquals(connectionsBefore, h.gateway.connectionsServed(), "on the same connection");
      assertEquals(
          1,
          h.platform.health().recentAlerts().stream()
              .filter(a -> a.startsWith("MARKET_DATA_REFUSED: MSFT"))
              .count(),
          "alerted once: " + h.platform.health().recentAlerts());
    }
  }

  /**
   * A symbol subscribed again shows no tick in the health view until its new subscription answers:
   * AAPL ticked, its plan ended and its line was given back; subscribed again for a new plan and
   * refused (the gateway's one line is MSFT's), it must show -1 (none yet), not the age of the tick
   * its old subscription had. A full run failed on that age: the harness took it for the new
   * subscription's first answer, counted that answer for the next tick, and an entry never filled.
   */
  @Test
  void aSymbolSubscribedAgainShowsNoTickUntilItsNewSubscriptionAnswers() throws Exception {
    com.tradeplan.gateway.GatewayConfig gateway = Harness.gatewayConfig();
    gateway.marketDataLinesMax = 1;
    try (Harness h = new Harness(dir, gateway)) {
      h.gateway.publishTick("AAPL", "100.10");
      h.gateway.publishTick("MSFT", "100.10");
      h.start();
      TradingService s = h.service();
      String first = h.activate("alice", plan("aapl", "AAPL"));
      h.tick("AAPL", "100.20");
      assertTrue(
          h.platform.health().marketDataAgeMillis().get("AAPL") >= 0,
          h.platform.health().marketDataAgeMillis().toString());
      assertTrue(s.cancel("alice", first) instanceof CommandResult.Ok, "AAPL's plan cancelled");
      Harness.await(
          "AAPL's line given back",
          () ->
              !h.gateway.streams("AAPL")
                  && !h.platform.health().marketDataAgeMillis().containsKey("AAPL"));
      h.activate("alice", plan("msft", "MSFT"));
      Harness.await("MSFT's line at the gateway", () -> h.gateway.streams("MSFT"));

      h.activate("alice", plan("aapl-again", "AAPL"));
      awaitStale(h, "AAPL refused");
      assertEquals(
          "AAPL", h.platform.health().staleSymbols().get(0).symbol(), "refused: no answer");
      assertEquals(
          -1L,
          h.platform.health().marketDataAgeMillis().get("AAPL"),
          "no tick since it was subscribed again: " + h.platform.health().marketDataAgeMillis());
    }
  }

  /** Runs the market data check until it finds a stale symbol. */
  private static void awaitStale(Harness h, String what) {
    Harness.await(
        what,
        () -> {
          h.platform.checkMarketDataNow();
          return !h.platform.health().staleSymbols().isEmpty();
        });
  }

  /** The platform over the harness's gateway, on the test's clock. */
  private static void startOn(Harness h, MutableClock clock) throws Exception {
    startOn(h, clock, com.tradeplan.broker.IbBrokerConfig.MARKET_DATA_RETRY_DEFAULT);
  }

  /**
   * As {@link #startOn(Harness, MutableClock)}, refused market data asked again every {@code
   * retry}.
   */
  private static void startOn(Harness h, MutableClock clock, Duration retry) throws Exception {
    Map<String, String> env = Harness.environment(h.dataDir, h.gateway.port(), h.gateway.account());
    PlatformConfig c = Harness.platformConfig(env, h.gateway.port(), h.gateway.account());
    h.platform = Platform.start(c.withIb(c.ib().withMarketDataRetry(retry)).withClock(clock));
  }

  private static com.tradeplan.domain.plan.PlanDraft plan(String id, String symbol) {
    return Plans.plan(id).symbol(symbol).stop("99.00").target("103.00").draft();
  }
}
