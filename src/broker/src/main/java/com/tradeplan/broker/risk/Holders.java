package com.tradeplan.broker.risk;

import com.tradeplan.domain.risk.LimitLayers;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users and accounts the risk check counts for, each an {@link Exposure}, and what an order
 * does to both of its holders. Bounded: at most {@link EntryLimits#HOLDERS_MAX} users and as many
 * accounts; {@link #admit} answers null past it and the check refuses the entry, naming the bound.
 * Not thread-safe: used under {@link EntryLimits}' lock.
 */
final class Holders {
  private final Map<String, Exposure> users = new HashMap<>();
  private final Map<String, Exposure> accounts = new HashMap<>();

  /**
   * Users whose figures are not complete (not rebuilt after a take-over), with why: their entries
   * are refused. Bounded by the users the runtime holds, which it clears at release.
   */
  final Map<String, String> incomplete = new HashMap<>();

  Exposure user(String name) {
    return users.get(name);
  }

  Exposure account(String name) {
    return accounts.get(name);
  }

  /** The user's exposure, made if new, or null when the bound is reached. */
  Exposure admitUser(String name) {
    return admit(users, "user", name);
  }

  /** The account's exposure, made if new, or null when the bound is reached. */
  Exposure admitAccount(String name) {
    return admit(accounts, "account", name);
  }

  /** Both holders of an order: its user and its account (either may be null if never admitted). */
  Exposure[] of(TrackedOrder order) {
    return new Exposure[] {users.get(order.owner), accounts.get(order.account)};
  }

  /** {@code shares} of a working entry stop working for both its holders. */
  void release(TrackedOrder order, long shares) {
    if (shares <= 0) {
      return;
    }
    BigDecimal notional = order.notionalOf(shares);
    Exposure user = users.get(order.owner);
    Exposure account = accounts.get(order.account);
    if (user != null) {
      user.entryReleased(order.symbol, order.buy, shares, notional);
    }
    if (account != null) {
      account.entryReleased(order.symbol, order.buy, shares, notional);
    }
  }

  /** An entry no longer works at all: no fill can make it too many. */
  void ended(TrackedOrder order) {
    Exposure user = users.get(order.owner);
    Exposure account = accounts.get(order.account);
    if (user != null) {
      user.entryEnded(order.symbol, order.ref);
    }
    if (account != null) {
      account.entryEnded(order.symbol, order.ref);
    }
  }

  /**
   * Adds to {@code out} every loss limit of {@code layers} that a user or an account counted here
   * has already reached and was not told of, marked {@link LossLimitListener.Reached#lowered}: a
   * change of the limits put it at or under the loss already made. One pass over the holders (at
   * most {@link EntryLimits#HOLDERS_MAX} of each), on a change of the limits only.
   */
  void lossLimitsAlreadyReached(
      LimitLayers layers, LocalDate today, List<LossLimitListener.Reached> out) {
    users.forEach(
        (name, user) ->
            LossLimitListener.Reached.collect(layers.forUser(name), user, today, true, out));
    accounts.forEach(
        (name, account) ->
            LossLimitListener.Reached.collect(layers.forAccount(name), account, today, true, out));
  }

  /**
   * True when {@code holder} holds {@code symbol} or has room for it (after sweeping idle ones).
   */
  static boolean hasRoom(Exposure holder, String symbol, long nowMillis) {
    return holder.bySymbol.containsKey(symbol)
        || holder.bySymbol.size() < Exposure.SYMBOLS_MAX
        || holder.sweepIdle(nowMillis);
  }

  private static Exposure admit(Map<String, Exposure> map, String kind, String name) {
    Exposure holder = map.get(name);
    if (holder == null && map.size() < EntryLimits.HOLDERS_MAX) {
      holder = new Exposure(kind, name);
      map.put(name, holder);
    }
    return holder;
  }
}
