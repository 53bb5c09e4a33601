package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.MarketDataListener;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.runtime.bars.RecentBars;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's market data: one IB subscription per symbol that a plan run here needs, the last
 * price and the arrival time of the last tick per symbol (on the platform's clock: {@link
 * StaleMarketData} compares it with the market hours), the symbols whose price moved since the last
 * P&L update, and the recent bars for charts ({@link RecentBars}, its own bound). Every map holds
 * at most one entry per symbol subscribed since start (symbols come from validated plans), so their
 * bound is the number of distinct symbols traded here.
 *
 * <p>Threads: {@link #onTick} runs on the broker's reader thread and hands the tick to the engine's
 * lanes, which never make it wait and never drop it (a lane that is behind folds the symbol's
 * waiting ticks: {@link LaneEngine#onTick}); nothing here blocks; {@link #ensureSubscribed} runs on
 * the ownership thread (a take-over) and request threads; the cluster's {@link MarketDataListener}
 * calls on its own thread; {@link #publishPnl} on the platform's timer. A throw from {@link
 * #onTick} goes back to the broker's reader thread, which logs it: the tick is lost for the engine,
 * and the price cache may already hold it.
 */
final class MarketDataHub implements MarketData, MarketDataListener {
  private static final Logger LOG = LoggerFactory.getLogger(MarketDataHub.class);

  private final IbBroker broker;
  private final Supplier<ClusterNode> cluster;
  private final Map<String, BigDecimal> lastPrices = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Map<String, Instant> lastTickAt = new ConcurrentHashMap<>();
  private final Map<String, Instant> subscribedAt = new ConcurrentHashMap<>();

  /** The subscribed symbols that had a tick since their subscription (their first answer). */
  private final Set<String> answered = ConcurrentHashMap.newKeySet();

  private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
  private final Set<String> pricesMoved = ConcurrentHashMap.newKeySet();
  private final AtomicLong ticksReceived = new AtomicLong();
  private final RecentBars bars = new RecentBars();
  private volatile Set<String> staleSymbols = Set.of();
  private volatile LaneEngine engine;
  private volatile PlanReads plans;
  private volatile boolean closed;

  /**
   * @param cluster this member's node; null until {@link ClusterNode#start} returned
   */
  MarketDataHub(IbBroker broker, Supplier<ClusterNode> cluster, Clock clock) {
    this.broker = broker;
    this.cluster = cluster;
    this.clock = clock;
  }

  /**
   * Where ticks go and where the monitored plans are read; set once, before the first subscription
   * (the engine is built after the reads that take prices from here).
   */
  void connect(LaneEngine engine, PlanReads plans) {
    this.engine = engine;
    this.plans = plans;
  }

  @Override
  public BigDecimal lastPrice(String symbol) {
    return lastPrices.get(symbol);
  }

  @Override
  public Map<String, BigDecimal> lastPrices() {
    return Map.copyOf(lastPrices);
  }

  /** Subscribes the instrument's symbol unless it is already. */
  @Override
  public void ensureSubscribed(Instrument instrument) {
    subscriptions.computeIfAbsent(
        instrument.symbol(),
        s -> {
          subscribedAt.put(s, clock.instant());
          answered.remove(s);
          return broker.subscribeTicks(instrument, this::onTick);
        });
  }

  /** When the last tick of {@code symbol} arrived here (the platform's clock), or null. */
  @Override
  public Instant lastTickAt(String symbol) {
    return lastTickAt.get(symbol);
  }

  /**
   * The symbols subscribed here whose market data IB refused, with IB's words ("IB 354: ..."): the
   * broker's, since this hub makes every subscription of it and closes each it drops.
   */
  Map<String, String> refusals() {
    return broker.marketDataRefusals();
  }

  /**
   * Asks IB again for the refused subscriptions whose refusal may pass (the account's market data
   * lines all in use), each at most once per {@code IB_MARKET_DATA_RETRY_SECONDS}; logged.
   */
  void askRefusedAgain() {
    List<String> asked = broker.askRefusedMarketDataAgain();
    if (!asked.isEmpty()) {
      LOG.info("market data refused by IB asked again for {}", asked);
    }
  }

  /** Whether {@code symbol} is one {@link StaleMarketData} found without ticks for too long. */
  @Override
  public boolean ticksStale(String symbol) {
    return staleSymbols.contains(symbol);
  }

  /** The symbols that stopped ticking while their market is open ({@link StaleMarketData}). */
  void staleSymbols(Set<String> symbols) {
    staleSymbols = Set.copyOf(symbols);
  }

  /** When {@code symbol} was (last) subscribed here, or null when it is not. */
  Instant subscribedAt(String symbol) {
    return subscriptions.containsKey(symbol) ? subscribedAt.get(symbol) : null;
  }

  private void onTick(Tick tick) {
    Instant arrived = clock.instant();
    BigDecimal before = lastPrices.put(tick.symbol(), tick.last());
    if (before == null) {
      synchronized (lastPrices) {
        lastPrices.notifyAll();
      }
    }
    pricesMoved.add(tick.symbol());
    bars.record(tick);
    engine.onTick(tick);
    ticksReceived.incrementAndGet();
    // Last: a symbol's tick time says its tick is with the engine and counted. A caller that saw
    // the time and then read the count (the test harness before it publishes the next tick) would
    // otherwise miss this tick and count it for the next one.
    lastTickAt.put(tick.symbol(), arrived);
    answered.add(tick.symbol());
  }

  /** The 1-second and 1-minute bars of the ticks received here, for charts. */
  RecentBars recentBars() {
    return bars;
  }

  /** Nothing to do: a symbol is subscribed with its instrument when a plan on it is tracked. */
  @Override
  public void onSymbolNeeded(String symbol) {}

  /**
   * The cluster says this member's last plan on {@code symbol} left or finished: unsubscribed. A
   * plan on it added meanwhile (on the ownership thread, while the lane dropped the symbol) may
   * have found the old subscription still there: it is subscribed again.
   */
  @Override
  public void onSymbolDropped(String symbol) {
    unsubscribe(symbol);
    resubscribeIfNeeded(symbol);
  }

  private void resubscribeIfNeeded(String symbol) {
    ClusterNode node = cluster.get();
    if (node == null || closed || !node.symbolsNeeded().contains(symbol)) {
      return;
    }
    for (PlanSnapshot s : plans.monitoredPlans().values()) {
      if (s.plan().symbol().equals(symbol) && !s.status().isTerminal()) {
        ensureSubscribed(s.plan().instrument());
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
   * Publishes a P&L-only update of the live plans on every symbol whose price moved since the last
   * call (the platform's timer calls it every {@code pnlUpdateInterval}). Never throws: a throw
   * would cancel the timer's task for good.
   */
  void publishPnl() {
    try {
      if (pricesMoved.isEmpty()) {
        return;
      }
      Set<String> moved = new HashSet<>(pricesMoved);
      pricesMoved.removeAll(moved);
      plans.publishPnl(moved);
    } catch (RuntimeException e) {
      LOG.error("P&L updates failed", e);
    }
  }

  /**
   * Per subscribed symbol, milliseconds since its last tick (-1: none since it was subscribed), for
   * the health view. A symbol subscribed again (its last plan ended, a new one came) shows -1 until
   * the new subscription answers, not the age of a tick from the old one: the operator sees that it
   * has not answered yet, and a caller waiting for that answer (the test harness, before it counts
   * ticks) is not let through by a tick that came before it.
   */
  Map<String, Long> ageMillisBySymbol() {
    Instant now = clock.instant();
    Map<String, Long> age = new TreeMap<>();
    for (String symbol : subscriptions.keySet()) {
      Instant at = answered.contains(symbol) ? lastTickAt.get(symbol) : null;
      age.put(symbol, at == null ? -1 : Math.max(0, Duration.between(at, now).toMillis()));
    }
    return age;
  }

  /** Ticks received from market data since start. */
  long ticksReceived() {
    return ticksReceived.get();
  }

  /** Waits until every subscribed symbol has a price (market data flows), or the timeout. */
  boolean awaitPrices(Duration timeout) {
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

  /** Stops re-subscribing (the platform is closing or crashed). */
  void stop() {
    closed = true;
  }

  /** Ends every subscription (clean shutdown, before the broker link closes). */
  void close() {
    closed = true;
    for (AutoCloseable s : subscriptions.values()) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.debug("unsubscribe failed", e);
      }
    }
  }
}
