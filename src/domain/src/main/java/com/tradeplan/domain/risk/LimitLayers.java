package com.tradeplan.domain.risk;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every layer's limits at one moment, immutable: a change makes a new {@code LimitLayers} (changes
 * are rare: an operator's edit), so readers on any thread see one consistent picture without a
 * lock. The combination rule is one: the tightest value any applicable layer sets holds.
 *
 * <ul>
 *   <li>a user's aggregates (positions, open notional, daily loss, rate, open plans): PLATFORM
 *       tightened by USER ({@link #forUser});
 *   <li>an account's aggregates: the ACCOUNT layer only ({@link #forAccount}: the platform's values
 *       are per-user defaults);
 *   <li>one order (quantity, notional, collar, cooldown, stagger): every layer of the order ({@link
 *       #forOrder}).
 * </ul>
 */
public final class LimitLayers {
  /** The account id of an order that names none: the connection's default account. */
  public static final String DEFAULT_ACCOUNT = "default";

  private final RiskLimits platform;
  private final Map<String, RiskLimits> accounts;
  private final Map<String, RiskLimits> users;
  private final Map<String, RiskLimits> plans;

  private LimitLayers(
      RiskLimits platform,
      Map<String, RiskLimits> accounts,
      Map<String, RiskLimits> users,
      Map<String, RiskLimits> plans) {
    this.platform = platform;
    this.accounts = accounts;
    this.users = users;
    this.plans = plans;
  }

  /** Only the platform's layer. */
  public static LimitLayers of(RiskLimits platform) {
    return new LimitLayers(Objects.requireNonNull(platform), Map.of(), Map.of(), Map.of());
  }

  /** The platform's layer and every other layer's version in force (a PLATFORM one is ignored). */
  public static LimitLayers of(RiskLimits platform, Collection<LimitSetVersion> layers) {
    Map<LimitScope, Map<String, RiskLimits>> by = new EnumMap<>(LimitScope.class);
    for (LimitScope scope : LimitScope.values()) {
      by.put(scope, new HashMap<>());
    }
    for (LimitSetVersion v : layers) {
      String id = v.scope() == LimitScope.ACCOUNT ? accountOf(v.scopeId()) : v.scopeId();
      if (!v.limits().setFields().isEmpty()) {
        by.get(v.scope()).put(id, v.limits());
      }
    }
    return new LimitLayers(
        Objects.requireNonNull(platform),
        Map.copyOf(by.get(LimitScope.ACCOUNT)),
        Map.copyOf(by.get(LimitScope.USER)),
        Map.copyOf(by.get(LimitScope.PLAN)));
  }

  /** The account an order is for: its own, or {@link #DEFAULT_ACCOUNT} when it names none. */
  public static String accountOf(String account) {
    return account == null || account.isBlank() ? DEFAULT_ACCOUNT : account;
  }

  /** These layers with {@code scope}/{@code id} set to {@code limits} (NONE removes the layer). */
  public LimitLayers with(LimitScope scope, String id, RiskLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return switch (scope) {
      case PLATFORM -> new LimitLayers(limits, accounts, users, plans);
      case ACCOUNT -> new LimitLayers(platform, put(accounts, accountOf(id), limits), users, plans);
      case USER -> new LimitLayers(platform, accounts, put(users, id, limits), plans);
      case PLAN -> new LimitLayers(platform, accounts, users, put(plans, id, limits));
    };
  }

  /** What one layer itself sets ({@link RiskLimits#NONE} when nothing). */
  public RiskLimits layer(LimitScope scope, String id) {
    RiskLimits own =
        switch (scope) {
          case PLATFORM -> platform;
          case ACCOUNT -> accounts.get(accountOf(id));
          case USER -> users.get(id);
          case PLAN -> plans.get(id);
        };
    return own == null ? RiskLimits.NONE : own;
  }

  public RiskLimits platform() {
    return platform;
  }

  /** The limits on {@code user}'s aggregates. */
  public RiskLimits forUser(String user) {
    return platform.tightenedBy(users.get(user));
  }

  /**
   * The limits on {@code account}'s aggregates (null: the default account): the ACCOUNT layer's
   * own. The PLATFORM layer's values are each user's defaults, not each account's: an account is
   * shared by its users (an advisor's master by its sub-accounts' traders), so a per-user default
   * would be far too tight for it.
   */
  public RiskLimits forAccount(String account) {
    RiskLimits own = accounts.get(accountOf(account));
    return own == null ? RiskLimits.NONE : own;
  }

  /** The limits of one order: every layer it belongs to, tightest wins. */
  public RiskLimits forOrder(String account, String user, String planId) {
    return platform
        .tightenedBy(accounts.get(accountOf(account)))
        .tightenedBy(users.get(user))
        .tightenedBy(planId == null ? null : plans.get(planId));
  }

  /** How many PLAN layers are set (they are bounded by whoever stores them). */
  public int planLayers() {
    return plans.size();
  }

  private static Map<String, RiskLimits> put(
      Map<String, RiskLimits> map, String id, RiskLimits limits) {
    Objects.requireNonNull(id, "id");
    Map<String, RiskLimits> copy = new HashMap<>(map);
    if (limits.setFields().isEmpty()) {
      copy.remove(id);
    } else {
      copy.put(id, limits);
    }
    return Map.copyOf(copy);
  }
}
