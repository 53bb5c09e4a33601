package com.tradeplan.runtime;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.PlanOrder;
import com.tradeplan.store.StoredPage;
import com.tradeplan.store.StoredPlan;
import com.tradeplan.store.TradeStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a trader reads, and the cache that keeps those reads from lagging behind the engine: the
 * latest state of every plan this member monitors (as the engine reported it), and the last {@value
 * #ENDED_CACHE_MAX} plans that ended here. A read takes the newer of that state and the store's
 * document; another owner's plan reads as absent.
 *
 * <p>Bounds: the monitored map holds the plans this member runs (a plan leaves it when it ends or
 * its user leaves); the ended cache drops its oldest entry beyond {@value #ENDED_CACHE_MAX}, after
 * which that plan is read from the store.
 *
 * <p>Threads: queries run on request threads; {@link #remember} on lane threads; {@link #track} and
 * {@link #untrack} on the ownership thread. A query throws when the store is unreachable (the
 * server answers 503).
 */
final class PlanReads {
  /** Ended plans kept in memory for reads that must not see the store lag behind. */
  static final int ENDED_CACHE_MAX = 10_000;

  private final TradeStore store;
  private final MarketData marketData;
  private final LiveHub live;

  /** The latest state of every monitored plan, as the engine reported it. */
  private final ConcurrentHashMap<String, PlanSnapshot> monitored = new ConcurrentHashMap<>();

  private final Map<String, PlanSnapshot> ended =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlanSnapshot> e) {
          return size() > ENDED_CACHE_MAX;
        }
      };

  PlanReads(TradeStore store, MarketData marketData, LiveHub live) {
    this.store = store;
    this.marketData = marketData;
    this.live = live;
  }

  // ------------------------------------------------------------------ the cache

  /** A plan rebuilt here (a take-over, an added plan): watched for reads, P&L and market data. */
  void track(PlanSnapshot s) {
    monitored.put(s.planId(), s);
    marketData.ensureSubscribed(s.plan().instrument());
  }

  /** A user this member no longer runs: its plans are read from the store from now on. */
  void untrack(String owner) {
    monitored.values().removeIf(s -> s.plan().owner().equals(owner));
  }

  /** The state the engine reported for a plan: kept while monitored, among the ended once done. */
  void remember(PlanSnapshot s) {
    if (s.status().isTerminal()) {
      monitored.remove(s.planId());
      synchronized (ended) {
        ended.put(s.planId(), s);
      }
    } else {
      monitored.merge(s.planId(), s, (a, b) -> b.version() >= a.version() ? b : a);
    }
  }

  /** The engine's latest state of a plan monitored here or ended recently, or null. */
  PlanSnapshot current(String planId) {
    PlanSnapshot s = monitored.get(planId);
    if (s != null) {
      return s;
    }
    synchronized (ended) {
      return ended.get(planId);
    }
  }

  /** The plans monitored here, by id (a live view). */
  Map<String, PlanSnapshot> monitoredPlans() {
    return monitored;
  }

  /** Plans monitored now or ended recently. */
  Set<String> knownPlanIds() {
    Set<String> ids = new HashSet<>(monitored.keySet());
    synchronized (ended) {
      ids.addAll(ended.keySet());
    }
    return ids;
  }

  // ------------------------------------------------------------------ queries

  /** The owner's plan: the engine's latest state when this member has it, else the store's. */
  Optional<PlanSnapshot> find(String owner, String planId) {
    if (planId == null) {
      return Optional.empty();
    }
    PlanSnapshot s = current(planId);
    if (s == null) {
      s = store.load(planId).orElse(null);
    }
    if (s == null || !s.plan().owner().equals(owner)) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  Optional<PlanView> get(String owner, String planId) {
    return find(owner, planId).map(this::view);
  }

  /**
   * One page of the owner's plans (see {@link TradingService#page}). The store selects the page;
   * each plan is read as the newer of the store's document and the engine's state, so a plan whose
   * status moved on since its last write may not match {@code statuses} any more: it is left out
   * (the page may hold fewer plans, and {@code next} still follows the store's page).
   */
  PlanPage page(
      String owner,
      Set<PlanStatus> statuses,
      String symbol,
      Side side,
      PlanOrder order,
      String after,
      int limit) {
    if (limit < 1 || limit > TradingService.PAGE_MAX) {
      throw new IllegalArgumentException("limit must be 1.." + TradingService.PAGE_MAX);
    }
    PlanOrder.Cursor cursor =
        after == null
            ? null
            : order
                .cursor(after)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException("not a cursor of the order " + order.text()));
    Set<PlanStatus> wanted = statuses == null ? Set.of() : statuses;
    StoredPage stored = store.findByOwner(owner, symbol, side, wanted, order, cursor, limit);
    List<PlanView> out = new ArrayList<>();
    for (StoredPlan s : stored.plans()) {
      PlanSnapshot now = newest(s.snapshot());
      if (wanted.isEmpty() || wanted.contains(now.status())) {
        out.add(view(now, s.createdAt(), s.endedAt()));
      }
    }
    return new PlanPage(out, stored.next());
  }

  /**
   * One page of the owner's plans written since {@code since} (see {@link
   * TradingService#changedSince}), each read as the newer of the store's document and the engine's
   * state.
   */
  PlanPage changedSince(String owner, Instant since, String afterPlanId, int limit) {
    if (limit < 1 || limit > TradingService.PAGE_MAX) {
      throw new IllegalArgumentException("limit must be 1.." + TradingService.PAGE_MAX);
    }
    List<PlanSnapshot> stored =
        store.findByOwnerChangedSince(owner, since, afterPlanId, limit).plans();
    List<PlanView> out = new ArrayList<>();
    for (PlanSnapshot s : stored) {
      out.add(view(newest(s)));
    }
    String next = stored.size() == limit ? stored.get(stored.size() - 1).planId() : null;
    return new PlanPage(out, next);
  }

  /** The owner's DRAFTs and watched plans, every page of them (bounded by the user limits). */
  List<PlanView> openPlans(String owner) {
    List<PlanView> out = new ArrayList<>();
    String after = null;
    do {
      PlanPage p = page(owner, OPEN, null, null, PlanOrder.BY_ID, after, TradingService.PAGE_MAX);
      out.addAll(p.plans());
      after = p.next();
    } while (after != null);
    return out;
  }

  /** DRAFT and the statuses the engine watches. */
  static final Set<PlanStatus> OPEN = open();

  private static Set<PlanStatus> open() {
    Set<PlanStatus> s = java.util.EnumSet.copyOf(TradeStore.MONITORED);
    s.add(PlanStatus.DRAFT);
    return java.util.Collections.unmodifiableSet(s);
  }

  /** The plan's history from the store's event log; empty when not the owner's. */
  List<HistoryEntry> history(String owner, String planId) {
    if (find(owner, planId).isEmpty()) {
      return List.of();
    }
    List<HistoryEntry> out = new ArrayList<>();
    store.history(planId).forEach(r -> out.add(new HistoryEntry(r.seq(), r.event())));
    return out;
  }

  private PlanSnapshot newest(PlanSnapshot stored) {
    PlanSnapshot c = current(stored.planId());
    return c != null && c.version() > stored.version() ? c : stored;
  }

  /** The plan as the trader sees it: its state, the last price and the unrealized P&L. */
  PlanView view(PlanSnapshot s) {
    return view(s, null, null);
  }

  /** {@link #view(PlanSnapshot)} with the times its stored document keeps. */
  private PlanView view(PlanSnapshot s, Instant createdAt, Instant endedAt) {
    BigDecimal last = marketData.lastPrice(s.plan().symbol());
    BigDecimal unrealized = null;
    if (last != null && s.position() > 0 && s.avgEntryPrice() != null) {
      BigDecimal perShare = last.subtract(s.avgEntryPrice(), Decimals.MATH);
      if (s.plan().side() == Side.SHORT) {
        perShare = perShare.negate();
      }
      unrealized = perShare.multiply(BigDecimal.valueOf(s.position()), Decimals.MATH);
    }
    String symbol = s.plan().symbol();
    boolean watched = s.status().isMonitored();
    return new PlanView(
        s,
        last,
        unrealized,
        watched ? marketData.lastTickAt(symbol) : null,
        watched && marketData.ticksStale(symbol),
        createdAt,
        endedAt);
  }

  /** Publishes an update (no event) of every plan monitored here on {@code symbols}. */
  void publishPlansOn(Set<String> symbols) {
    for (PlanSnapshot s : monitored.values()) {
      if (symbols.contains(s.plan().symbol())) {
        live.publish(s.plan().owner(), s.planId(), null, view(s));
      }
    }
  }

  /**
   * The unrealized P&L of every open position this member monitors, at the last prices (a position
   * whose symbol has no price yet counts nothing). Exact decimal sum; any thread.
   */
  BigDecimal unrealizedPnl() {
    BigDecimal sum = BigDecimal.ZERO;
    for (PlanSnapshot s : monitored.values()) {
      BigDecimal u = view(s).unrealizedPnl();
      if (u != null) {
        sum = sum.add(u, Decimals.MATH);
      }
    }
    return sum;
  }

  /** Publishes a P&L-only update of every monitored live plan on {@code symbols}. */
  void publishPnl(Set<String> symbols) {
    for (PlanSnapshot s : monitored.values()) {
      if (s.position() > 0 && symbols.contains(s.plan().symbol())) {
        live.publish(s.plan().owner(), s.planId(), null, view(s));
      }
    }
  }
}
