package com.tradeplan.broker.risk;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.risk.EntrySizing;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The layered pre-trade limits of every <b>entry</b>, and the aggregates they are checked against:
 * per user and per account (an order without an account counts for {@link
 * LimitLayers#DEFAULT_ACCOUNT}), per symbol, updated incrementally from the orders the gate lets
 * through ({@link #admitEntry}, {@link #exitSent}), their status reports ({@link #onOrderUpdate})
 * and fills ({@link #onFill}, {@link #onCommission}). A check costs a few map reads, whatever the
 * number of plans. The limits themselves are data ({@link LimitLayers}), swapped in whole by {@link
 * #setLayers}.
 *
 * <p>Exits are never refused: {@link #exitSent} only records an exit so its fills move the
 * position. A fill that brings a holder's position on a symbol to its maximum per symbol names that
 * holder's working entries on the symbol, which the gate cancels ({@link #onFill}).
 *
 * <p>Thread-safety: one lock around every call (lanes check, the broker's reader thread reports),
 * so a check and the reservation it makes are one step: two lanes cannot both take the last room
 * under a limit. Callbacks ({@link LossLimitListener}) run after the lock is released.
 *
 * <p>Bounds: at most {@link #HOLDERS_MAX} users and as many accounts (an entry of one more is
 * refused, named); at most {@link #ORDERS_MAX} tracked orders (an entry beyond is refused, named;
 * an exit beyond is sent untracked, so its fills do not lower the position counted here: the
 * figures then overstate exposure, never understate it); {@link #ENDED_KEPT} ended orders kept for
 * fills that lose the race with a cancel; {@link Exposure#SYMBOLS_MAX} symbols per holder.
 *
 * <p>After a restart or a take-over the figures start from what the store recorded: {@link
 * #restore} replays the resumed plans' orders and executions through the same counting ({@link
 * Figures}); until the caller says they are complete, {@link #refuseEntriesOf} refuses the user's
 * entries (fail closed). What is not seen: orders of this member only (another member's users count
 * on their member, so account and platform figures are per member when one account's users run on
 * several); a fill of an order neither sent through this gate nor restored (an order placed outside
 * Tradeplan) is not counted.
 */
public final class EntryLimits {
  public static final int HOLDERS_MAX = 100_000;
  public static final int ORDERS_MAX = 200_000;
  static final int ENDED_KEPT = 10_000;

  private static final MathContext MONEY = MathContext.DECIMAL128;

  /** The last traded price of a symbol, or null when none is known. Called under the lock. */
  @FunctionalInterface
  public interface LastPrices {
    LastPrices NONE = symbol -> null;

    BigDecimal last(String symbol);
  }

  /** An entry a fill made too many, and why it is cancelled. */
  public record Cancel(OrderRef ref, String reason) {}

  /** The answer to one entry: admitted (its shares now count as working) or refused. */
  public record Admission(boolean admitted, String refusal) {
    static final Admission ADMITTED = new Admission(true, null);
  }

  private final Clock clock;
  private final ZoneId tradingDayZone;
  private final TradingDay tradingDay;
  private final CombinedLimits combined = new CombinedLimits();
  private final LongSupplier nanoTime;
  private final LastPrices lastPrices;
  private volatile LimitLayers layers;
  private volatile LossLimitListener lossListener = reached -> {};

  private final Figures figures = new Figures();
  private final Holders holders = figures.holders;
  private final Map<OrderRef, TrackedOrder> orders = figures.orders;
  private EntryRate platformRate;
  private volatile IntSupplier clusterMembers = () -> 1;

  public EntryLimits(
      LimitLayers layers,
      LastPrices lastPrices,
      Clock clock,
      ZoneId tradingDayZone,
      LongSupplier nanoTime) {
    this.layers = Objects.requireNonNull(layers, "layers");
    this.lastPrices = Objects.requireNonNull(lastPrices, "lastPrices");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tradingDayZone = Objects.requireNonNull(tradingDayZone, "tradingDayZone");
    this.tradingDay = new TradingDay(clock, tradingDayZone);
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Only the platform's limits, no prices, the system clock; days in New York. */
  public static EntryLimits of(RiskLimits platform) {
    return new EntryLimits(
        LimitLayers.of(platform),
        LastPrices.NONE,
        Clock.systemUTC(),
        ZoneId.of("America/New_York"),
        System::nanoTime);
  }

  /**
   * The limits in force from the next order on (an operator's change, loaded from the store); a
   * loss limit now at or under a loss already made is told at once ({@code Reached.lowered}).
   */
  public void setLayers(LimitLayers layers) {
    Objects.requireNonNull(layers, "layers");
    List<LossLimitListener.Reached> told = new ArrayList<>(0);
    synchronized (this) {
      this.layers = layers;
      holders.lossLimitsAlreadyReached(layers, tradingDay.today(), told);
    }
    tell(told);
  }

  public LimitLayers layers() {
    return layers;
  }

  /** The cluster's members now (a local read): each member's share of the platform's rate. */
  public void setClusterMembers(IntSupplier membersNow) {
    this.clusterMembers = Objects.requireNonNull(membersNow, "membersNow");
  }

  public void setLossLimitListener(LossLimitListener listener) {
    this.lossListener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Checks one entry against every limit that applies and, if it fits, counts it as working (so the
   * next check sees it). An entry already tracked (the same orderRef sent again) is admitted
   * without counting twice: the broker behind answers DUPLICATE.
   */
  public synchronized Admission admitEntry(OrderRequest request) {
    if (orders.containsKey(request.ref())) {
      return Admission.ADMITTED;
    }
    String refusal = refusalOf(request);
    if (refusal != null) {
      return new Admission(false, refusal);
    }
    reserve(request);
    return Admission.ADMITTED;
  }

  /** Records an exit the gate sends (never refused), so its fills move the position. */
  public synchronized void exitSent(OrderRequest request) {
    if (orders.size() < ORDERS_MAX && !orders.containsKey(request.ref())) {
      orders.put(request.ref(), TrackedOrder.of(request, null));
    }
  }

  /** The broker behind did not take an order counted here: it no longer counts. */
  public synchronized void notSent(OrderRef ref) {
    figures.notSent(ref);
  }

  /** A status report: an order that ended unfilled no longer counts as working. */
  public synchronized void onOrderUpdate(OrderUpdate update) {
    OrderStatus status = update.status();
    if (status != OrderStatus.CANCELLED
        && status != OrderStatus.API_CANCELLED
        && status != OrderStatus.DENIED) {
      return; // FILLED waits for its fills; INACTIVE (held by IB) may still fill
    }
    figures.end(update.ref());
  }

  /**
   * One execution: moves both holders' positions, realizes P&amp;L on an exit, starts the stop-loss
   * cooldown on a stop's fill; answers the working entries to cancel when the fill brought a
   * holder's position on the symbol to its maximum. A replayed execution id changes nothing.
   */
  public List<Cancel> onFill(Fill fill) {
    List<Cancel> cancels = new ArrayList<>();
    List<LossLimitListener.Reached> told = new ArrayList<>(0);
    synchronized (this) {
      TrackedOrder order = figures.tracked(fill.orderRef());
      LocalDate today = tradingDay.today();
      if (order == null || !figures.count(order, fill, today, clock.millis())) {
        return List.of();
      }
      Exposure user = holders.user(order.owner);
      Exposure account = holders.account(order.account);
      LimitLayers now = layers;
      if (user != null) {
        RiskLimits userLimits = combined.forUser(now, order.owner);
        reached(userLimits, user, order.symbol, fill, cancels);
        LossLimitListener.Reached.collect(userLimits, user, today, told);
      }
      if (account != null) {
        reached(now.forAccount(order.account), account, order.symbol, fill, cancels);
        LossLimitListener.Reached.collect(now.forAccount(order.account), account, today, told);
      }
    }
    tell(told);
    return cancels;
  }

  /** A commission lowers both holders' realized P&amp;L of the day (once per execution id). */
  public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {
    List<LossLimitListener.Reached> told = new ArrayList<>(0);
    synchronized (this) {
      TrackedOrder order = figures.tracked(ref);
      LocalDate today = tradingDay.today();
      if (order == null || !figures.charge(order, executionId, commission, today)) {
        return;
      }
      LimitLayers now = layers; // collect skips a holder not counted here
      LossLimitListener.Reached.collect(
          combined.forUser(now, order.owner), holders.user(order.owner), today, told);
      LossLimitListener.Reached.collect(
          now.forAccount(order.account), holders.account(order.account), today, told);
    }
    tell(told);
  }

  /**
   * Replays what was recorded of resumed plans (after a restart or a take-over) through the same
   * counting as live reports: an order not tracked yet is tracked as if just let through (an
   * entry's shares as working); every execution is counted in time order, its P&amp;L for the
   * trading day it was made on and a stop's fill starting the cooldown from its time, with its
   * commission; an order that no longer works then ends as a cancel ends it. An order or an
   * execution counted here already (a user rebuilt on the member that ran it) counts once. Nothing
   * is cancelled and the {@link LossLimitListener} is not told (a switch it engaged was stored); a
   * holder past its maximum daily or cumulative loss counts as told, so a later fill does not tell
   * it again.
   *
   * @return null when every order was replayed, or why the figures are incomplete (a bound)
   */
  public String restore(List<RestoredOrder> restored) {
    synchronized (this) {
      String incomplete = figures.replay(restored, tradingDayZone);
      LocalDate today = tradingDay.today();
      List<LossLimitListener.Reached> notTold = new ArrayList<>(0);
      for (RestoredOrder r : restored) {
        TrackedOrder order = figures.tracked(r.request().ref());
        if (order != null) {
          LossLimitListener.Reached.collect(
              layers.forUser(order.owner), holders.user(order.owner), today, notTold);
          LossLimitListener.Reached.collect(
              layers.forAccount(order.account), holders.account(order.account), today, notTold);
        }
      }
      return incomplete;
    }
  }

  /**
   * From now on every entry of {@code owner} is refused with a reason naming {@code why}, until
   * {@link #figuresComplete}: the user's figures could not be rebuilt (fail closed). Exits are
   * never refused. Bounded by the users the caller holds.
   */
  public synchronized void refuseEntriesOf(String owner, String why) {
    holders.incomplete.put(owner, why);
  }

  /** The figures of {@code owner} are complete again: its entries are checked as usual. */
  public synchronized void figuresComplete(String owner) {
    holders.incomplete.remove(owner);
  }

  /**
   * What the store recorded as realized by {@code user}'s plans that the take-over did not replay
   * (its ended plans of earlier days): the start of the cumulative loss's figure. A user past its
   * maximum cumulative loss counts as told (the listener is not told again).
   */
  public synchronized void setRealizedEarlier(String user, BigDecimal realized) {
    Exposure holder = holders.admitUser(user);
    if (holder == null) {
      return; // at the bound: the user's entries are refused by it anyway
    }
    holder.realizedEarlier = Objects.requireNonNull(realized, "realized");
    LossLimitListener.Reached.collect(
        layers.forUser(user), holder, tradingDay.today(), new ArrayList<>(0));
  }

  /** The realized P&amp;L over every recorded trade of {@code user} as counted here. */
  public synchronized BigDecimal realizedCumulative(String user) {
    Exposure holder = holders.user(user);
    return holder == null ? BigDecimal.ZERO : holder.realizedCumulative();
  }

  /** The realized P&amp;L of today of {@code user} as counted here (zero when unknown). */
  public synchronized BigDecimal realizedToday(String user) {
    Exposure holder = holders.user(user);
    return holder == null ? BigDecimal.ZERO : holder.realized(tradingDay.today());
  }

  /** The position of {@code user} on {@code symbol} as counted here (signed shares). */
  public synchronized long position(String user, String symbol) {
    Exposure holder = holders.user(user);
    Exposure.Symbol s = holder == null ? null : holder.symbol(symbol);
    return s == null ? 0 : s.position;
  }

  /** How many orders are tracked (working, or exits waiting for fills). */
  public synchronized int trackedOrders() {
    return orders.size();
  }

  /** For sizing ({@link EntrySizing}): the room the user's and account's figures leave. */
  public synchronized List<EntrySizing.Cap> sizingRoom(
      String owner, String account, String symbol, boolean buy, BigDecimal price) {
    String acct = LimitLayers.accountOf(account);
    List<EntrySizing.Cap> caps = new ArrayList<>();
    SizingRoom.add(
        caps, layers.forUser(owner), holders.user(owner), "user", owner, symbol, buy, price);
    SizingRoom.add(
        caps, layers.forAccount(acct), holders.account(acct), "account", acct, symbol, buy, price);
    return caps;
  }

  // ---- the check (lock held) ----

  private String refusalOf(OrderRequest request) {
    LimitLayers now = layers;
    String owner = request.owner();
    String account = LimitLayers.accountOf(request.account());
    String symbol = request.instrument().symbol();
    RiskLimits order = combined.forOrder(now, account, owner, request.ref().planId());
    RiskLimits userLimits = combined.forUser(now, owner);
    RiskLimits accountLimits = now.forAccount(account);
    long quantity = request.quantity();
    boolean buy = request.action() == OrderAction.BUY;
    String incomplete = holders.incomplete.isEmpty() ? null : holders.incomplete.get(owner);
    if (incomplete != null) {
      return EntryChecks.figuresIncomplete(owner, incomplete);
    }
    String refusal = EntryChecks.orderQuantity(order.maxOrderQuantity(), quantity);
    if (refusal != null) {
      return refusal;
    }
    Exposure user = holders.admitUser(owner);
    Exposure acct = holders.admitAccount(account);
    if (user == null || acct == null) {
      return "the risk check tracks at most "
          + HOLDERS_MAX
          + " users and as many accounts: entry of "
          + (user == null ? "user " + owner : "account " + account)
          + " refused";
    }
    if (orders.size() >= ORDERS_MAX) {
      return "the risk check tracks at most " + ORDERS_MAX + " orders: entry refused";
    }
    long nowMillis = clock.millis();
    if (!Holders.hasRoom(user, symbol, nowMillis) || !Holders.hasRoom(acct, symbol, nowMillis)) {
      return "the risk check tracks at most "
          + Exposure.SYMBOLS_MAX
          + " symbols per user and per account: entry on "
          + symbol
          + " refused";
    }
    BigDecimal priced = request.limitPrice() != null ? request.limitPrice() : request.stopPrice();
    BigDecimal last = EntryChecks.needsLast(order) ? lastPrices.last(symbol) : null;
    BigDecimal unitPrice = priced != null ? priced : last;
    BigDecimal notional =
        unitPrice == null ? null : unitPrice.multiply(BigDecimal.valueOf(quantity), MONEY);
    if (notional == null && (order.maxOrderNotional() != null || order.maxOpenNotional() != null)) {
      return "no price known for "
          + symbol
          + " to value the entry against its notional limits: entry refused";
    }
    if (notional == null && order.priceTiers() != null) {
      return "no price known for " + symbol + " to find its price band's tier: entry refused";
    }
    if (notional != null) {
      refusal = EntryChecks.orderNotional(order.maxOrderNotional(), notional, symbol);
      if (refusal == null) {
        refusal = EntryChecks.priceTier(order.priceTiers(), unitPrice, quantity, symbol);
      }
      if (refusal != null) {
        return refusal;
      }
    }
    refusal =
        EntryChecks.priceCollar(
            order.priceCollarPercent(),
            order.priceCollarTicks(),
            priced,
            last,
            request.instrument().tickSize(),
            symbol);
    if (refusal != null) {
      return refusal;
    }
    LocalDate today = tradingDay.today();
    refusal = EntryChecks.dailyLoss(userLimits.maxDailyLoss(), user.realized(today), user);
    if (refusal == null) {
      refusal = EntryChecks.dailyLoss(accountLimits.maxDailyLoss(), acct.realized(today), acct);
    }
    if (refusal == null) {
      refusal =
          EntryChecks.cumulativeLoss(
              userLimits.maxCumulativeLoss(), user.realizedCumulative(), user);
    }
    if (refusal != null) {
      return refusal;
    }
    Exposure.Symbol mine = user.symbol(symbol);
    refusal = EntryChecks.cooldown(order.stopLossCooldownSeconds(), mine, nowMillis, symbol, user);
    if (refusal == null) {
      refusal = EntryChecks.stagger(order.entryStaggerMillis(), mine, nowMillis, symbol, user);
    }
    if (refusal != null) {
      return refusal;
    }
    refusal = EntryChecks.exposure(userLimits, user, symbol, buy, quantity, notional);
    if (refusal == null) {
      refusal = EntryChecks.exposure(accountLimits, acct, symbol, buy, quantity, notional);
    }
    if (refusal != null) {
      return refusal;
    }
    return rateRefusal(now.platform(), userLimits, accountLimits, user, acct);
  }

  /** Rates last, and tokens are taken only by {@link #reserve}: a refused entry uses none. */
  private String rateRefusal(
      RiskLimits platform,
      RiskLimits userLimits,
      RiskLimits accountLimits,
      Exposure user,
      Exposure account) {
    long nowNanos = nanoTime.getAsLong();
    String refusal = EntryRate.refusal(userLimits, user, "owner", nowNanos);
    if (refusal == null) {
      refusal = EntryRate.refusal(accountLimits, account, "account", nowNanos);
    }
    if (refusal != null) {
      return refusal;
    }
    platformRate =
        EntryRate.platformShare(
            platformRate, platform.platformOrdersPerSecond(), clusterMembers, nowNanos);
    return platformRate == null ? null : EntryRate.platformRefusal(platformRate, nowNanos);
  }

  private void reserve(OrderRequest request) {
    String account = LimitLayers.accountOf(request.account());
    String symbol = request.instrument().symbol();
    Exposure user = holders.user(request.owner());
    Exposure acct = holders.account(account);
    long nowNanos = nanoTime.getAsLong();
    EntryRate.takeFrom(user.rate, nowNanos);
    EntryRate.takeFrom(acct.rate, nowNanos);
    EntryRate.takeFrom(platformRate, nowNanos);
    BigDecimal priced = request.limitPrice() != null ? request.limitPrice() : request.stopPrice();
    BigDecimal unitPrice = priced != null ? priced : lastPrices.last(symbol);
    TrackedOrder order = TrackedOrder.of(request, unitPrice);
    orders.put(request.ref(), order);
    BigDecimal notional = order.notionalOf(order.quantity);
    long nowMillis = clock.millis();
    user.entrySent(symbol, order.ref, order.buy, order.quantity, notional).lastEntryMillis =
        nowMillis;
    acct.entrySent(symbol, order.ref, order.buy, order.quantity, notional).lastEntryMillis =
        nowMillis;
  }

  private void reached(
      RiskLimits limits, Exposure holder, String symbol, Fill fill, List<Cancel> cancels) {
    Long max = limits.maxPositionPerSymbol();
    Exposure.Symbol s = holder.symbol(symbol);
    if (max == null || s == null || Math.abs(s.position) < max || s.workingEntries.isEmpty()) {
      return;
    }
    Set<OrderRef> already = new HashSet<>();
    cancels.forEach(c -> already.add(c.ref()));
    for (OrderRef ref : s.workingEntries) {
      if (!already.contains(ref)) {
        cancels.add(
            new Cancel(ref, EntryChecks.reachedByFill(max, holder, symbol, fill, s.position)));
      }
    }
  }

  private void tell(List<LossLimitListener.Reached> told) {
    LossLimitListener listener = lossListener;
    told.forEach(listener::lossLimitReached);
  }
}
