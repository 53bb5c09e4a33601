package com.tradeplan.runtime;

import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.domain.plan.MarketHours;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.store.MongoConfig;
import java.util.function.Supplier;

/**
 * The trader's and the operator's side of one platform, wired: which IB account each user trades
 * ({@link UserAccounts}), the drafts and their activation ({@link DraftPlans}), the commands to
 * live plans ({@link PlanCommands}, forwarded to the member that runs the plan), the {@link
 * TradingService} over them, and the operators' adopt and flatten of a reconciliation difference
 * ({@link PositionActions}). Each part's work is in its own class; this record only binds them to
 * each other and to the platform's parts. Built once by {@link Platform}, after the engine.
 */
record TraderSide(
    UserAccounts accounts,
    PlanCommands commands,
    TradingService service,
    PositionActions positionActions) {

  /** Wires the trader's side; {@code cluster} answers null until this member has joined it. */
  static TraderSide wire(
      PlatformConfig config,
      PlatformParts parts,
      MongoConfig.MongoConnection conn,
      StepPersistence steps,
      ClusterMembership membership,
      LiveHub live,
      RuleVersions rules,
      LaneEngine engine,
      Supplier<ClusterNode> cluster,
      MarketHours tradingHours) {
    UserAccounts accounts =
        new UserAccounts(
            conn, parts.broker(), parts.store(), parts.alerts(), config.clock(), membership);
    UserPlanLimits planLimits =
        new UserPlanLimits(parts.store(), config.planLimits(), parts.riskLimits()::openPlansOf);
    DraftPlans drafts =
        new DraftPlans(
            parts.store(),
            config.clock(),
            parts.reads(),
            steps,
            membership,
            live,
            parts.alerts(),
            planLimits,
            rules::forActivation,
            rules::strategiesFor,
            accounts,
            parts.broker().tickSizes(),
            tradingHours,
            config.entryMaxSlippageTicks(),
            parts.riskLimits());
    PlanCommands commands =
        new PlanCommands(
            parts.store(),
            config.clock(),
            parts.reads(),
            drafts,
            engine,
            membership,
            new ClusterCommandForwarder(cluster),
            config.traderMayLoosenStop());
    TradingService service =
        new TradingServiceImpl(drafts, commands, parts.reads(), parts.marketData(), live);
    PositionActions positionActions =
        new PositionActions(
            accounts.reconciliation(),
            accounts,
            parts.store(),
            config.clock(),
            parts.reads(),
            drafts,
            membership,
            live,
            parts.alerts(),
            planLimits,
            parts.broker().tickSizes(),
            parts.marketData()::lastPrice,
            rules::forActivation,
            service::flatten);
    return new TraderSide(accounts, commands, service, positionActions);
  }
}
