package com.tradeplan.broker;

import com.tradeplan.broker.tws.CommissionReport;
import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.broker.tws.EWrapper;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.Execution;
import com.tradeplan.broker.tws.ExecutionFilter;
import com.tradeplan.broker.tws.OrderState;
import com.tradeplan.broker.tws.TokenBucket;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link Broker} over the TWS socket protocol (real IB Gateway/TWS or the paper
 * gateway).
 *
 * <p>How it keeps the money safe:
 *
 * <ul>
 *   <li>An orderRef is accepted once: a second submit returns {@link SubmitResult#duplicate}.
 *   <li>Order ids come from nextValidId and only increase; one is taken when the order is written.
 *   <li>Orders and cancels wait in a bounded queue; one sender thread writes them when the link is
 *       ready, every message paced by one token bucket below IB's 50 msg/s. A full queue makes
 *       submit wait, then refuse ({@code DENIED}, nothing sent); nothing is dropped silently.
 *   <li>On disconnect it reconnects with capped exponential backoff and jitter; before anything new
 *       is sent it reconciles open orders, executions and positions by orderRef. An order written
 *       before the drop is never written again: if the broker does not know it afterwards the
 *       engine hears so (and the operator is alerted).
 *   <li>Repeated statuses and replayed executions and commission reports are filtered; fills come
 *       from executions (actual quantity and price), commissions follow as onCommission.
 *   <li>A broker order or execution whose orderRef Tradeplan did not send is reported to {@link
 *       OperatorAlerts}, never adopted, never cancelled.
 * </ul>
 *
 * <p>Listener calls come from the connection's reader thread (and the reconcile step), in order.
 */
public final class IbBroker implements Broker, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IbBroker.class);
  private static final int MAX_SEEN_EXECUTIONS = 1_000_000;
  private static final DateTimeFormatter EXEC_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd  HH:mm:ss");

  /** The connection's life, one value at a time. */
  public enum LinkState {
    DISCONNECTED,
    CONNECTING,
    RECONCILING,
    READY,
    CLOSED
  }

  private static final class Tracked {
    final OrderRequest request;
    Integer orderId;
    OrderStatus status = OrderStatus.CREATED;
    boolean written;
    long filled;
    // IB reports "Filled" before the execution that fills it; the status waits for the fill.
    boolean filledStatusWaiting;
    // System.nanoTime() when placeOrder was written; 0 once IB acknowledged it (or never sent).
    long sentNanos;
    // Registered by restoreSentOrder while reconcile number restoredAt was (possibly) running:
    // that reconcile may have read the open orders before it; only a later one judges it.
    int restoredAt = -1;
    // Restored from the store with no acknowledgement ever recorded (status CREATED, a broker id
    // journaled): the previous process may have died between its journal and its socket write.
    boolean unacknowledged;
    long restoredNanos;
    // Queued again by a reconcile that proved the journaled send never reached IB.
    boolean resend;

    Tracked(OrderRequest request) {
      this.request = request;
    }
  }

  private record Command(Tracked order, boolean cancel) {}

  private final IbBrokerConfig config;
  private final OperatorAlerts alerts;
  private final TokenBucket pacer;
  private final OutboundQueue<Command> outbound;
  private final Random jitter;
  private final Object lock = new Object();
  private final Map<String, Tracked> byRef = new HashMap<>();
  private final Map<Integer, Tracked> byId = new HashMap<>();
  private final Map<String, String> refOfExec = boundedMap();
  private final Map<String, BigDecimal> earlyCommissions = boundedMap();
  private final Set<String> commissionsSeen = java.util.Collections.newSetFromMap(boundedMap());
  private final Set<Integer> alertedUnknownIds = new HashSet<>();
  private final Map<String, BigDecimal> positions = new LinkedHashMap<>();
  private volatile BrokerListener listener =
      new BrokerListener() {
        @Override
        public void onOrderUpdate(OrderUpdate update) {}

        @Override
        public void onFill(Fill fill) {}
      };
  private volatile LinkState state = LinkState.DISCONNECTED;
  private volatile EClientSocket client;
  private int nextOrderId = -1;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Thread supervisor;
  private Thread sender;
  private volatile int reconciliations;
  private volatile SendJournal sendJournal;
  private volatile LongConsumer ackLatency = nanos -> {};
  private volatile boolean reconcileAllClients;
  private int reconcileStarts; // guarded by lock
  private boolean reconcileAgain; // guarded by lock
  private int executionRequests; // supervisor thread only
  static final long UNACKED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /**
   * How long after its restore an order that was never acknowledged must stay absent from IB (no
   * open order, no execution) before it counts as never sent: bytes the previous process wrote
   * before it died are read by IB within this time.
   */
  static final long RESTORED_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

  /** How often the supervisor of a live connection looks for a reconcile to do. */
  static final long SERVE_POLL_MILLIS = 20;

  // Held from the send journal to the socket write of each order: a barrier for handovers.
  private final Object sendGate = new Object();
  private final Map<Integer, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicInteger nextTickerId = new AtomicInteger(TICKER_ID_FIRST);
  private volatile java.time.Clock tickClock = java.time.Clock.systemUTC();

  public IbBroker(IbBrokerConfig config, OperatorAlerts alerts) {
    this.config = config;
    this.alerts =
        alerts != null ? alerts : (kind, message) -> log.warn("ALERT {}: {}", kind, message);
    this.pacer = new TokenBucket(config.maxMessagesPerSecond(), config.pacingBurst());
    this.outbound = new OutboundQueue<>(config.outboundQueueCapacity());
    this.jitter = new Random(config.jitterSeed());
  }

  private static <K, V> Map<K, V> boundedMap() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_SEEN_EXECUTIONS;
      }
    };
  }

  /** Starts connecting (in the background) and the sender. Returns at once. */
  public IbBroker start() {
    supervisor = new Thread(this::superviseLoop, "ib-broker-link-" + config.clientId());
    supervisor.setDaemon(true);
    sender = new Thread(this::sendLoop, "ib-broker-sender-" + config.clientId());
    sender.setDaemon(true);
    supervisor.start();
    sender.start();
    return this;
  }

  /** Waits until connected and reconciled; false on timeout. */
  public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (state != LinkState.READY) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  public LinkState state() {
    return state;
  }

  /** How many times a connection was reconciled (1 after the first connect). */
  public int reconciliations() {
    return reconciliations;
  }

  /** The broker's positions (symbol to signed quantity) as last read during reconcile. */
  public Map<String, BigDecimal> positions() {
    synchronized (lock) {
      return Map.copyOf(positions);
    }
  }

  @Override
  public void setListener(BrokerListener listener) {
    this.listener = listener;
  }

  /**
   * Registers an order that an earlier process (or another member) may have sent, read back from
   * the store with its last known status, so that a submit of the same ref is a duplicate and
   * reconcile matches the broker's copy to it by orderRef. A final status (FILLED, CANCELLED) is
   * kept, so reconcile neither reports nor alerts it again; its executions, which IB replays after
   * a reconnect, are still matched to it (the engine refuses the ones it already applied) instead
   * of being flagged as unknown. A CREATED order (journaled, never acknowledged) that a reconcile
   * after {@link #RESTORED_GRACE_NANOS} finds neither open nor executed is sent once more.
   */
  public void restoreSentOrder(OrderRequest request, OrderStatus knownStatus) {
    synchronized (lock) {
      Tracked t = byRef.computeIfAbsent(request.ref().toString(), r -> new Tracked(request));
      t.written = true;
      if (t.orderId == null) {
        t.restoredAt = reconcileStarts;
      }
      if (knownStatus != null && knownStatus.isDone()) {
        t.status = knownStatus;
      }
      if (knownStatus == OrderStatus.CREATED && t.orderId == null) {
        t.unacknowledged = true;
        t.restoredNanos = System.nanoTime();
      }
    }
  }

  /**
   * Records, durably, that an order is about to be written to the socket. Called on the sender
   * thread with the order id it was given, immediately before {@code placeOrder}; the order is
   * written only when it returns true. With it a restarted process can tell an order that never
   * reached the wire (no id recorded: safe to send) from one whose fate only the broker knows.
   */
  @FunctionalInterface
  public interface SendJournal {
    /** True when recorded (the order may go out); false or a throw: it must not be sent. */
    boolean beforePlace(OrderRef ref, int orderId);

    /**
     * Like {@link #beforePlace} for the one re-send of an order a reconcile proved never reached IB
     * although an earlier process journaled it: the journal must allow it at most once per
     * orderRef, whoever asks.
     */
    default boolean beforeResend(OrderRef ref, int orderId) {
      return beforePlace(ref, orderId);
    }
  }

  /**
   * Sets the journal consulted before each placeOrder (null: none). An order the journal refuses is
   * not written and is reported to the engine as rejected.
   */
  /**
   * Receives the time from writing each placeOrder to IB's first status report for it (send to
   * ack), in nanoseconds, on the reader thread. Must be cheap and must not throw.
   */
  public void setAckLatencyListener(LongConsumer listener) {
    this.ackLatency = listener == null ? nanos -> {} : listener;
  }

  public void setSendJournal(SendJournal journal) {
    this.sendJournal = journal;
  }

  // ---- market data ----

  /** Receives the ticks of one subscription, on the connection's reader thread: hand off fast. */
  @FunctionalInterface
  public interface TickListener {
    void onTick(Tick tick);
  }

  private static final int TICKER_ID_FIRST = 10_000;

  private static final class Subscription {
    final int tickerId;
    final Instrument instrument;
    final TickListener listener;
    volatile BigDecimal bid;
    volatile BigDecimal ask;

    Subscription(int tickerId, Instrument instrument, TickListener listener) {
      this.tickerId = tickerId;
      this.instrument = instrument;
      this.listener = listener;
    }
  }

  /** The clock that stamps incoming ticks (IB's market data carries no time); for tests. */
  public void setTickClock(java.time.Clock clock) {
    this.tickClock = clock;
  }

  /**
   * Subscribes to streaming market data ({@code reqMktData}) for an instrument: every LAST price
   * becomes a {@link Tick} (with the latest bid/ask seen, stamped with the local clock, since IB's
   * ticks carry no time). The request is sent now when the current connection has requested its
   * subscriptions (ready, or reconciling again on the same connection after {@link #reconcileNow}),
   * otherwise once the connecting link's first reconcile is done; after every reconnect all
   * subscriptions are requested again. Returns the handle that cancels it ({@code cancelMktData}).
   */
  public AutoCloseable subscribeTicks(Instrument instrument, TickListener listener) {
    Subscription sub = new Subscription(nextTickerId.getAndIncrement(), instrument, listener);
    synchronized (marketDataLock) {
      subscriptions.put(sub.tickerId, sub);
      // On a link that requested the subscriptions already (READY, or reconciling again on the
      // same connection: market data is not paused by a reconcile) it is requested now; otherwise
      // the link requests every subscription once its reconcile is done.
      EClientSocket c = marketDataSocket;
      if (c != null && c.isConnected()) {
        requestMarketData(c, sub);
      }
    }
    return () -> {
      synchronized (marketDataLock) {
        if (subscriptions.remove(sub.tickerId) != null) {
          EClientSocket s = marketDataSocket;
          if (s != null && s.isConnected()) {
            s.cancelMktData(sub.tickerId);
          }
        }
      }
    };
  }

  /**
   * Guards {@link #subscriptions} changes against the link's "request every subscription" step, so
   * that a subscription is requested exactly once per connection.
   */
  private final Object marketDataLock = new Object();

  /** The connection on which every subscription has been requested; null between connections. */
  private EClientSocket marketDataSocket; // guarded by marketDataLock

  /** Symbols with a market data subscription. */
  public java.util.Set<String> subscribedSymbols() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    subscriptions.values().forEach(s -> out.add(s.instrument.symbol()));
    return out;
  }

  private void requestMarketData(EClientSocket c, Subscription sub) {
    Contract contract =
        Contract.stock(
            sub.instrument.symbol(), sub.instrument.exchange(), sub.instrument.currency());
    contract.secType = sub.instrument.secType();
    if (!c.reqMktData(sub.tickerId, contract, "", false, false)) {
      log.warn("reqMktData for {} not sent; retried after the next reconnect", sub.instrument);
    }
  }

  private void onTickPrice(int tickerId, int field, BigDecimal price) {
    Subscription sub = subscriptions.get(tickerId);
    if (sub == null || price == null) {
      return;
    }
    switch (field) {
      case com.tradeplan.broker.tws.TickType.BID -> sub.bid = price.signum() > 0 ? price : null;
      case com.tradeplan.broker.tws.TickType.ASK -> sub.ask = price.signum() > 0 ? price : null;
      case com.tradeplan.broker.tws.TickType.LAST -> {
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

  @Override
  public SubmitResult submit(OrderRequest request) {
    Tracked t;
    synchronized (lock) {
      if (state == LinkState.CLOSED) {
        return SubmitResult.denied("broker closed");
      }
      String ref = request.ref().toString();
      if (byRef.containsKey(ref)) {
        return SubmitResult.duplicate("orderRef " + ref + " was already submitted");
      }
      if (byRef.size() >= config.maxTrackedOrders()) {
        return SubmitResult.denied("too many orders tracked (" + config.maxTrackedOrders() + ")");
      }
      t = new Tracked(request);
      byRef.put(ref, t);
    }
    boolean queued;
    try {
      queued =
          outbound.offer(
              new Command(t, false),
              priority(request, false),
              config.submitWait().toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queued = false;
    }
    if (!queued) {
      synchronized (lock) {
        byRef.remove(request.ref().toString());
      }
      return SubmitResult.denied("outbound queue full: order not sent, retry later");
    }
    return SubmitResult.ACCEPTED;
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    Tracked t;
    synchronized (lock) {
      t = byRef.get(ref.toString());
      if (t == null) {
        return SubmitResult.denied("unknown order " + ref);
      }
      if (t.status.isDone()) {
        return SubmitResult.denied("order " + ref + " is already " + t.status);
      }
    }
    try {
      if (outbound.offer(
          new Command(t, true),
          priority(t.request, true),
          config.submitWait().toMillis(),
          TimeUnit.MILLISECONDS)) {
        return SubmitResult.ACCEPTED;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return SubmitResult.denied("outbound queue full: cancel not sent, retry later");
  }

  @Override
  public void close() {
    setState(LinkState.CLOSED);
    stopped.countDown();
    EClientSocket c = client;
    if (c != null) {
      c.eDisconnect();
    }
    if (sender != null) {
      sender.interrupt();
    }
    if (supervisor != null) {
      supervisor.interrupt();
    }
  }

  private void setState(LinkState s) {
    synchronized (lock) {
      if (state == LinkState.CLOSED) {
        return;
      }
      state = s;
      lock.notifyAll();
    }
  }

  // ---- the link: connect, reconcile, wait for the drop, back off, again ----

  private void superviseLoop() {
    int attempt = 0;
    while (state != LinkState.CLOSED) {
      Link link = new Link();
      try {
        setState(LinkState.CONNECTING);
        link.open();
        setState(LinkState.RECONCILING);
        reconcileUntilSettled(link);
        synchronized (marketDataLock) {
          for (Subscription sub : subscriptions.values()) {
            requestMarketData(link.socket, sub);
          }
          marketDataSocket = link.socket;
        }
        setState(LinkState.READY);
        reconciliations++;
        attempt = 0;
        serve(link);
      } catch (IOException e) {
        log.warn("IB connection attempt failed: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        synchronized (marketDataLock) {
          if (marketDataSocket == link.socket) {
            marketDataSocket = null;
          }
        }
        link.shutdown();
      }
      if (state == LinkState.CLOSED) {
        break;
      }
      setState(LinkState.DISCONNECTED);
      long delay = backoffMillis(attempt++);
      log.info("reconnecting to IB in {} ms (attempt {})", delay, attempt);
      try {
        if (stopped.await(delay, TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /** Reconciles, and again while orders were restored meanwhile ({@link #reconcileNow}). */
  private void reconcileUntilSettled(Link link) throws IOException, InterruptedException {
    while (true) {
      link.reconcile();
      synchronized (lock) {
        if (!reconcileAgain || state != LinkState.RECONCILING) {
          return;
        }
        // Orders were restored while this reconcile ran: judge them now, on the same
        // connection, before anything queued is written.
        reconcileAgain = false;
      }
    }
  }

  /**
   * While the connection lives: reconciles again on it when asked ({@link #reconcileNow}) or when
   * the last reconcile left orders unjudged for a grace that is now over. The sender pauses (state
   * RECONCILING) for the duration; the connection and its market data stay up.
   */
  private void serve(Link link) throws IOException, InterruptedException {
    while (!link.closed.await(SERVE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      long rejudgeAt = link.rejudgeAtNanos;
      boolean due = rejudgeAt != 0 && System.nanoTime() - rejudgeAt >= 0;
      synchronized (lock) {
        due |= reconcileAgain;
        if (!due || state == LinkState.CLOSED) {
          continue;
        }
        reconcileAgain = false;
      }
      synchronized (sendGate) {
        // Between two orders: the one in flight, if any, is written first.
        synchronized (lock) {
          if (state == LinkState.READY) {
            state = LinkState.RECONCILING;
            lock.notifyAll();
          } else if (state != LinkState.RECONCILING) {
            return;
          }
        }
      }
      reconcileUntilSettled(link);
      setState(LinkState.READY);
      reconciliations++;
    }
  }

  /**
   * Cluster mode: reconcile against the orders and executions of <b>every</b> client id of the
   * account ({@code reqAllOpenOrders}, executions with client filter 0 = none), matched by orderRef
   * only, so that a member taking a user over sees the orders the previous member (another client
   * id) sent. Orders of other clients are never addressed by their order id (ids are per client):
   * their statuses arrive through this client only at the next reconcile (see docs/ib.md).
   */
  public void setReconcileAllClients(boolean all) {
    this.reconcileAllClients = all;
  }

  /**
   * Reconciles again before anything else is sent: the sender pauses (after the order in flight, if
   * any), the link reads the open orders and executions again on the same connection, reports what
   * changed, and only then lets the sender write the orders queued meanwhile. Used when this
   * process takes users over whose orders another process may have sent (cluster failover), and
   * while such orders are still working. Calls while a reconcile is under way ask for one more
   * right after it. Returns at once; no-op before {@link #start}.
   */
  public void reconcileNow() {
    // Never in the middle of an order's write: the order in flight completes first, and the
    // sender checks the state under the same gate before the next one.
    synchronized (sendGate) {
      synchronized (lock) {
        if (state == LinkState.CLOSED || supervisor == null) {
          return;
        }
        reconcileAgain = true;
        if (state == LinkState.READY) {
          // The sender stops at once (it writes only in READY); the supervisor reconciles.
          state = LinkState.RECONCILING;
          lock.notifyAll();
        }
      }
    }
  }

  /**
   * Returns once no order is between its send journal and its socket write: every order written
   * after this call asked the journal first. With a journal that refuses orders of users this
   * process no longer runs, nothing of theirs is written after this returns.
   */
  public void awaitSendsInFlight() {
    synchronized (sendGate) {
      // barrier only
    }
  }

  /**
   * Forgets the orders of {@code owner} (another process runs the user now): queued orders are
   * dropped unsent (also one the sender took from the queue and still holds, e.g. over a reconcile:
   * it is not written once its order is no longer tracked), tracked ones forgotten, so that a later
   * take-over rebuilds them from the store and the broker instead of trusting this process's stale
   * view. Call after the user's session stopped and {@link #awaitSendsInFlight}.
   */
  public void forgetOwner(String owner) {
    outbound.removeIf(c -> !c.cancel() && owner.equals(c.order().request.owner()));
    synchronized (lock) {
      Set<String> refs = new HashSet<>();
      byRef.forEach(
          (ref, t) -> {
            if (owner.equals(t.request.owner())) {
              refs.add(ref);
            }
          });
      byRef.keySet().removeAll(refs);
      byId.values().removeIf(t -> owner.equals(t.request.owner()));
      // Their executions count as unseen again: the next reconcile delivers them to whoever
      // restores these orders (this process after a rebuild; the engine refuses repeats).
      refOfExec
          .entrySet()
          .removeIf(
              e -> {
                if (refs.contains(e.getValue())) {
                  commissionsSeen.remove(e.getKey());
                  return true;
                }
                return false;
              });
    }
  }

  /**
   * True while an order this process did not write itself (restored, possibly written by another
   * client id) is open at IB as far as the last reconcile saw: its status and fills reach this
   * client only through the next reconcile (docs/ib.md, cross-client reconciliation).
   */
  public boolean hasForeignWorkingOrders() {
    synchronized (lock) {
      for (Tracked t : byRef.values()) {
        if (t.written && !t.status.isDone() && (t.orderId == null || t.sentNanos != 0)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Capped exponential backoff with jitter: a uniform draw in [d/2, d]. */
  long backoffMillis(int attempt) {
    long min = Math.max(1, config.backoffMin().toMillis());
    long max = Math.max(min, config.backoffMax().toMillis());
    long d = Math.min(max, min << Math.min(attempt, 20));
    synchronized (jitter) {
      return d / 2 + (long) (jitter.nextDouble() * (d - d / 2));
    }
  }

  /** One connection: its own callbacks, so a stale reader can never touch the next one. */
  private final class Link implements EWrapper {
    final CountDownLatch firstId = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile CountDownLatch openOrdersEnd;
    volatile CountDownLatch executionsEnd;
    volatile CountDownLatch positionsEnd;
    final Set<String> openRefs = new HashSet<>();
    // orderRefs with an execution in this reconcile's reqExecutions answer, seen or not before.
    final Set<String> executedRefs = new HashSet<>();
    final Map<String, BigDecimal> positionsSeen = new LinkedHashMap<>();
    volatile int executionsReqId = -2;
    // When the last reconcile left orders unjudged for a grace, when that grace ends; else 0.
    volatile long rejudgeAtNanos;
    EClientSocket socket;

    void open() throws IOException, InterruptedException {
      socket = new EClientSocket(this, pacer);
      socket.connect(
          config.host(),
          config.port(),
          config.clientId(),
          (int) config.connectTimeout().toMillis());
      client = socket;
      if (!firstId.await(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("no nextValidId within " + config.connectTimeout());
      }
    }

    void reconcile() throws IOException, InterruptedException {
      long timeout = config.reconcileTimeout().toMillis();
      int generation;
      synchronized (lock) {
        generation = ++reconcileStarts;
      }
      synchronized (lock) {
        openRefs.clear();
        executedRefs.clear();
        positionsSeen.clear();
      }
      openOrdersEnd = new CountDownLatch(1);
      boolean sent = reconcileAllClients ? socket.reqAllOpenOrders() : socket.reqOpenOrders();
      if (!sent || !openOrdersEnd.await(timeout, TimeUnit.MILLISECONDS)) {
        throw new IOException("open orders not read during reconcile");
      }
      executionsEnd = new CountDownLatch(1);
      executionsReqId = 900_000 + executionRequests++;
      ExecutionFilter mine =
          new ExecutionFilter(
              reconcileAllClients ? 0 : config.clientId(),
              emptyToNull(config.account()),
              null,
              null,
              null,
              null,
              null);
      if (!socket.reqExecutions(executionsReqId, mine)
          || !executionsEnd.await(timeout, TimeUnit.MILLISECONDS)) {
        throw new IOException("executions not read during reconcile");
      }
      positionsEnd = new CountDownLatch(1);
      if (!socket.reqPositions() || !positionsEnd.await(timeout, TimeUnit.MILLISECONDS)) {
        throw new IOException("positions not read during reconcile");
      }
      socket.cancelPositions();
      List<OrderUpdate> updates = new ArrayList<>();
      List<Tracked> resend = new ArrayList<>();
      long rejudgeAt = 0;
      synchronized (lock) {
        positions.clear();
        positions.putAll(positionsSeen);
        for (Map.Entry<String, Tracked> e : byRef.entrySet()) {
          Tracked t = e.getValue();
          if (!t.written || t.status.isDone() || openRefs.contains(e.getKey())) {
            continue;
          }
          if (t.restoredAt >= generation) {
            continue; // restored while this reconcile ran: the next one judges it
          }
          if (reconcileAllClients
              && t.sentNanos != 0
              && System.nanoTime() - t.sentNanos < UNACKED_GRACE_NANOS) {
            // Written on the previous connection and not acknowledged yet: after a reconnect we
            // asked for (reconcileNow) its bytes may still be on their way to IB, which reads the
            // two connections independently. A later reconcile judges it.
            rejudgeAt = Math.max(rejudgeAt, t.sentNanos + UNACKED_GRACE_NANOS);
            continue;
          }
          if (t.unacknowledged
              && t.filled == 0
              && t.status == OrderStatus.CREATED
              && !executedRefs.contains(e.getKey())) {
            if (System.nanoTime() - t.restoredNanos < RESTORED_GRACE_NANOS) {
              // The previous process's last bytes may still be on their way.
              rejudgeAt = Math.max(rejudgeAt, t.restoredNanos + RESTORED_GRACE_NANOS);
              continue;
            }
            // Journaled by the previous process, never acknowledged, and after the grace neither
            // open nor executed at IB: it never reached IB. The decision stands: it is sent now,
            // under the same orderRef, once (a new order id, journaled again).
            t.unacknowledged = false;
            t.written = false;
            t.resend = true;
            resend.add(t);
            continue;
          }
          if (t.filled >= t.request.quantity()) {
            t.status = OrderStatus.FILLED;
            updates.add(OrderUpdate.status(t.request.ref(), OrderStatus.FILLED));
          } else {
            // Written before a drop, not open now, not (fully) executed: it was cancelled,
            // rejected or never arrived. It is never written again; the engine decides.
            t.status = OrderStatus.CANCELLED;
            updates.add(
                new OrderUpdate(
                    t.request.ref(),
                    OrderStatus.CANCELLED,
                    t.orderId == null,
                    "not open at the broker after reconnect (filled " + t.filled + ")"));
            alerts.alert(
                "ORDER_GONE_AFTER_RECONNECT",
                "order "
                    + e.getKey()
                    + " (id "
                    + t.orderId
                    + ") is not open at IB after reconnect;"
                    + " filled "
                    + t.filled
                    + " of "
                    + t.request.quantity());
          }
        }
      }
      rejudgeAtNanos = rejudgeAt;
      for (Tracked t : resend) {
        String ref = t.request.ref().toString();
        // Ahead of everything queued meanwhile would be better, but the queue is FIFO: the order
        // goes out right after the orders already decided, still before any decided later.
        if (outbound.offer(new Command(t, false), priority(t.request, false))) {
          alerts.alert(
              "ORDER_RESENT_AFTER_RECONNECT",
              "order "
                  + ref
                  + " was recorded by the previous process but never reached IB (not open, not"
                  + " executed): sent now under the same orderRef");
        } else {
          synchronized (lock) {
            t.written = true;
            t.status = OrderStatus.CANCELLED;
          }
          alerts.alert(
              "ORDER_GONE_AFTER_RECONNECT",
              "order " + ref + " never reached IB and the outbound queue is full: not sent");
          updates.add(
              new OrderUpdate(
                  t.request.ref(), OrderStatus.CANCELLED, true, "never reached IB; not re-sent"));
        }
      }
      updates.forEach(IbBroker.this::emitUpdate);
      log.info("reconciled: {} open orders of ours, positions {}", openRefs.size(), positionsSeen);
    }

    void shutdown() {
      if (socket != null) {
        socket.eDisconnect();
      }
    }

    @Override
    public void nextValidId(int orderId) {
      synchronized (lock) {
        if (orderId > nextOrderId) {
          nextOrderId = orderId;
        }
      }
      firstId.countDown();
    }

    @Override
    public void managedAccounts(String accountsList) {
      if (!config.account().isEmpty()
          && !List.of(accountsList.split(",")).contains(config.account())) {
        alerts.alert(
            "ACCOUNT_NOT_MANAGED",
            "IB_ACCOUNT "
                + config.account()
                + " is not among this login's accounts "
                + accountsList);
      }
    }

    @Override
    public void tickPrice(int tickerId, int field, BigDecimal price, int attribMask) {
      onTickPrice(tickerId, field, price);
    }

    @Override
    public void orderStatus(
        int orderId,
        String status,
        BigDecimal filled,
        BigDecimal remaining,
        BigDecimal avgFillPrice,
        long permId,
        int parentId,
        BigDecimal lastFillPrice,
        int clientId,
        String whyHeld,
        BigDecimal mktCapPrice) {
      if (reconcileAllClients && clientId != config.clientId()) {
        return; // another client's order id: ids are per client, never match it here
      }
      handleStatus(orderId, status);
    }

    @Override
    public void openOrder(int orderId, Contract contract, TwsOrder order, OrderState orderState) {
      String ref = order.orderRef;
      synchronized (lock) {
        Tracked t = ref == null ? null : byRef.get(ref);
        if (t == null) {
          if (reconcileAllClients && isOrderRef(ref)) {
            // Cluster mode reads every client's orders: this one is another member's user's.
            return;
          }
          if (alertedUnknownIds.add(orderId)) {
            alerts.alert(
                "UNKNOWN_BROKER_ORDER",
                "IB order "
                    + orderId
                    + " ("
                    + order
                    + " "
                    + contract
                    + ") was not sent by Tradeplan: left untouched");
          }
          return;
        }
        t.written = true;
        openRefs.add(ref);
        if (reconcileAllClients && t.orderId == null) {
          // Possibly another client's order (a previous member's): its id means nothing here.
          return;
        }
        if (t.orderId == null) {
          t.orderId = orderId;
        }
        byId.putIfAbsent(orderId, t);
      }
    }

    @Override
    public void openOrderEnd() {
      CountDownLatch l = openOrdersEnd;
      if (l != null) {
        l.countDown();
      }
    }

    @Override
    public void execDetails(int reqId, Contract contract, Execution execution) {
      if (reqId == executionsReqId && execution.orderRef() != null) {
        synchronized (lock) {
          executedRefs.add(execution.orderRef());
        }
      }
      handleExecution(execution);
    }

    @Override
    public void execDetailsEnd(int reqId) {
      CountDownLatch l = executionsEnd;
      if (l != null && reqId == executionsReqId) {
        l.countDown();
      }
    }

    @Override
    public void commissionReport(CommissionReport report) {
      handleCommission(report);
    }

    @Override
    public void position(String account, Contract contract, BigDecimal pos, BigDecimal avgCost) {
      if (config.account().isEmpty() || config.account().equals(account)) {
        synchronized (lock) {
          positionsSeen.merge(contract.symbol, pos, BigDecimal::add);
        }
      }
    }

    @Override
    public void positionEnd() {
      CountDownLatch l = positionsEnd;
      if (l != null) {
        l.countDown();
      }
    }

    @Override
    public void error(int id, int code, String msg, String advanced) {
      handleError(id, code, msg);
    }

    @Override
    public void connectionClosed(String reason) {
      log.warn("IB connection closed: {}", reason);
      closed.countDown();
      firstId.countDown();
      for (CountDownLatch l : new CountDownLatch[] {openOrdersEnd, executionsEnd, positionsEnd}) {
        if (l != null) {
          l.countDown();
        }
      }
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  // ---- sending ----

  private void sendLoop() {
    Command pending = null;
    try {
      while (state != LinkState.CLOSED) {
        synchronized (lock) {
          while (state != LinkState.READY && state != LinkState.CLOSED) {
            lock.wait();
          }
        }
        if (pending == null) {
          pending = outbound.poll(200, TimeUnit.MILLISECONDS);
          if (pending == null) {
            continue;
          }
        }
        if (state != LinkState.READY) {
          continue; // keep it: it goes out after the next reconcile
        }
        if (send(pending)) {
          pending = null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns false when the command must wait for the next connection (nothing was written). */
  private boolean send(Command c) {
    EClientSocket socket = client;
    if (socket == null || !socket.isConnected()) {
      return false;
    }
    Tracked t = c.order();
    if (c.cancel()) {
      Integer id;
      boolean neverWritten;
      synchronized (lock) {
        id = t.orderId;
        if (t.status.isDone()) {
          return true;
        }
        neverWritten = id == null && !t.written;
        if (neverWritten) {
          // Queued and not written yet (an order re-sent after a reconnect): it never goes out.
          t.written = true;
          t.status = OrderStatus.CANCELLED;
        }
      }
      if (neverWritten) {
        emitUpdate(
            new OrderUpdate(t.request.ref(), OrderStatus.CANCELLED, false, "cancelled unsent"));
        return true;
      }
      if (id == null) {
        log.warn("cancel of {} before it was sent: dropped cancel", t.request.ref());
        return true;
      }
      socket.cancelOrder(id);
      return true;
    }
    synchronized (sendGate) {
      if (state != LinkState.READY) {
        return false; // a reconcile was asked for meanwhile: nothing written, sent after it
      }
      return sendOrder(socket, t);
    }
  }

  private boolean sendOrder(EClientSocket socket, Tracked t) {
    int id;
    synchronized (lock) {
      if (t.written) {
        return true; // restored or already written: never twice
      }
      if (byRef.get(t.request.ref().toString()) != t) {
        // Forgotten (forgetOwner) while the sender held it: taken from the queue before the user's
        // orders were dropped, kept over a reconcile. Whoever runs the user now re-derives it from
        // the store (intent recorded, never journaled: sent once, by that owner) — written here it
        // would be an order nobody tracks, and its fills would be lost to the rebuilt session.
        log.info("order {} dropped unsent: its user's orders were forgotten", t.request.ref());
        return true;
      }
      id = nextOrderId++;
      t.orderId = id;
      t.written = true;
      byId.put(id, t);
    }
    SendJournal journal = sendJournal;
    if (journal != null) {
      boolean recorded;
      try {
        recorded =
            t.resend
                ? journal.beforeResend(t.request.ref(), id)
                : journal.beforePlace(t.request.ref(), id);
      } catch (RuntimeException e) {
        log.error("send journal failed for {}", t.request.ref(), e);
        recorded = false;
      }
      if (!recorded) {
        synchronized (lock) {
          t.status = OrderStatus.CANCELLED;
        }
        alerts.alert(
            "ORDER_NOT_JOURNALED",
            "order " + t.request.ref() + " (id " + id + ") not sent: it could not be journaled");
        emitUpdate(
            OrderUpdate.rejected(t.request.ref(), "not sent: the send could not be journaled"));
        return true;
      }
    }
    synchronized (lock) {
      t.sentNanos = System.nanoTime();
    }
    if (!socket.placeOrder(id, contract(t.request), order(t.request))) {
      log.warn(
          "placeOrder {} (id {}) may not have reached IB; reconcile decides", t.request.ref(), id);
    }
    return true;
  }

  /**
   * The outbound priority (lower first): cancels, then stop and flatten exits, then targets, then
   * entries (see {@link OutboundQueue}).
   */
  static int priority(OrderRequest request, boolean cancel) {
    if (cancel) {
      return 0;
    }
    return switch (request.ref().role()) {
      case STOP, FLATTEN -> 1;
      case TARGET -> 2;
      case ENTRY -> 3;
    };
  }

  private static boolean isOrderRef(String ref) {
    try {
      return OrderRef.parse(ref) != null;
    } catch (IllegalArgumentException e) {
      return false; // the pattern matched but the numbers are out of range
    }
  }

  private static Contract contract(OrderRequest r) {
    Contract c =
        Contract.stock(
            r.instrument().symbol(), r.instrument().exchange(), r.instrument().currency());
    c.secType = r.instrument().secType();
    return c;
  }

  private TwsOrder order(OrderRequest r) {
    TwsOrder o = new TwsOrder();
    o.action = r.action().name();
    o.totalQuantity = BigDecimal.valueOf(r.quantity());
    o.orderType =
        switch (r.type()) {
          case MARKET -> "MKT";
          case LIMIT -> "LMT";
          case STOP -> "STP";
          case STOP_LIMIT -> "STP LMT";
        };
    o.lmtPrice = r.limitPrice();
    o.auxPrice = r.stopPrice();
    o.tif = config.timeInForce();
    o.account = emptyToNull(config.account());
    o.orderRef = r.ref().toString();
    o.transmit = true;
    return o;
  }

  // ---- reports ----

  private void handleStatus(int orderId, String text) {
    OrderStatus next;
    try {
      next = OrderStatus.fromIb(text);
    } catch (IllegalArgumentException e) {
      log.warn("order {}: unknown IB status '{}' ignored", orderId, text);
      return;
    }
    OrderUpdate update;
    synchronized (lock) {
      Tracked t = byId.get(orderId);
      if (t == null) {
        log.debug("status for order {} that is not ours: {}", orderId, text);
        return;
      }
      if (t.sentNanos != 0) {
        ackLatency.accept(System.nanoTime() - t.sentNanos);
        t.sentNanos = 0;
      }
      if (next == t.status) {
        return; // IB repeats statuses
      }
      if (!t.status.canMoveTo(next)) {
        log.info("order {}: status {} after {} ignored", t.request.ref(), next, t.status);
        return;
      }
      if (next == OrderStatus.FILLED && t.filled < t.request.quantity()) {
        // The engine must see the fill (actual quantity and price) before the order is FILLED,
        // or it would take the order as ended unfilled. Reported after the executions cover it.
        t.filledStatusWaiting = true;
        return;
      }
      t.status = next;
      update = OrderUpdate.status(t.request.ref(), next);
    }
    emitUpdate(update);
  }

  private void handleExecution(Execution e) {
    Fill fill;
    BigDecimal early;
    boolean completed = false;
    synchronized (lock) {
      if (refOfExec.containsKey(e.execId())) {
        return; // replayed execution
      }
      Tracked t = e.orderRef() == null ? null : byRef.get(e.orderRef());
      if (t == null && (!reconcileAllClients || e.clientId() == config.clientId())) {
        t = byId.get(e.orderId());
      }
      if (t == null && reconcileAllClients && e.clientId() != config.clientId()) {
        // Another client's execution of an order that is not ours (yet): not remembered as seen,
        // so that it is applied when a later take-over restores its order and reconciles again.
        return;
      }
      if (t == null && isOrderRef(e.orderRef())) {
        // A Tradeplan order this process does not track right now (its user is being rebuilt or
        // was handed over): not remembered as seen either, so that the reconcile after the
        // restore delivers it. Never marked as foreign: that would hide a fill for good.
        log.info(
            "execution {} of {} arrived while its order is not tracked", e.execId(), e.orderRef());
        return;
      }
      if (t == null) {
        refOfExec.put(e.execId(), "");
        alerts.alert(
            "UNKNOWN_EXECUTION",
            "execution "
                + e.execId()
                + " of order "
                + e.orderId()
                + " ref '"
                + e.orderRef()
                + "' was not for a Tradeplan order: ignored");
        return;
      }
      long qty;
      try {
        qty = e.shares().longValueExact();
      } catch (ArithmeticException ex) {
        alerts.alert("FRACTIONAL_EXECUTION", "execution " + e.execId() + " has " + e.shares());
        return;
      }
      if (qty <= 0 || e.price() == null || e.price().signum() <= 0) {
        log.warn("execution {} with quantity {} price {} ignored", e.execId(), qty, e.price());
        return;
      }
      refOfExec.put(e.execId(), t.request.ref().toString());
      t.filled += qty;
      t.written = true;
      early = earlyCommissions.remove(e.execId());
      OrderAction action =
          "SLD".equals(e.side())
              ? OrderAction.SELL
              : "BOT".equals(e.side()) ? OrderAction.BUY : t.request.action();
      fill = new Fill(e.execId(), t.request.ref(), action, qty, e.price(), early, time(e.time()));
      if (t.filled >= t.request.quantity() && t.status.canMoveTo(OrderStatus.FILLED)) {
        // The order is FILLED once its executions cover it, and the status is reported after the
        // fill that completes it (IB sends "Filled" first; passed on in that order, the engine
        // would take the order as ended unfilled). IB's own "Filled", before or after, is then a
        // repeat and is not reported again.
        t.filledStatusWaiting = false;
        t.status = OrderStatus.FILLED;
        completed = true;
      }
    }
    try {
      listener.onFill(fill);
    } catch (RuntimeException ex) {
      log.error("listener failed on fill {}", fill, ex);
    }
    if (early != null) {
      emitCommission(e.execId(), fill.orderRef(), early);
    }
    if (completed) {
      emitUpdate(OrderUpdate.status(fill.orderRef(), OrderStatus.FILLED));
    }
  }

  private void handleCommission(CommissionReport r) {
    OrderRef ref;
    synchronized (lock) {
      if (r.commission() == null || !commissionsSeen.add(r.execId())) {
        return;
      }
      String refText = refOfExec.get(r.execId());
      if (refText == null) {
        earlyCommissions.put(r.execId(), r.commission());
        commissionsSeen.remove(r.execId());
        return;
      }
      if (refText.isEmpty()) {
        return; // commission of an execution that is not ours
      }
      ref = OrderRef.parse(refText);
    }
    if (ref != null) {
      emitCommission(r.execId(), ref, r.commission());
    }
  }

  private void emitCommission(String execId, OrderRef ref, BigDecimal commission) {
    try {
      listener.onCommission(execId, ref, commission);
    } catch (RuntimeException ex) {
      log.error("listener failed on commission {}", execId, ex);
    }
  }

  private void handleError(int id, int code, String msg) {
    if (ErrorCodes.isInfo(code)) {
      log.debug("IB info {}: {}", code, msg);
      return;
    }
    switch (code) {
      case ErrorCodes.ORDER_REJECTED, ErrorCodes.DUPLICATE_ORDER_ID -> {
        OrderUpdate update = null;
        synchronized (lock) {
          Tracked t = byId.get(id);
          if (t != null && !t.status.isDone()) {
            t.status = OrderStatus.CANCELLED;
            update = OrderUpdate.rejected(t.request.ref(), "IB " + code + ": " + msg);
          }
        }
        if (code == ErrorCodes.DUPLICATE_ORDER_ID) {
          alerts.alert("DUPLICATE_ORDER_ID", "IB refused order id " + id + ": " + msg);
        }
        if (update != null) {
          emitUpdate(update);
        }
      }
      case ErrorCodes.ORDER_CANCELLED -> log.info("order {} cancelled: {}", id, msg);
      case ErrorCodes.PACING -> alerts.alert("PACING", "IB pacing violation: " + msg);
      case ErrorCodes.CONNECTIVITY_LOST -> alerts.alert("IB_CONNECTIVITY", msg);
      case ErrorCodes.RESTORED_DATA_LOST, ErrorCodes.RESTORED_DATA_KEPT ->
          log.info("IB connectivity restored ({}): {}", code, msg);
      case ErrorCodes.NOT_CONNECTED -> log.debug("not connected: {}", msg);
      default -> log.warn("IB error {} for id {}: {}", code, id, msg);
    }
  }

  private void emitUpdate(OrderUpdate update) {
    try {
      listener.onOrderUpdate(update);
    } catch (RuntimeException ex) {
      log.error("listener failed on update {}", update, ex);
    }
  }

  private static Instant time(String ibTime) {
    try {
      return LocalDateTime.parse(ibTime.trim().replaceAll("\\s+", "  ").substring(0, 18), EXEC_TIME)
          .toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }
}
