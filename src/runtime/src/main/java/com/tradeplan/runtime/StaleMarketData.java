package com.tradeplan.runtime;

import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a plan that stops getting ticks (issue 20, point 5): a symbol with plans watched here
 * that has had no tick for {@code staleAfter} while its market is open ({@link MarketHours}) is
 * <em>stale</em>. On the change to stale an operator alert names it ({@code MARKET_DATA_STALE}),
 * and every plan watched on it is published to its trader with {@code ticksStale} set (the UI shows
 * it); when ticks come back it is logged and published again. The current stale symbols are in the
 * health view and the metrics. Outside market hours nothing is stale, except a symbol whose market
 * data IB refused (below).
 *
 * <p>The quiet time counts from the last tick, or from the subscription (a symbol that never
 * ticked), or from the session's open, or from this platform's start, whichever came last: a
 * session that just opened, or a platform that just started, gets {@code staleAfter} before its
 * first alert.
 *
 * <p>A symbol whose market data IB refused ({@code IbBroker#marketDataRefusals}: no permission, too
 * many lines, delayed data only) is stale at the next check, market open or not, and alerted once
 * as {@code MARKET_DATA_REFUSED} with IB's words: waiting for the open and {@code staleAfter} would
 * leave its plans unwatched for nothing. Each check first has the broker ask again for the refusals
 * that may pass without an operator (the account's market data lines all in use), each at most once
 * per {@code IB_MARKET_DATA_RETRY_SECONDS}; the symbol stops being stale when a price of it
 * arrives. Its quiet time counts only while the market is open, as for any symbol (the automatic
 * kill switch reads it).
 *
 * <p>{@link #check} runs on the platform's timer every second (and in tests, on demand); it never
 * throws (a throw would cancel the timer's task). Bounds: one entry per symbol watched here.
 */
final class StaleMarketData {
  private static final Logger LOG = LoggerFactory.getLogger(StaleMarketData.class);

  private final MarketDataHub ticks;
  private final PlanReads plans;
  private final Alerts alerts;
  private final Clock clock;
  private final PlatformConfig.MarketDataWatch watch;
  private final Instant startedAt;

  /** The stale symbols of the last check (written by the checking thread, read by any). */
  private volatile Map<String, StaleSymbol> stale = Map.of();

  private volatile boolean marketOpen;

  StaleMarketData(
      MarketDataHub ticks,
      PlanReads plans,
      Alerts alerts,
      Clock clock,
      PlatformConfig.MarketDataWatch watch) {
    this.ticks = ticks;
    this.plans = plans;
    this.alerts = alerts;
    this.clock = clock;
    this.watch = watch;
    this.startedAt = clock.instant();
  }

  /** The symbols stale at the last check, by symbol. */
  List<StaleSymbol> staleSymbols() {
    return List.copyOf(stale.values());
  }

  /** Whether the market was open at the last check. */
  boolean marketOpen() {
    return marketOpen;
  }

  /** Finds the stale symbols now, alerts and publishes the changes. */
  synchronized void check() {
    try {
      // A refusal that may pass (the lines all in use) is asked again here, at most
      // once per interval: its plans get prices again without waiting for a reconnect.
      ticks.askRefusedAgain();
      Instant now = clock.instant();
      Instant opened = watch.hours().openedAt(now);
      marketOpen = opened != null;
      Map<String, Integer> watched = new TreeMap<>();
      for (PlanSnapshot s : plans.monitoredPlans().values()) {
        if (s.status().isMonitored()) {
          watched.merge(s.plan().symbol(), 1, Integer::sum);
        }
      }
      Map<String, StaleSymbol> found = new TreeMap<>();
      Map<String, String> refused = ticks.refusals();
      watched.forEach(
          (symbol, count) -> {
            Instant last = ticks.lastTickAt(symbol);
            long quietMillis =
                opened == null
                    ? 0
                    : Duration.between(
                            latest(last, ticks.subscribedAt(symbol), opened, startedAt), now)
                        .toMillis();
            String refusal = refused.get(symbol);
            if (refusal != null || quietMillis > watch.staleAfter().toMillis()) {
              found.put(symbol, new StaleSymbol(symbol, last, quietMillis, count, refusal));
            }
          });
      Set<String> changed = changes(stale, found);
      stale = Map.copyOf(found);
      ticks.staleSymbols(found.keySet());
      if (!changed.isEmpty()) {
        plans.publishPlansOn(changed);
      }
    } catch (RuntimeException e) {
      LOG.error("market data check failed; retried in a second", e);
    }
  }

  /** Alerts the newly stale symbols, logs the recovered ones; returns both. */
  private Set<String> changes(
      Map<String, StaleSymbol> beforeBySymbol, Map<String, StaleSymbol> now) {
    Set<String> before = beforeBySymbol.keySet();
    Set<String> changed = new HashSet<>();
    for (StaleSymbol s : now.values()) {
      StaleSymbol was = beforeBySymbol.get(s.symbol());
      if (s.refusedBecause() != null && (was == null || was.refusedBecause() == null)) {
        changed.add(s.symbol());
        alerts.alert(
            "MARKET_DATA_REFUSED",
            s.symbol()
                + ": IB refused its market data ("
                + s.refusedBecause()
                + "); "
                + s.plans()
                + " watched plan(s) on it get no price: their stops and targets are not checked."
                + " Asked again on the next connection to IB (docs/operations.md, \"Market data"
                + " refused\")");
      } else if (!before.contains(s.symbol())) {
        changed.add(s.symbol());
        alerts.alert(
            "MARKET_DATA_STALE",
            s.symbol()
                + ": no tick for "
                + s.quietMillis() / 1000
                + " s while its market is open (last tick "
                + (s.lastTickAt() == null ? "none" : s.lastTickAt())
                + "); "
                + s.plans()
                + " watched plan(s) on it are not checked against fresh prices");
      }
    }
    for (String symbol : before) {
      if (!now.containsKey(symbol)) {
        changed.add(symbol);
        LOG.warn("{}: ticks again (or its market closed, or no plan watches it any more)", symbol);
      }
    }
    return changed;
  }

  private static Instant latest(Instant... instants) {
    Instant latest = Instant.MIN;
    for (Instant i : instants) {
      if (i != null && i.isAfter(latest)) {
        latest = i;
      }
    }
    return latest;
  }
}
