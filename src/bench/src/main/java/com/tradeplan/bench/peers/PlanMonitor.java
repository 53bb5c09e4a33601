package com.tradeplan.bench.peers;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Plan;

/**
 * One implementation of the plan lifecycle under measurement. It is given ACTIVE plans and ticks,
 * one thread at a time, and sends its orders through the {@link NextTickMarket} it was made with;
 * the market's fills reach it through the {@link com.tradeplan.domain.broker.BrokerListener} it set
 * on the market, before the tick they belong to.
 */
public interface PlanMonitor extends AutoCloseable {
  /** Starts monitoring a validated plan in status ACTIVE. */
  void addPlan(Plan plan);

  /** Applies the fills waiting for this tick, then evaluates it for the plans it can affect. */
  void onTick(Tick tick, long index);

  /** Plans monitored now: neither ended nor removed (computed from what it holds). */
  int monitoredPlans();

  /** Releases what the implementation holds (sessions, runtime); never throws. */
  @Override
  void close();
}
