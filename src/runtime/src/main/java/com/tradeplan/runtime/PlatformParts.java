package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.store.TradeStore;

/**
 * The parts of one platform that most others read or act through, built first by {@link Platform}'s
 * wiring and handed on as one value to the parts wired after them ({@link PortfolioWatch}, {@link
 * TraderSide}). A record of references: it owns none of them.
 */
record PlatformParts(
    TradeStore store,
    IbBroker broker,
    Alerts alerts,
    MarketDataHub marketData,
    RiskLimitsService riskLimits,
    PlanReads reads,
    KillSwitch killSwitch) {}
