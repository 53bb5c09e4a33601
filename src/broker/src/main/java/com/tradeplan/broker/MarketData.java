package com.tradeplan.broker;

import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.TickType;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IbBroker}'s market data subscriptions ({@code reqMktData}, streaming, no generic ticks):
 * every LAST price of a subscription becomes a domain {@link Tick} with the latest bid/ask seen,
 * stamped with the local clock (IB's market data carries no time).
 *
 * <p>A subscription is requested exactly once per connection: at once on a connection that has
 * requested its subscriptions already ({@link #connectionReady}: after its first reconcile, and it
 * stays so while it reconciles again), otherwise by {@link #connectionReady} of the next one.
 *
 * <p>A request IB refuses ({@link ErrorCodes#isMarketDataRefusal}: no permission, too many lines,
 * unknown instrument, delayed data only) gets no price: the refusal is kept with IB's words ({@link
 * #refusals}) until a price of that subscription arrives, is logged as an error, and the runtime
 * alerts it and marks the symbol's plans as getting no ticks ({@code StaleMarketData}). It is asked
 * again on the next connection (like every subscription); a refusal that may pass without an
 * operator ({@link ErrorCodes#isMarketDataRefusalThatMayPass}: the account's lines all in use) is
 * also asked again on the same connection by {@link #askRefusedAgain}, at most once per interval
 * each, so that its plans get prices as soon as IB would give them. The others would get the same
 * answer until an operator changes the account's market data.
 *
 * <p>{@link IbBroker.TickListener}s are called on the connection's reader thread; a throw is logged
 * and that tick is lost for that listener only. Bounded by the subscriptions asked for (one per
 * symbol with monitored plans in the runtime).
 */
final class MarketData {
  private static final Logger log = LoggerFactory.getLogger(MarketData.class);
  private static final int TICKER_ID_FIRST = 10_000;

  /** IB's code and words for a refused request; {@link #because} reads "IB 354: ...". */
  private record Refusal(int code, String because) {}

  private static final class Subscription {
    final int tickerId;
    final Instrument instrument;
    final IbBroker.TickListener listener;
    volatile BigDecimal bid;
    volatile BigDecimal ask;

    /** IB's refusal of this subscription's last request, or null. */
    volatile Refusal refused;

    /**
     * When this subscription was last requested (the tick clock), or null: never on a connection.
     */
    volatile Instant askedAt;

    Subscription(int tickerId, Instrument instrument, IbBroker.TickListener listener) {
      this.tickerId = tickerId;
      this.instrument = instrument;
      this.listener = listener;
    }
  }

  private final Map<Integer, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicInteger nextTickerId = new AtomicInteger(TICKER_ID_FIRST);
  private volatile Clock tickClock = Clock.systemUTC();

  // Guards subscription changes against the "request every subscription" step of a connection.
  private final Object lock = new Object();
  private EClientSocket requestedOn; // guarded by lock; null between connections

  void setTickClock(Clock clock) {
    this.tickClock = clock;
  }

  /** See {@link IbBroker#subscribeTicks}. */
  AutoCloseable subscribe(Instrument instrument, IbBroker.TickListener listener) {
    Subscription sub = new Subscription(nextTickerId.getAndIncrement(), instrument, listener);
    synchronized (lock) {
      subscriptions.put(sub.tickerId, sub);
      EClientSocket c = requestedOn;
      if (c != null && c.isConnected()) {
        request(c, sub);
      }
    }
    return () -> {
      synchronized (lock) {
        if (subscriptions.remove(sub.tickerId) != null) {
          EClientSocket s = requestedOn;
          if (s != null && s.isConnected()) {
            s.cancelMktData(sub.tickerId);
          }
        }
      }
    };
  }

  Set<String> subscribedSymbols() {
    Set<String> out = new TreeSet<>();
    subscriptions.values().forEach(s -> out.add(s.instrument.symbol()));
    return out;
  }

  /** A connection is reconciled: every subscription is requested on it, and later ones at once. */
  void connectionReady(EClientSocket socket) {
    synchronized (lock) {
      for (Subscription sub : subscriptions.values()) {
        request(socket, sub);
      }
      requestedOn = socket;
    }
  }

  /** The connection ends: subscriptions wait for the next one. */
  void connectionEnded(EClientSocket socket) {
    synchronized (lock) {
      if (requestedOn == socket) {
        requestedOn = null;
      }
    }
  }

  /**
   * Asks IB again, on the current connection, for each subscription it refused for a reason that
   * may pass ({@link ErrorCodes#isMarketDataRefusalThatMayPass}) and that was last asked {@code
   * every} or longer ago (the tick clock). Bounded: one request per such subscription per interval,
   * each through the connection's pacing. The refusal stays until a price arrives.
   *
   * @return the symbols asked again (empty without a connection)
   */
  List<String> askRefusedAgain(Duration every) {
    Instant now = tickClock.instant();
    List<String> asked = new ArrayList<>();
    synchronized (lock) {
      EClientSocket c = requestedOn;
      if (c == null || !c.isConnected()) {
        return asked;
      }
      for (Subscription sub : subscriptions.values()) {
        Instant at = sub.askedAt;
        Refusal r = sub.refused;
        if (r != null
            && ErrorCodes.isMarketDataRefusalThatMayPass(r.code())
            && (at == null || !now.isBefore(at.plus(every)))) {
          request(c, sub);
          asked.add(sub.instrument.symbol());
        }
      }
    }
    return asked;
  }

  private void request(EClientSocket c, Subscription sub) {
    sub.askedAt = tickClock.instant();
    if (!c.reqMktData(sub.tickerId, TwsOrders.contract(sub.instrument), "", false, false)) {
      log.warn("reqMktData for {} not sent; retried after the next reconnect", sub.instrument);
    }
  }

  /**
   * IB's error for request {@code id}, on the reader thread: true when it is the refusal of one of
   * these subscriptions (kept and logged), false when it is not about market data.
   */
  boolean onError(int id, int code, String message) {
    Subscription sub = subscriptions.get(id);
    if (sub == null || !ErrorCodes.isMarketDataRefusal(code)) {
      return false;
    }
    Refusal refusal = new Refusal(code, "IB " + code + ": " + message);
    boolean again = refusal.equals(sub.refused);
    sub.refused = refusal;
    String because = refusal.because();
    if (again) {
      // Asked again (askRefusedAgain) and refused the same way: already logged and alerted.
      log.info("IB still refuses market data for {}: {}", sub.instrument.symbol(), because);
    } else {
      log.error(
          "IB refused market data for {} (ticker id {}): {}; its plans get no price",
          sub.instrument.symbol(),
          id,
          because);
    }
    return true;
  }

  /** The subscribed symbols whose last request IB refused, with IB's code and words. */
  Map<String, String> refusals() {
    Map<String, String> out = new TreeMap<>();
    for (Subscription sub : subscriptions.values()) {
      Refusal r = sub.refused;
      if (r != null) {
        out.put(sub.instrument.symbol(), r.because());
      }
    }
    return out;
  }

  /** IB's tickPrice, on the reader thread. */
  void onTickPrice(int tickerId, int field, BigDecimal price) {
    Subscription sub = subscriptions.get(tickerId);
    if (sub == null || price == null) {
      return;
    }
    if (sub.refused != null && price.signum() > 0) {
      sub.refused = null; // a price came: this subscription works (e.g. after a reconnect)
    }
    switch (field) {
      case TickType.BID -> sub.bid = price.signum() > 0 ? price : null;
      case TickType.ASK -> sub.ask = price.signum() > 0 ? price : null;
      case TickType.LAST -> {
        if (price.signum() <= 0) {
          return; // IB sends -1 for "no price"
        }
        Tick tick =
            new Tick(sub.instrument.symbol(), tickClock.instant(), price, sub.bid, sub.ask, null);
        try {
          sub.listener.onTick(tick);
        } catch (RuntimeException e) {
          log.error("tick listener failed on {}", tick, e);
        }
      }
      default -> {
        // other fields (sizes, close, ...) are not used
      }
    }
  }
}
