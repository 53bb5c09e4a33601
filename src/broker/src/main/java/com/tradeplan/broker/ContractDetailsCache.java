package com.tradeplan.broker;

import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.PriceIncrement;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.TickBands;
import com.tradeplan.domain.plan.TickSizes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IbBroker}'s contract details: each instrument's minimum tick (and trading hours) from IB's
 * {@code reqContractDetails}, and its tick grid by price from the market rule the details name
 * ({@code reqMarketRule}, kept by rule id in {@link MarketRules}; an instrument whose details name
 * a rule has a known tick only once the rule arrived), kept for a time to live ({@link
 * IbBrokerConfig#contractDetailsTtl}) and asked again in the background from half of it on, so that
 * an instrument in use never expires while IB answers. Details older than the time to live are not
 * used: the tick is then unknown (with the reason: IB's error, no answer, no connection) until IB
 * answers again.
 *
 * <p>Requests go out only from {@link #runOnce} (the cache's own thread, a {@link PacedRunner},
 * every {@link #RUN_INTERVAL_MILLIS}, or at once when a lookup waits or a connection is ready), at
 * most {@link #REQUESTS_PER_RUN} a run: 10 a second of IB's 50, so that orders keep the pacing's
 * room; a lookup never writes to the socket. An instrument IB refused (error 200) or did not answer
 * within {@link #ANSWER_TIMEOUT} is asked again after {@link #RETRY_AFTER}; one whose request could
 * not be written (its connection closing) is no answer from IB and is asked on the next connection
 * at once.
 *
 * <p>Bounds: {@link #ENTRIES_MAX} instruments; a new one beyond it forgets the one asked for least
 * recently (it is asked from IB again when it is needed again). {@link #IN_FLIGHT_MAX} requests at
 * once; more wait for the next run. The callbacks run on the connection's reader thread; every
 * state change happens under one lock, and no socket write happens under it.
 */
final class ContractDetailsCache implements TickSizes {
  private static final Logger log = LoggerFactory.getLogger(ContractDetailsCache.class);

  static final int ENTRIES_MAX = 10_000;
  static final int IN_FLIGHT_MAX = 20;
  static final int REQUESTS_PER_RUN = 2;
  static final long RUN_INTERVAL_MILLIS = 200;
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  // Far above any order id, so that an error's id tells a contract request from an order.
  private static final int REQ_ID_FIRST = 1_500_000_000;

  /** Writes one reqContractDetails; false when it could not be written. */
  interface Requester {
    boolean request(int reqId, Instrument instrument);
  }

  /** Writes one reqMarketRule; false when it could not be written. */
  interface RuleRequester {
    boolean request(int marketRuleId);
  }

  private static final class Entry {
    final Instrument instrument;
    ContractDetails details; // the last answer; null until IB answered once
    Instant knownAt;
    ContractDetails pending; // the answer being received
    String problem; // why the last request failed; null when it did not
    Instant problemAt;
    boolean wanted; // asked for and not fresh: request at the next run
    int reqId; // 0: none in flight
    Instant sentAt;

    Entry(Instrument instrument) {
      this.instrument = instrument;
    }
  }

  private final Duration ttl;
  private final Clock clock;
  private final Object lock = new Object();
  private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Integer, Entry> inFlight = new HashMap<>();
  private int nextReqId = REQ_ID_FIRST;
  private final MarketRules rules = new MarketRules(); // guarded by lock
  private Requester requester; // guarded by lock; null while no connection is ready
  private RuleRequester ruleRequester; // guarded by lock; with requester
  private volatile PacedRunner runner; // null until started

  ContractDetailsCache(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Starts the background thread (refresh, answers to waiting lookups). */
  void start(String name) {
    runner = new PacedRunner(name, RUN_INTERVAL_MILLIS, this::runOnce);
    runner.start();
  }

  void stop() {
    PacedRunner r = runner;
    if (r != null) {
      r.stop();
    }
  }

  /** A run at once rather than at the next interval (a lookup waits, a connection is ready). */
  private void runSoon() {
    PacedRunner r = runner;
    if (r != null) {
      r.runSoon();
    }
  }

  @Override
  public Lookup tickSize(Instrument instrument, Duration wait) {
    String key = keyOf(instrument);
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      Entry e = entry(key, instrument);
      while (true) {
        Lookup now = lookup(e);
        long left = deadline - System.nanoTime();
        if (now.isKnown() || left <= 0 || entries.get(key) != e) {
          return now;
        }
        runSoon(); // the runner sends at once
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return lookup(e);
        }
      }
    }
  }

  /** The fresh details of {@code instrument}, if IB sent them within the time to live. */
  Optional<ContractDetails> details(Instrument instrument) {
    synchronized (lock) {
      Entry e = entries.get(keyOf(instrument));
      return e != null && fresh(e) ? Optional.of(e.details) : Optional.empty();
    }
  }

  int size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /** A connection that cannot ask for market rules is ready (contract details only). */
  void connectionReady(Requester r) {
    connectionReady(r, id -> false);
  }

  /** A connection is ready: requests go through {@code r} and {@code rr} from now on. */
  void connectionReady(Requester r, RuleRequester rr) {
    synchronized (lock) {
      requester = r;
      ruleRequester = rr;
    }
    runSoon();
  }

  /** The connection of {@code r} ends: what it had in flight is asked again on the next one. */
  void connectionEnded(Requester r) {
    synchronized (lock) {
      if (requester != r) {
        return;
      }
      requester = null;
      ruleRequester = null;
      rules.connectionEnded();
      for (Entry e : inFlight.values()) {
        e.reqId = 0;
        e.pending = null;
        e.wanted = true;
      }
      inFlight.clear();
      lock.notifyAll();
    }
  }

  /** IB's contractData, on the reader thread; the first contract of a request counts. */
  void onDetails(int reqId, ContractDetails d) {
    synchronized (lock) {
      Entry e = inFlight.get(reqId);
      if (e != null && e.pending == null) {
        e.pending = d;
      }
    }
  }

  /** IB's contractDataEnd, on the reader thread. */
  void onEnd(int reqId) {
    synchronized (lock) {
      Entry e = inFlight.remove(reqId);
      if (e == null) {
        return;
      }
      e.reqId = 0;
      ContractDetails d = e.pending;
      e.pending = null;
      if (d == null || d.minTick() == null || d.minTick().signum() <= 0) {
        failed(e, d == null ? "IB answered no contract" : "IB sent no minimum tick");
      } else {
        if (e.details != null && e.details.minTick().compareTo(d.minTick()) != 0) {
          log.info(
              "tick size of {} changed from {} to {}",
              e.instrument.symbol(),
              e.details.minTick().toPlainString(),
              d.minTick().toPlainString());
        }
        e.details = d;
        e.knownAt = clock.instant();
        d.marketRuleId().ifPresent(rules::want); // asked again with every answer: refreshed too
        e.problem = null;
        e.problemAt = null;
        e.wanted = false;
      }
      lock.notifyAll();
    }
  }

  /**
   * IB's marketRule, on the reader thread: the bands of a rule asked for. An answer for a rule not
   * asked for is dropped; bands that make no grid leave the rule unknown, with the reason.
   */
  void onMarketRule(int marketRuleId, List<PriceIncrement> increments) {
    synchronized (lock) {
      if (!rules.onRule(marketRuleId, increments, clock.instant())) {
        log.info("market rule {} not asked for: dropped", marketRuleId);
        return;
      }
      lock.notifyAll();
    }
  }

  /** IB's error for request {@code id}; false when the id is not a contract request of ours. */
  boolean onError(int id, int code, String message) {
    synchronized (lock) {
      Entry e = inFlight.remove(id);
      if (e == null) {
        return false;
      }
      e.reqId = 0;
      e.pending = null;
      failed(e, "IB error " + code + ": " + message);
      lock.notifyAll();
      return true;
    }
  }

  /**
   * One run: requests that waited too long are given up, then at most {@link #REQUESTS_PER_RUN}
   * requests are written: instruments asked for and not fresh first, then refreshes due (details
   * older than half the time to live), oldest first. Writes happen outside the lock.
   */
  void runOnce() {
    List<Entry> toSend = new ArrayList<>();
    List<Integer> rulesToSend;
    Requester r;
    RuleRequester rr;
    synchronized (lock) {
      Instant now = clock.instant();
      giveUpLate(now);
      if (rules.giveUpLate(now, ANSWER_TIMEOUT)) {
        lock.notifyAll();
      }
      r = requester;
      rr = ruleRequester;
      if (r == null) {
        return;
      }
      pick(now, true, toSend);
      int room =
          Math.min(
              REQUESTS_PER_RUN - toSend.size(),
              IN_FLIGHT_MAX - inFlight.size() - toSend.size() - rules.inFlight());
      rulesToSend = rules.pick(Math.max(0, room), now, RETRY_AFTER);
      pick(now, false, toSend, rulesToSend.size());
      for (Entry e : toSend) {
        e.reqId = nextReqId == Integer.MAX_VALUE ? REQ_ID_FIRST : nextReqId++;
        e.sentAt = now;
        inFlight.put(e.reqId, e);
      }
    }
    for (Entry e : toSend) {
      if (!r.request(e.reqId, e.instrument)) {
        notWritten(e);
      }
    }
    for (int id : rulesToSend) {
      if (!rr.request(id)) {
        synchronized (lock) {
          rules.notWritten(id, "market rule " + id + " not asked: not connected to IB");
          lock.notifyAll();
        }
      }
    }
  }

  /**
   * A request that could not be written: its connection is closing (the close reaches {@link
   * #connectionEnded} soon after, or already did). That is no answer from IB, so unlike a refusal
   * or silence it does not wait {@link #RETRY_AFTER}: it is asked on the next connection at once.
   */
  private void notWritten(Entry e) {
    synchronized (lock) {
      if (inFlight.remove(e.reqId) == e) {
        e.reqId = 0;
        e.pending = null;
      }
      e.wanted = true;
      e.problem = "not connected to IB";
      e.problemAt = null;
      lock.notifyAll();
    }
  }

  private void pick(Instant now, boolean wantedOnly, List<Entry> out) {
    pick(now, wantedOnly, out, 0);
  }

  /** Adds due entries to {@code out}; {@code rulesSent} market rule requests share the run. */
  private void pick(Instant now, boolean wantedOnly, List<Entry> out, int rulesSent) {
    for (Entry e : entries.values()) {
      int sent = out.size() + rulesSent;
      if (sent >= REQUESTS_PER_RUN
          || inFlight.size() + rules.inFlight() + out.size() >= IN_FLIGHT_MAX) {
        return;
      }
      if (e.reqId != 0 || out.contains(e) || !mayAskAgain(e, now)) {
        continue;
      }
      boolean due = wantedOnly ? e.wanted && !fresh(e) : refreshDue(e, now);
      if (due) {
        out.add(e);
      }
    }
  }

  private void giveUpLate(Instant now) {
    Iterator<Entry> it = inFlight.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (now.isAfter(e.sentAt.plus(ANSWER_TIMEOUT))) {
        it.remove();
        e.reqId = 0;
        e.pending = null;
        failed(e, "no answer from IB within " + ANSWER_TIMEOUT.toSeconds() + " s");
        lock.notifyAll();
      }
    }
  }

  private void failed(Entry e, String why) {
    e.problem = why;
    e.problemAt = clock.instant();
    log.warn("contract details of {}: {}", e.instrument.symbol(), why);
  }

  private Entry entry(String key, Instrument instrument) {
    Entry e = entries.get(key);
    if (e != null) {
      return e;
    }
    if (entries.size() >= ENTRIES_MAX) {
      Iterator<Entry> eldest = entries.values().iterator();
      Entry gone = eldest.next();
      eldest.remove();
      if (gone.reqId != 0) {
        inFlight.remove(gone.reqId);
      }
    }
    e = new Entry(instrument);
    e.wanted = true;
    entries.put(key, e);
    return e;
  }

  private Lookup lookup(Entry e) {
    String symbol = e.instrument.symbol();
    if (fresh(e)) {
      OptionalInt ruleId = e.details.marketRuleId();
      if (ruleId.isEmpty()) {
        return Lookup.known(e.details.minTick().stripTrailingZeros());
      }
      int id = ruleId.getAsInt();
      TickBands bands = rules.bands(id);
      if (bands != null) {
        return Lookup.known(bands);
      }
      rules.want(id);
      String problem = rules.problem(id);
      return Lookup.unknown(
          problem != null
              ? "the tick grid of " + symbol + " is not known: " + problem
              : "market rule " + id + " of " + symbol + " has not arrived from IB yet");
    }
    e.wanted = true;
    if (e.problem != null) {
      return Lookup.unknown("contract details of " + symbol + " are not known: " + e.problem);
    }
    if (requester == null) {
      return Lookup.unknown(
          "contract details of " + symbol + " are not known: not connected to IB");
    }
    return Lookup.unknown("contract details of " + symbol + " have not arrived from IB yet");
  }

  private boolean fresh(Entry e) {
    return e.details != null && clock.instant().isBefore(e.knownAt.plus(ttl));
  }

  private boolean refreshDue(Entry e, Instant now) {
    return e.details != null && !now.isBefore(e.knownAt.plus(ttl.dividedBy(2)));
  }

  private static boolean mayAskAgain(Entry e, Instant now) {
    return e.problemAt == null || !now.isBefore(e.problemAt.plus(RETRY_AFTER));
  }

  private static String keyOf(Instrument i) {
    return i.symbol() + '|' + i.secType() + '|' + i.exchange() + '|' + i.currency();
  }
}
