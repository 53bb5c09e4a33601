package com.tradeplan.runtime;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.account.AccountBook;
import com.tradeplan.runtime.account.AccountSummary;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The portfolio risk rebalancer (issue 14, point 6; docs/risk.md, "Portfolio risk rebalancer"):
 * every {@code TRADEPLAN_RISK_REBALANCE_SECONDS} it evaluates, per IB account, the <b>open risk</b>
 * (the sum over the account's live plans of position times the distance from the last price to the
 * active stop, {@link AccountBook#planRisk}; shares without an active stop count their whole value)
 * and the <b>gross exposure</b> (the sum of position times last price) against the account's
 * thresholds {@code maxOpenRisk} and {@code maxGrossExposure} (risk limits data: the ACCOUNT layer,
 * or the PLATFORM layer as every account's default; the tighter when both are set). An account over
 * a threshold has its new entries blocked, or throttled to one every {@link #THROTTLE_SPACING}
 * (configured), through the {@link RiskGate}'s account guard; that is alerted ({@code
 * RISK_THRESHOLD_EXCEEDED}) and audited ({@code rebalancer.restrict}); under both again, the
 * restriction is lifted, alerted ({@code RISK_THRESHOLD_CLEARED}) and audited ({@code
 * rebalancer.lift}). Exits and cancels are never touched.
 *
 * <p>{@link #run} runs on the platform's timer; {@link #refusal} on the lanes' threads for every
 * entry (a map lookup). Figures are those of the plans this member monitors (as every figure of the
 * risk check: per member). What it keeps is bounded by the accounts with live plans here and those
 * restricted. The audit is written on the timer; a store that does not answer is logged, never
 * delays the restriction.
 */
public final class RiskRebalancer implements RiskGate.AccountEntryGuard {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RiskRebalancer.class);

  /** What an account over a threshold gets. */
  public enum Action {
    /** No new entry until it is under again. */
    BLOCK,
    /** At most one new entry every {@link #THROTTLE_SPACING}. */
    THROTTLE
  }

  /** The least time between two entries of a throttled account. */
  public static final Duration THROTTLE_SPACING = Duration.ofSeconds(10);

  /**
   * One account's figures at the last evaluation.
   *
   * @param openRisk what its live plans can still lose to their active stops from the last price
   * @param grossExposure the value of its live positions at the last price
   * @param maxOpenRisk its threshold of open risk (null: none)
   * @param maxGrossExposure its threshold of gross exposure (null: none)
   * @param over which threshold it is over, in words; null when under both
   * @param since when it went over (null: under)
   * @param evaluatedAt when these figures were taken
   */
  public record AccountRisk(
      String account,
      BigDecimal openRisk,
      BigDecimal grossExposure,
      BigDecimal maxOpenRisk,
      BigDecimal maxGrossExposure,
      String over,
      Instant since,
      Instant evaluatedAt) {}

  private final Supplier<Collection<PlanView>> livePlans;
  private final Function<String, RiskLimits> thresholds;
  private final String defaultAccount;
  private final Action action;
  private final Alerts alerts;
  private final BiConsumer<String, Map<String, Object>> audit;
  private final Clock clock;
  private final Map<String, AccountRisk> accounts = new ConcurrentHashMap<>();
  // The last entry a throttled account was let through; guarded by itself.
  private final Map<String, Instant> lastThrottledEntry = new HashMap<>();

  /**
   * @param thresholds an account's combined thresholds ({@code maxOpenRisk}, {@code
   *     maxGrossExposure})
   * @param defaultAccount the account of a plan or an order without one
   * @param audit writes one audit entry: action and details (target: the account)
   */
  RiskRebalancer(
      Supplier<Collection<PlanView>> livePlans,
      Function<String, RiskLimits> thresholds,
      String defaultAccount,
      Action action,
      Alerts alerts,
      BiConsumer<String, Map<String, Object>> audit,
      Clock clock) {
    this.livePlans = livePlans;
    this.thresholds = thresholds;
    this.defaultAccount =
        defaultAccount == null || defaultAccount.isBlank() ? "default" : defaultAccount;
    this.action = action;
    this.alerts = alerts;
    this.audit = audit;
    this.clock = clock;
  }

  /** The last evaluation, by account. */
  public Map<String, AccountRisk> accounts() {
    return new TreeMap<>(accounts);
  }

  /** Evaluates every account now: restricts those over a threshold, lifts those under again. */
  public synchronized void run() {
    Instant now = clock.instant();
    Map<String, BigDecimal[]> figures = new HashMap<>();
    for (PlanView v : livePlans.get()) {
      PlanSnapshot s = v.snapshot();
      if (s.position() <= 0 || !s.status().isLive()) {
        continue;
      }
      String account = s.account() == null ? defaultAccount : s.account();
      BigDecimal[] f = figures.computeIfAbsent(account, a -> zeros());
      AccountSummary.PlanRisk r = AccountBook.planRisk(v);
      BigDecimal value =
          r.referencePrice().multiply(BigDecimal.valueOf(s.position())); // last, else average entry
      f[0] = f[0].add(r.positionRisk() == null ? value : r.positionRisk());
      f[1] = f[1].add(value);
    }
    Map<String, BigDecimal[]> all = new LinkedHashMap<>(figures);
    accounts.keySet().forEach(a -> all.putIfAbsent(a, zeros()));
    for (Map.Entry<String, BigDecimal[]> e : all.entrySet()) {
      evaluate(e.getKey(), e.getValue()[0], e.getValue()[1], now);
    }
    accounts.keySet().removeIf(a -> !figures.containsKey(a) && accounts.get(a).over() == null);
  }

  private void evaluate(String account, BigDecimal openRisk, BigDecimal gross, Instant now) {
    RiskLimits t = thresholds.apply(account);
    BigDecimal maxRisk = t == null ? null : t.maxOpenRisk();
    BigDecimal maxGross = t == null ? null : t.maxGrossExposure();
    String over = null;
    if (maxRisk != null && openRisk.compareTo(maxRisk) > 0) {
      over =
          "open risk "
              + openRisk.toPlainString()
              + " over its threshold "
              + maxRisk.toPlainString();
    } else if (maxGross != null && gross.compareTo(maxGross) > 0) {
      over =
          "gross exposure "
              + gross.toPlainString()
              + " over its threshold "
              + maxGross.toPlainString();
    }
    AccountRisk before = accounts.get(account);
    boolean wasOver = before != null && before.over() != null;
    Instant since = over == null ? null : wasOver ? before.since() : now;
    accounts.put(
        account, new AccountRisk(account, openRisk, gross, maxRisk, maxGross, over, since, now));
    if (over != null && !wasOver) {
      alerts.alert(
          "RISK_THRESHOLD_EXCEEDED",
          "account " + account + ": " + over + ": new entries " + restrictionWords());
      record("rebalancer.restrict", account, openRisk, gross, over);
    } else if (over == null && wasOver) {
      synchronized (lastThrottledEntry) {
        lastThrottledEntry.remove(account);
      }
      alerts.alert(
          "RISK_THRESHOLD_CLEARED",
          "account "
              + account
              + ": open risk "
              + openRisk.toPlainString()
              + " and gross exposure "
              + gross.toPlainString()
              + " within their thresholds again: new entries go as usual");
      record("rebalancer.lift", account, openRisk, gross, before.over());
    }
  }

  private void record(
      String what, String account, BigDecimal openRisk, BigDecimal gross, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("account", account);
    details.put("openRisk", openRisk.toPlainString());
    details.put("grossExposure", gross.toPlainString());
    details.put("reason", reason);
    details.put("action", action.name());
    try {
      audit.accept(what, details);
    } catch (RuntimeException e) {
      LOG.error("{} of account {} in force, not audited", what, account, e);
    }
  }

  private String restrictionWords() {
    return action == Action.BLOCK
        ? "are blocked until it is under again; exits pass"
        : "are throttled to one every "
            + THROTTLE_SPACING.toSeconds()
            + " s until it is under again; exits pass";
  }

  @Override
  public String refusal(String account) {
    String key = account == null ? defaultAccount : account;
    AccountRisk r = accounts.get(key);
    if (r == null || r.over() == null) {
      return null;
    }
    if (action == Action.THROTTLE) {
      Instant now = clock.instant();
      synchronized (lastThrottledEntry) {
        Instant last = lastThrottledEntry.get(key);
        if (last == null || !now.isBefore(last.plus(THROTTLE_SPACING))) {
          lastThrottledEntry.put(key, now);
          return null;
        }
      }
    }
    return "portfolio risk rebalancer: account "
        + key
        + " has its "
        + r.over()
        + " (since "
        + r.since()
        + "): new entries "
        + restrictionWords();
  }

  private static BigDecimal[] zeros() {
    return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO};
  }
}
