package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.store.AdminAuditLog;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeStore;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The checks that watch the whole book rather than one plan's rules, wired to each other: the loss
 * limits that engage the kill switch ({@link LossLimitKillSwitch}), the symbols that stop ticking
 * ({@link StaleMarketData}) and the automatic kill-switch triggers on them and on a store that
 * cannot drain ({@link AutoKillTriggers}), the loss-per-trade and holding-time limits that flatten
 * a trade ({@link TradeLimitWatch}), the shadow what-if checks of live exits ({@link ShadowWhatIf})
 * and the portfolio risk rebalancer ({@link RiskRebalancer}). Each check's work is in its own
 * class; this one only builds them and says when they run.
 *
 * <p>{@link #everySecond} and {@link #rebalance} run on the platform's timer ({@link
 * PlatformTimers}); the hand-offs to {@code timer} (a loss limit reached, a store that cannot
 * drain) come from the broker's and the writer's threads. A check that throws in {@link
 * #everySecond} stops that second's remaining checks only: the timer logs it and runs them again
 * the next second. Nothing here sends an order itself: the flattens go through the engine, the
 * switches through the {@link KillSwitch}.
 */
final class PortfolioWatch {
  private final KillSwitch killSwitch;
  private final StaleMarketData staleTicks;
  private final AutoKillTriggers autoKill;
  private final TradeLimitWatch tradeLimits;
  private final ShadowWhatIf shadowWhatIf;
  private final RiskRebalancer rebalancer;
  private final boolean whatIfChecks;

  /**
   * Builds the checks and sets the loss-limit listener of {@code riskLimits}. {@code timer} is read
   * only when a limit is reached or the store cannot drain: before it runs, that is alerted as not
   * engaged, as while closing.
   */
  PortfolioWatch(
      PlatformConfig config,
      PlatformParts parts,
      Executor timer,
      Supplier<LaneEngine> engine,
      MongoConfig.MongoConnection conn,
      String defaultAccount) {
    this.killSwitch = parts.killSwitch();
    this.whatIfChecks = config.portfolioChecks().whatIfChecks();
    RiskLimitsService riskLimits = parts.riskLimits();
    Alerts alerts = parts.alerts();
    PlanReads reads = parts.reads();
    MarketDataHub marketData = parts.marketData();
    riskLimits
        .entryLimits()
        .setLossLimitListener(new LossLimitKillSwitch(killSwitch, timer, alerts));
    this.staleTicks =
        new StaleMarketData(marketData, reads, alerts, config.clock(), config.marketDataWatch());
    this.autoKill = new AutoKillTriggers(killSwitch, timer, alerts, config.killSwitchTriggers());
    TradeStore store = parts.store();
    this.tradeLimits =
        new TradeLimitWatch(
            reads,
            riskLimits::layers,
            engine,
            planId -> store.history(planId).stream().map(r -> r.event()).toList(),
            config.clock());
    IbBroker broker = parts.broker();
    this.shadowWhatIf =
        new ShadowWhatIf(
            reads::monitoredPlans,
            marketData::lastPrice,
            broker::askWhatIf,
            alerts,
            config.clock());
    AdminAuditLog audit = new AdminAuditLog(conn);
    this.rebalancer =
        new RiskRebalancer(
            () -> reads.monitoredPlans().values().stream().map(reads::view).toList(),
            account ->
                riskLimits.layers().platform().tightenedBy(riskLimits.layers().forAccount(account)),
            defaultAccount,
            config.portfolioChecks().overThreshold(),
            alerts,
            (action, details) ->
                audit.record("rebalancer", action, "account:" + details.get("account"), details),
            config.clock());
  }

  /**
   * The one-second checks, in this order: the kill switch's store rule ({@link
   * KillSwitch#reassess}) and its sync with the switches other members stored ({@link
   * KillSwitch#syncFromStore}), the symbols without ticks and their kill-switch trigger, the limits
   * that exit a trade, and (when configured) the shadow what-if checks.
   */
  void everySecond() {
    killSwitch.reassess();
    killSwitch.syncFromStore(true);
    staleTicks.check();
    autoKill.checkMarketData(staleTicks.staleSymbols());
    tradeLimits.check();
    if (whatIfChecks) {
      shadowWhatIf.run();
    }
  }

  /** One run of the portfolio risk rebalancer (every {@code rebalanceEvery}). */
  void rebalance() {
    rebalancer.run();
  }

  /** A store write keeps failing (the writer's thread): the store-down trigger. */
  void storeCannotDrain(String planId, int attempts, Throwable lastError) {
    autoKill.storeCannotDrain(planId, attempts, lastError);
  }

  /** The symbols that stopped ticking, for the health view. */
  StaleMarketData staleTicks() {
    return staleTicks;
  }

  /** The limits that exit a trade, for tests that run their check on demand. */
  TradeLimitWatch tradeLimits() {
    return tradeLimits;
  }

  ShadowWhatIf shadowWhatIf() {
    return shadowWhatIf;
  }

  RiskRebalancer rebalancer() {
    return rebalancer;
  }
}
