package com.tradeplan.bench.peers;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.RuleSet;

/**
 * The platform's engine as a lane drives it: an {@link EngineCore} over the packaged rules, with
 * its level gate (the platform) or without it (every tick to every session of its symbol: Drools
 * used naively). Orders go through the {@link NextTickMarket}, whose fills the core queues and
 * applies before the next tick, as in the simulator.
 */
public final class EngineMonitor implements PlanMonitor {
  private final EngineCore core;

  public EngineMonitor(RuleSet rules, NextTickMarket market, boolean gated) {
    this.core = new EngineCore(rules, market, EngineListener.NONE, gated);
    market.setListener(core);
  }

  @Override
  public void addPlan(Plan plan) {
    core.addPlan(PlanSnapshot.initial(plan, PlanStatus.ACTIVE));
  }

  @Override
  public void onTick(Tick tick, long index) {
    core.onTick(tick, index);
  }

  @Override
  public int monitoredPlans() {
    return core.monitoredPlans();
  }

  @Override
  public void close() {
    for (String user : java.util.List.copyOf(core.users())) {
      core.removeUser(user);
    }
  }
}
