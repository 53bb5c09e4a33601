package com.tradeplan.broker.risk;

import com.tradeplan.domain.order.OrderRef;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one holder (a user or an account) has on: per symbol the signed position, its average entry
 * price and the working entries; in total the positions, the working entries and the open notional;
 * the realized P&amp;L of the trading day; the entry rate. Updated incrementally by {@link
 * EntryLimits} (under its lock) from every entry sent, every status report and every fill, so a
 * check reads a few fields instead of scanning plans. Not thread-safe.
 *
 * <p>Bounded: at most {@link #SYMBOLS_MAX} symbols. At the bound the idle ones (flat, nothing
 * working, no entry or stop-out within a day) are swept; if it is still full, an entry on one more
 * symbol is refused by the check, naming the bound. A fill is always counted: its order's symbol
 * was admitted when the order was sent, and is not idle while it works.
 */
final class Exposure {
  /** Symbols one holder may hold or work at once; an entry on one more is refused. */
  static final int SYMBOLS_MAX = 5_000;

  /** The longest cooldown or stagger a layer may set: a day (validated by the layers). */
  static final long TIMED_MILLIS_MAX = 86_400_000L;

  private static final MathContext MONEY = MathContext.DECIMAL128;

  final String kind; // "user" or "account", for the refusals' wording
  final String name;
  final Map<String, Symbol> bySymbol = new HashMap<>();
  long positionsTotal; // sum over symbols of |position|
  long workingTotal; // sum over symbols of working entry shares
  BigDecimal positionsNotional = BigDecimal.ZERO; // sum of |position| x average entry price
  BigDecimal workingNotional = BigDecimal.ZERO;
  LocalDate pnlDay;
  BigDecimal realizedToday = BigDecimal.ZERO;
  boolean dailyLossReported;
  // The realized P&L of every trade: what the store recorded of plans not replayed here (set at a
  // take-over), plus every fill and commission counted here, whatever its day.
  BigDecimal realizedEarlier = BigDecimal.ZERO;
  BigDecimal realizedCounted = BigDecimal.ZERO;
  boolean cumulativeLossReported;
  EntryRate rate;

  Exposure(String kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  /** One symbol of the holder. */
  static final class Symbol {
    long position; // signed: long > 0, short < 0
    BigDecimal averagePrice = BigDecimal.ZERO; // of the open position
    long workingBuy;
    long workingSell;
    long lastEntryMillis = Long.MIN_VALUE;
    long stoppedOutMillis = Long.MIN_VALUE;
    final Set<OrderRef> workingEntries = new LinkedHashSet<>();

    BigDecimal positionNotional() {
      return averagePrice.multiply(BigDecimal.valueOf(Math.abs(position)), MONEY);
    }

    /** Flat, nothing working, and no entry or stop-out a cooldown or stagger could still see. */
    boolean idle(long nowMillis) {
      return position == 0
          && workingEntries.isEmpty()
          && workingBuy == 0
          && workingSell == 0
          && (lastEntryMillis == Long.MIN_VALUE || nowMillis - lastEntryMillis > TIMED_MILLIS_MAX)
          && (stoppedOutMillis == Long.MIN_VALUE
              || nowMillis - stoppedOutMillis > TIMED_MILLIS_MAX);
    }
  }

  Symbol symbol(String symbol) {
    return bySymbol.get(symbol);
  }

  Symbol symbolOrNew(String symbol) {
    return bySymbol.computeIfAbsent(symbol, s -> new Symbol());
  }

  /** The realized P&amp;L of {@code today} (a new day starts from zero). */
  BigDecimal realized(LocalDate today) {
    rollDay(today);
    return realizedToday;
  }

  /** The realized P&amp;L over every recorded trade (the cumulative loss limit's figure). */
  BigDecimal realizedCumulative() {
    return MoneySums.add(realizedEarlier, realizedCounted);
  }

  /**
   * Moves the day counted to {@code day} when it is later (a new day starts from zero); answers
   * whether {@code day} is the day counted. Days only move forward: a fill of an earlier day,
   * replayed after a restart ({@link EntryLimits#restore}), moves the position and realizes nothing
   * today, whatever order the replay meets the days in.
   */
  boolean rollDay(LocalDate day) {
    if (pnlDay == null || day.isAfter(pnlDay)) {
      pnlDay = day;
      realizedToday = BigDecimal.ZERO;
      dailyLossReported = false;
    }
    return day.equals(pnlDay);
  }

  /** An entry was let through: its shares and value now count as working. Answers its symbol. */
  Symbol entrySent(String symbol, OrderRef ref, boolean buy, long shares, BigDecimal notional) {
    Symbol s = symbolOrNew(symbol);
    if (buy) {
      s.workingBuy += shares;
    } else {
      s.workingSell += shares;
    }
    s.workingEntries.add(ref);
    workingTotal += shares;
    workingNotional = MoneySums.add(workingNotional, notional);
    return s;
  }

  /** Shares of a working entry no longer working (filled, cancelled, refused). */
  void entryReleased(String symbol, boolean buy, long shares, BigDecimal notional) {
    Symbol s = bySymbol.get(symbol);
    if (s == null) {
      return;
    }
    if (buy) {
      s.workingBuy -= shares;
    } else {
      s.workingSell -= shares;
    }
    workingTotal -= shares;
    workingNotional = MoneySums.subtract(workingNotional, notional);
  }

  /** An entry no longer works (filled, ended or refused): a fill cannot make it too many. */
  void entryEnded(String symbol, OrderRef ref) {
    Symbol s = bySymbol.get(symbol);
    if (s != null) {
      s.workingEntries.remove(ref);
    }
  }

  /**
   * A fill moved the position of {@code symbol} by {@code signedShares} at {@code price}: the
   * average entry price follows an increase; a decrease realizes P&amp;L at that average, counted
   * for {@code day} (the trading day of the fill).
   */
  void filled(String symbol, long signedShares, BigDecimal price, LocalDate day) {
    Symbol s = symbolOrNew(symbol);
    long before = s.position;
    BigDecimal notionalBefore = s.positionNotional();
    long after = before + signedShares;
    if (before == 0 || Long.signum(before) == Long.signum(signedShares)) {
      BigDecimal cost =
          MoneySums.add(
              s.averagePrice.multiply(BigDecimal.valueOf(Math.abs(before)), MONEY),
              price.multiply(BigDecimal.valueOf(Math.abs(signedShares)), MONEY));
      s.averagePrice = cost.divide(BigDecimal.valueOf(Math.abs(after)), MONEY);
    } else {
      long closed = Math.min(Math.abs(before), Math.abs(signedShares));
      BigDecimal perShare =
          before > 0 ? price.subtract(s.averagePrice) : s.averagePrice.subtract(price);
      BigDecimal pnl = perShare.multiply(BigDecimal.valueOf(closed), MONEY);
      realizedCounted = MoneySums.add(realizedCounted, pnl);
      if (rollDay(day)) {
        realizedToday = MoneySums.add(realizedToday, pnl);
      }
      if (after == 0) {
        s.averagePrice = BigDecimal.ZERO;
      } else if (Long.signum(after) != Long.signum(before)) {
        s.averagePrice = price; // went through zero: the rest opened at this price
      }
    }
    s.position = after;
    positionsTotal += Math.abs(after) - Math.abs(before);
    positionsNotional =
        MoneySums.subtract(MoneySums.add(positionsNotional, s.positionNotional()), notionalBefore);
  }

  /** A commission of an execution made on {@code day} lowers that day's realized P&amp;L. */
  void charged(BigDecimal commission, LocalDate day) {
    realizedCounted = MoneySums.subtract(realizedCounted, commission);
    if (rollDay(day)) {
      realizedToday = MoneySums.subtract(realizedToday, commission);
    }
  }

  /**
   * Forgets the symbols with nothing on them (flat, nothing working, no entry or stop-out within a
   * day); called when the map is full. Returns whether there is room for one more.
   */
  boolean sweepIdle(long nowMillis) {
    bySymbol.values().removeIf(s -> s.idle(nowMillis));
    return bySymbol.size() < SYMBOLS_MAX;
  }
}
