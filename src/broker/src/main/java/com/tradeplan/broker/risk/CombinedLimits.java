package com.tradeplan.broker.risk;

import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import java.util.HashMap;
import java.util.Map;

/**
 * The combined limits a check reads ({@link LimitLayers#forOrder}, {@link LimitLayers#forUser}),
 * kept for the layers in force so that an entry does not rebuild them: each combination is a new
 * {@link RiskLimits} (about 200 bytes with its builder), and an entry of a user on an account with
 * its own layer needed one every time. The answers are those of {@link LimitLayers}, combined in
 * the same order (platform, account, user, plan); what is kept is dropped whole when other layers
 * come into force. A plan's own layer (rare: a PLAN layer) is applied on each call, not kept.
 *
 * <p>Bounded: at most {@link #KEPT_MAX} combinations; at the bound everything kept is dropped and
 * built again as entries come. Not thread-safe: used under {@link EntryLimits}' lock.
 */
final class CombinedLimits {
  static final int KEPT_MAX = 100_000;

  private LimitLayers layers;

  /** Per account: the platform tightened by the account's layer (forOrder's first step). */
  private final Map<String, RiskLimits> orderBaseByAccount = new HashMap<>();

  /** Per account, per user with a layer of its own: that base tightened by the user's layer. */
  private final Map<String, Map<String, RiskLimits>> orderByAccountUser = new HashMap<>();

  /** Per user with a layer of its own: the platform tightened by it. */
  private final Map<String, RiskLimits> userLimits = new HashMap<>();

  private int kept;

  /** {@code layers.forOrder(account, user, planId)}. */
  RiskLimits forOrder(LimitLayers layers, String account, String user, String planId) {
    use(layers);
    String acct = LimitLayers.accountOf(account);
    RiskLimits base = orderBaseByAccount.get(acct);
    if (base == null) {
      base = layers.platform().tightenedBy(layers.layer(LimitScope.ACCOUNT, acct));
      keep(orderBaseByAccount, acct, base);
    }
    RiskLimits combined = base;
    RiskLimits userLayer = layers.layer(LimitScope.USER, user);
    if (userLayer != RiskLimits.NONE) {
      Map<String, RiskLimits> byUser = orderByAccountUser.get(acct);
      combined = byUser == null ? null : byUser.get(user);
      if (combined == null) {
        combined = base.tightenedBy(userLayer);
        if (byUser == null) {
          byUser = new HashMap<>();
          orderByAccountUser.put(acct, byUser);
        }
        keep(byUser, user, combined);
      }
    }
    return planId == null ? combined : combined.tightenedBy(layers.layer(LimitScope.PLAN, planId));
  }

  /** {@code layers.forUser(user)}. */
  RiskLimits forUser(LimitLayers layers, String user) {
    use(layers);
    RiskLimits userLayer = layers.layer(LimitScope.USER, user);
    if (userLayer == RiskLimits.NONE) {
      return layers.platform();
    }
    RiskLimits combined = userLimits.get(user);
    if (combined == null) {
      combined = layers.platform().tightenedBy(userLayer);
      keep(userLimits, user, combined);
    }
    return combined;
  }

  private void use(LimitLayers now) {
    if (now != layers) {
      forget();
      layers = now;
    }
  }

  private void keep(Map<String, RiskLimits> map, String key, RiskLimits limits) {
    if (kept >= KEPT_MAX) {
      forget(); // the next calls build them again
      return;
    }
    map.put(key, limits);
    kept++;
  }

  private void forget() {
    orderBaseByAccount.clear();
    orderByAccountUser.clear();
    userLimits.clear();
    kept = 0;
  }
}
