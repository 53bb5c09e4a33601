package com.tradeplan.broker;

import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.TokenBucket;
import com.tradeplan.domain.IllegalTransitionException;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.TickSizes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
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
 *   <li>The link watches itself: a heartbeat ({@code reqCurrentTime}) every interval; nothing
 *       received, or a write blocked, for the dead-link bound and the link is closed, alerted and
 *       reconnected ({@link IbBrokerConfig#heartbeatInterval}, {@link
 *       IbBrokerConfig#deadLinkAfter}). IB's 1100 stops the sender until 1101/1102 and a reconcile
 *       ({@link LinkState#CONNECTIVITY_LOST}).
 *   <li>On disconnect it reconnects with capped exponential backoff and jitter; before anything new
 *       is sent it reconciles open orders, executions and positions by orderRef. An order IB had is
 *       never written again: if the broker does not know it afterwards the engine hears so (and the
 *       operator is alerted). An order whose journaled send IB provably never received (written
 *       into a connection that died, or journaled by an earlier process) is sent once more under
 *       the same orderRef, never a third time ({@link SendJournal}, {@link #restoreSentOrder}); an
 *       entry only while no kill switch covers it ({@link #setResendGuard}).
 *   <li>Repeated statuses and replayed executions are filtered; fills come from executions (actual
 *       quantity and price, the time in IB's zone), and a fill never carries a commission: each
 *       commission report follows as onCommission, keyed by IB's execution id, de-duplicated as a
 *       best effort only (the engine refuses a second charge per execution id).
 *   <li>A broker order or execution whose orderRef Tradeplan did not send is reported to {@link
 *       OperatorAlerts}, never adopted, never cancelled.
 * </ul>
 *
 * <p>Listener calls come from the connection's reader thread (statuses, fills, commissions, in wire
 * order), from the link thread at the end of a reconcile (what it found), and from the sender
 * thread (an order cancelled before it was written, or refused by the send journal); never with a
 * lock held. A listener's throw is logged and that report is lost for it: listeners must not throw.
 *
 * <p>This class only wires the parts and keeps the public API:
 *
 * <ul>
 *   <li>{@link LinkSupervisor}: the connection's life ({@link LinkState}), reconnect with backoff,
 *       when a reconcile runs, the send gate;
 *   <li>{@link IbConnection}: one TWS connection, its callbacks and its reconcile requests;
 *   <li>{@link Reconciler}: the reconcile's judgement, a pure function;
 *   <li>{@link OrderRegistry} and {@link TrackedOrder}: the orders by orderRef and id, each with
 *       one stage enum and its transition table;
 *   <li>{@link OrderSender}: the outbound queue, the send journal, placeOrder and cancelOrder;
 *       {@link Resends}: a reconcile's re-sends, an entry's meeting the kill switch first;
 *   <li>{@link ReportTranslator} and {@link ExecutionLedger}: IB's reports into the engine's, with
 *       replays dropped; {@link EngineReports} hands them to the listener;
 *   <li>{@link MarketData}: subscriptions and ticks.
 * </ul>
 *
 * <p>Why one class: a little over 500 lines, because it is the Broker port's one implementation for
 * IB and each public method delegates to the parts above; the port in one place says all the
 * platform may ask of IB.
 */
public final class IbBroker implements Broker, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IbBroker.class);

  /**
   * The connection's life, one value at a time, every change through one transition table. Orders
   * are written only in READY; CLOSED is final.
   */
  public enum LinkState {
    DISCONNECTED,
    CONNECTING,
    /** Reading IB's open orders, executions and positions; nothing queued is written. */
    RECONCILING,
    READY,
    /**
     * Connected to TWS / IB Gateway, which has lost its own connection to IB's servers (error
     * 1100): nothing is written, orders wait in the queue (none is dropped). IB's 1101 or 1102 ends
     * it with a reconcile on the same connection (1101 also requests every subscription again).
     */
    CONNECTIVITY_LOST,
    CLOSED;

    private static final Map<LinkState, Set<LinkState>> NEXT = new EnumMap<>(LinkState.class);

    static {
      NEXT.put(DISCONNECTED, EnumSet.of(CONNECTING, CLOSED));
      NEXT.put(CONNECTING, EnumSet.of(RECONCILING, DISCONNECTED, CLOSED));
      // A reconcile ends READY, or CONNECTIVITY_LOST when IB said 1100 meanwhile.
      NEXT.put(RECONCILING, EnumSet.of(READY, CONNECTIVITY_LOST, DISCONNECTED, CLOSED));
      // A reconcile on the live connection (reconcileNow, or a grace that ended), 1100, the drop.
      NEXT.put(READY, EnumSet.of(RECONCILING, CONNECTIVITY_LOST, DISCONNECTED, CLOSED));
      // IB is back (1101/1102): reconcile on the same connection first; or the drop.
      NEXT.put(CONNECTIVITY_LOST, EnumSet.of(RECONCILING, DISCONNECTED, CLOSED));
      NEXT.put(CLOSED, EnumSet.noneOf(LinkState.class));
    }

    public boolean canMoveTo(LinkState next) {
      return NEXT.get(this).contains(next);
    }

    /** Returns {@code next} when the table allows it (or it is this state); throws otherwise. */
    public LinkState moveTo(LinkState next) {
      if (next != this && !canMoveTo(next)) {
        throw new IllegalTransitionException("link state", this, next);
      }
      return next;
    }
  }

  /**
   * Records, durably, that an order is about to be written to the socket. Called on the sender
   * thread with the order id it was given, immediately before {@code placeOrder}; the order is
   * written only when it returns true. With it a restarted process can tell an order that never
   * reached the wire (no id recorded: safe to send) from one whose fate only the broker knows.
   *
   * <p>The journal is the last word on "never twice", whichever process asks. An orderRef may be
   * written at most twice in its life: once ({@link #beforePlace}) and, when a reconcile proved IB
   * never received that send, once more ({@link #beforeResend}). An implementation must refuse
   * everything else, atomically against every other process:
   *
   * <ul>
   *   <li>{@code beforePlace(ref, id)}: true only when nothing was ever recorded for {@code ref}
   *       (then records {@code id} for it);
   *   <li>{@code beforeResend(ref, id)}: true only when a first send of {@code ref} was recorded
   *       and no re-send was (then records {@code id} as its re-send).
   * </ul>
   *
   * <p>False or a throw: the order is not written, it is reported rejected to the engine and
   * alerted ({@code ORDER_NOT_JOURNALED}).
   */
  public interface SendJournal {
    /** The first send of {@code ref}: true when recorded (the order may go out). */
    boolean beforePlace(OrderRef ref, int orderId);

    /**
     * The one re-send of {@code ref} (same orderRef, new order id) that a reconcile decided because
     * IB never received the recorded first send: this process wrote it into a connection that died,
     * or an earlier process journaled it and died. True when recorded.
     */
    boolean beforeResend(OrderRef ref, int orderId);
  }

  /**
   * Receives the ticks of one subscription, on the connection's reader thread: hand off fast. A
   * throw is logged and that tick is lost for this listener.
   */
  @FunctionalInterface
  public interface TickListener {
    void onTick(Tick tick);
  }

  private final IbBrokerConfig config;
  private final OperatorAlerts alerts;
  private final TokenBucket pacer;
  private final ClientScope scope;
  private final OrderRegistry registry;
  private final EngineReports reports = new EngineReports();
  private final ReportTranslator translator;
  private final MarketData marketData = new MarketData();
  private final ContractDetailsCache contractDetails;
  private final WhatIfChecks whatIf;
  private final LinkSupervisor link;
  private final OrderSender sender;
  private final Resends resends;
  private final AtomicInteger executionRequests = new AtomicInteger();
  private volatile AccountsSeen accountsSeen = AccountsSeen.NONE;
  private final AtomicInteger accountReadings = new AtomicInteger();
  private volatile List<String> managedAccounts = List.of();

  public IbBroker(IbBrokerConfig config, OperatorAlerts alerts) {
    this.config = config;
    this.alerts =
        alerts != null ? alerts : (kind, message) -> log.warn("ALERT {}: {}", kind, message);
    this.pacer = new TokenBucket(config.maxMessagesPerSecond(), config.pacingBurst());
    this.scope = new ClientScope(config.clientId());
    this.registry = new OrderRegistry(config.maxTrackedOrders());
    this.translator =
        new ReportTranslator(
            registry, scope, this.alerts, reports, config.executionTimeZone(), Clock.systemUTC());
    this.link = new LinkSupervisor(config, this::newConnection);
    this.sender = new OrderSender(config, registry, link, reports, this.alerts);
    this.resends = new Resends(registry, sender, this.alerts);
    this.contractDetails = new ContractDetailsCache(config.contractDetailsTtl(), Clock.systemUTC());
    this.whatIf = new WhatIfChecks(registry::nextWhatIfOrderId);
  }

  /** The next connection; called by the link thread, after {@link #start}. */
  private IbConnection newConnection() {
    return new IbConnection(
        new IbConnection.Parts(
            config,
            pacer,
            scope,
            registry,
            translator,
            marketData,
            contractDetails,
            whatIf,
            resends,
            link,
            reports,
            alerts,
            seen -> accountsSeen = seen.numbered(accountReadings.incrementAndGet()),
            accounts -> managedAccounts = List.copyOf(accounts),
            executionRequests));
  }

  /** Starts connecting (in the background) and the sender. Returns at once. */
  public IbBroker start() {
    link.start();
    sender.start();
    contractDetails.start("ib-contract-details-" + config.clientId());
    whatIf.start("ib-what-if-" + config.clientId());
    return this;
  }

  /** Waits until connected and reconciled; false on timeout. */
  public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
    return link.awaitReady(timeout, unit);
  }

  public LinkState state() {
    return link.state();
  }

  /** How many times a connection was reconciled (1 after the first connect). */
  public int reconciliations() {
    return link.reconciliations();
  }

  /**
   * The positions (symbol to signed quantity) of the default account ({@code IB_ACCOUNT}; with none
   * configured, of every account together) as last read during reconcile.
   */
  public Map<String, BigDecimal> positions() {
    return accountsSeen.positionsOf(config.account());
  }

  /**
   * Every account's positions and the open orders Tradeplan did not send, as the last reconcile
   * read them ({@link AccountsSeen#NONE} before the first).
   */
  public AccountsSeen accountsSeen() {
    return accountsSeen;
  }

  /**
   * Reads IB's accounts again now: asks for a reconcile ({@link #reconcileNow}) and waits, at most
   * {@code timeout}, for one that began after this call. Returns what it read, or null when none
   * ended in time (link down, IB slow): the caller keeps the last answer and tries later.
   */
  public AccountsSeen refreshAccounts(java.time.Duration timeout) throws InterruptedException {
    // A reconcile under way now may have read IB before the call: wait for the one after it.
    int wanted = accountReadings.get() + (link.state() == LinkState.RECONCILING ? 2 : 1);
    link.reconcileNow();
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseNanos = TimeUnit.MILLISECONDS.toNanos(2);
    while (accountsSeen.reading() < wanted) {
      if (System.nanoTime() > deadline) {
        return null;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(50));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    return accountsSeen;
  }

  /**
   * The accounts this login may trade, as IB's managedAccounts named them at the last connect
   * (empty before): one connection serves all of them, each order naming its own.
   */
  public List<String> managedAccounts() {
    return managedAccounts;
  }

  /** The account an order without one goes to ({@code IB_ACCOUNT}; empty: IB's only account). */
  public String defaultAccount() {
    return config.account();
  }

  @Override
  public void setListener(BrokerListener listener) {
    reports.setListener(listener);
  }

  /**
   * Registers an order that an earlier process (or another member) may have sent, read back from
   * the store with its last known status, so that a submit of the same ref is a duplicate and
   * reconcile matches the broker's copy to it by orderRef. A final status (FILLED, CANCELLED) is
   * kept, so reconcile neither reports nor alerts it again; its executions, which IB replays after
   * a reconnect, are still matched to it (the engine refuses the ones it already applied) instead
   * of being flagged as unknown. A CREATED order (journaled, never acknowledged) that a reconcile
   * 1.5 s or more after the restore finds neither open nor executed is sent once more, under the
   * same orderRef.
   */
  public void restoreSentOrder(OrderRequest request, OrderStatus knownStatus) {
    registry.restore(
        TickGridSnap.forIb(request, contractDetails).request(), knownStatus, System.nanoTime());
  }

  /**
   * Receives the time from writing each placeOrder to IB's first status report for it (send to
   * ack), in nanoseconds, on the reader thread. Must be cheap; a throw is logged and ignored.
   */
  public void setAckLatencyListener(LongConsumer listener) {
    translator.setAckLatencyListener(listener);
  }

  /**
   * Sets the journal consulted before each placeOrder (null: none). An order the journal refuses is
   * not written and is reported to the engine as rejected.
   */
  public void setSendJournal(SendJournal journal) {
    sender.setJournal(journal);
  }

  /** Sets what may stop an entry's re-send after a reconnect (the {@link RiskGate}'s switch). */
  public void setResendGuard(ResendGuard guard) {
    resends.setGuard(guard);
  }

  /** The clock that stamps incoming ticks (IB's market data carries no time); for tests. */
  public void setTickClock(Clock clock) {
    marketData.setTickClock(clock);
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
    return marketData.subscribe(instrument, listener);
  }

  /**
   * Queues a shadow what-if check of the exit {@code exit} (docs/ib.md, "What-if checks"): IB is
   * asked, with a whatIf order that can never work or fill, whether it would accept it and at what
   * margin; {@code answer} gets its {@link WhatIfAnswer} once. Nothing is sent for the exit itself.
   * False when {@link WhatIfChecks#QUEUE_MAX} checks wait already (nothing queued: ask later).
   */
  public boolean askWhatIf(OrderRequest exit, java.util.function.Consumer<WhatIfAnswer> answer) {
    return whatIf.ask(TickGridSnap.forIb(exit, contractDetails).request(), answer); // as it goes
  }

  /** What-if checks waiting to be sent or answered. */
  public int whatIfChecksPending() {
    return whatIf.pending();
  }

  public TickSizes tickSizes() {
    return contractDetails;
  }

  /**
   * The fresh contract details of {@code instrument} (its hours, for the trading hours rule), if IB
   * sent them within the time to live; asks IB for them otherwise (never waits).
   */
  public Optional<ContractDetails> contractDetails(Instrument instrument) {
    contractDetails.tickSize(instrument, Duration.ZERO);
    return contractDetails.details(instrument);
  }

  /** Symbols with a market data subscription. */
  public Set<String> subscribedSymbols() {
    return marketData.subscribedSymbols();
  }

  /**
   * The subscribed symbols whose market data IB refused (no permission, too many lines, unknown
   * instrument, delayed data only), with IB's code and words; a symbol leaves once a price of it
   * arrives (docs/ib.md, "Market data").
   */
  public Map<String, String> marketDataRefusals() {
    return marketData.refusals();
  }

  /**
   * Asks IB again for the refused subscriptions whose refusal may pass without an operator (the
   * account's market data lines all in use), each at most once per {@link
   * IbBrokerConfig#marketDataRetry}; the runtime calls it from its market data check (docs/ib.md,
   * "Market data"). Timed by the tick clock ({@link #setTickClock}).
   *
   * @return the symbols asked again
   */
  public java.util.List<String> askRefusedMarketDataAgain() {
    return marketData.askRefusedAgain(config.marketDataRetry());
  }

  /**
   * Queues {@code order} for IB. A stop or limit price off its instrument's tick grid at that price
   * (IB's market rule) is first moved onto it, on the side that never loosens protection nor pays
   * more ({@link TickGridSnap}); the tracked order and every (re-)send carry the moved price, and
   * the answer says so ({@link SubmitResult#sentAs}: the engine records it in the plan's history).
   */
  @Override
  public SubmitResult submit(OrderRequest order) {
    if (link.state() == LinkState.CLOSED) {
      return SubmitResult.denied("broker closed");
    }
    TickGridSnap.Snapped snapped = TickGridSnap.forIb(order, contractDetails);
    OrderRequest request = snapped.request();
    OrderRegistry.Registration r = registry.register(request);
    if (r.refusal() != null) {
      return r.refusal();
    }
    if (!sender.queueOrder(r.order())) {
      registry.remove(request.ref().toString());
      return SubmitResult.denied("outbound queue full: order not sent, retry later");
    }
    return snapped.note() == null ? SubmitResult.ACCEPTED : SubmitResult.sentAs(snapped.note());
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    TrackedOrder t = registry.find(ref.toString());
    if (t == null) {
      return SubmitResult.denied("unknown order " + ref);
    }
    OrderStatus status = registry.statusOf(t);
    if (status.isDone()) {
      return SubmitResult.denied("order " + ref + " is already " + status);
    }
    if (sender.queueCancel(t)) {
      return SubmitResult.ACCEPTED;
    }
    return SubmitResult.denied("outbound queue full: cancel not sent, retry later");
  }

  /**
   * Cancels every working entry {@code inScope} accepts that this client tracks: one still queued
   * here never leaves, a written one gets IB's cancelOrder (paced like every message, after the
   * exits: {@link OrderSender#priority}). Returns the cancels queued; one that found the queue full
   * is not retried here (the caller's switch refuses new entries meanwhile).
   */
  public int cancelWorkingEntries(Predicate<OrderRequest> inScope) {
    int queued = 0;
    for (TrackedOrder t : registry.workingEntries(inScope)) {
      if (sender.queueCancel(t)) {
        queued++;
      }
    }
    return queued;
  }

  /**
   * The whole platform's cancel, one message: IB's {@code reqGlobalCancel} goes out ahead of
   * everything queued, and every entry still queued here is ended unsent. IB cancels <b>every</b>
   * working order of the login's accounts, of every client: working exits too (the engine sends a
   * cancelled stop, target or flatten again: docs/kill-switch.md) and orders placed outside
   * Tradeplan. False when the outbound queue had no room for it.
   */
  public boolean cancelAllWorking() {
    for (TrackedOrder t : registry.queuedEntries(r -> true)) {
      sender.queueCancel(t);
    }
    return sender.queueGlobalCancel();
  }

  /** The plans of which this client tracks an entry order {@code inScope} accepts. */
  public Set<String> plansWithEntries(Predicate<OrderRequest> inScope) {
    return registry.plansWithEntries(inScope);
  }

  @Override
  public void close() {
    link.close();
    sender.stop();
    contractDetails.stop();
    whatIf.stop();
  }

  /**
   * Cluster mode: reconcile against the orders and executions of <b>every</b> client id of the
   * account ({@code reqAllOpenOrders}, executions with client filter 0 = none), matched by orderRef
   * only, so that a member taking a user over sees the orders the previous member (another client
   * id) sent. Orders of other clients are never addressed by their order id (ids are per client):
   * their statuses arrive through this client only at the next reconcile (see docs/ib.md).
   */
  public void setReconcileAllClients(boolean all) {
    scope.setAllClients(all);
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
    link.reconcileNow();
  }

  /**
   * Returns once no order is between its send journal and its socket write: every order written
   * after this call asked the journal first. With a journal that refuses orders of users this
   * process no longer runs, nothing of theirs is written after this returns.
   */
  public void awaitSendsInFlight() {
    link.awaitSendsInFlight();
  }

  /**
   * Forgets the orders of {@code owner} (another process runs the user now): queued orders are
   * dropped unsent (also one the sender took from the queue and still holds, e.g. over a reconcile:
   * it is not written once its order is no longer tracked), tracked ones forgotten, so that a later
   * take-over rebuilds them from the store and the broker instead of trusting this process's stale
   * view. Their executions count as unseen again: the next reconcile delivers them to whoever
   * restores these orders (the engine refuses repeats). Call after the user's session stopped and
   * {@link #awaitSendsInFlight}.
   */
  public void forgetOwner(String owner) {
    sender.dropQueuedOrdersOf(owner);
    translator.forgetExecutionsOf(registry.forgetOwner(owner));
  }

  /**
   * True while an order whose reports may not reach this client live is working as far as this
   * process knows: one it did not write itself (restored, possibly written by another client id,
   * and not known under an order id of ours), or one it wrote that IB has not acknowledged yet. Its
   * status and fills may reach this client only through the next reconcile (docs/ib.md,
   * cross-client reconciliation).
   */
  public boolean hasForeignWorkingOrders() {
    return registry.hasForeignWorkingOrders();
  }
}
