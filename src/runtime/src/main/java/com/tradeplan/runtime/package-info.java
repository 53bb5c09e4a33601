/**
 * The trading platform without a web framework: one {@link com.tradeplan.runtime.TradingService}
 * that the server (REST, WebSocket), tests and tools use, and the {@link
 * com.tradeplan.runtime.Platform} that wires the engine's lanes, the store's write-behind and
 * intent journal, the IB broker (real or the paper gateway) behind the RiskGate, market data and
 * the process's cluster member, and recovers every monitored plan on start. Every query is scoped
 * to the calling owner.
 *
 * <p>What it owns, one class each: the wiring ({@code Platform}); market data ({@code
 * MarketDataHub}) and the watch for symbols that stop ticking ({@code StaleMarketData}, {@code
 * MarketHours}); the engine's listener ({@code StepPersistence}); the last check before an order
 * reaches the wire ({@code SendJournalGuard}); the kill switches ({@code KillSwitch}, {@code
 * KillReason}, {@code KillSwitchActions}: docs/kill-switch.md); the risk limits in force ({@code
 * RiskLimitsService}) and the rebuild of a user's risk figures when it starts running here ({@code
 * RiskFigures}); accounts and the reconciliation of positions ({@code UserAccounts}, {@code
 * PositionReconciliation}); start-up recovery, take-over and rebuild of users ({@code
 * StartupRecovery}, {@code UserTakeover}, {@code UserRebuild}, {@code LocalUsers}); the cluster as
 * the runtime sees it ({@code ClusterMembership}, {@code ClusterCommandForwarder}); the DRAFT
 * lifecycle ({@code DraftPlans}) and the per-user plan limits ({@code UserPlanLimits}); the
 * trader's commands ({@code PlanCommands}) and reads ({@code PlanReads}, a page at a time); each
 * plan's levels over time for its chart ({@code PlanLevelTrail}, stored through {@code
 * com.tradeplan.runtime.charts}; the bars are {@code com.tradeplan.runtime.bars}).
 *
 * <p>It must never decide a plan's lifecycle after activation (that is the rules'), send an order
 * other than through the RiskGate, or write a monitored plan's document other than through the
 * store writer.
 */
package com.tradeplan.runtime;
