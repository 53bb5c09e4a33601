package com.tradeplan.bench.peers.plain;

import com.tradeplan.bench.peers.NextTickMarket;
import com.tradeplan.bench.peers.PlanMonitor;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans in plain Java ({@link PlainPlan}) behind a {@link WakeIndex}: the hand-coded peer with the
 * {@link LevelIndex}, the Esper peer with Esper's tables. Fills are applied as the market reports
 * them (before the tick they belong to); a tick evaluates the plans the index wakes, then moves
 * them in the index or drops the ones that ended. One thread; the market calls back on it.
 *
 * <p>As a {@link BrokerListener}: a fill for a plan it does not hold, or any order status report,
 * is something the benchmark's market never sends, and throws.
 */
public final class PlainMonitor implements PlanMonitor, BrokerListener {
  private final NextTickMarket market;
  private final WakeIndex index;
  private final Map<String, PlainPlan> plans = new HashMap<>();
  private final List<PlainPlan> woken = new ArrayList<>();
  private long seq;

  public PlainMonitor(NextTickMarket market, WakeIndex index) {
    this.market = market;
    this.index = index;
    market.setListener(this);
  }

  @Override
  public void addPlan(Plan plan) {
    PlainPlan p = new PlainPlan(plan);
    if (plans.putIfAbsent(plan.id(), p) != null) {
      throw new IllegalArgumentException("plan " + plan.id() + " is already monitored");
    }
    index.register(p);
  }

  @Override
  public void onTick(Tick tick, long tickIndex) {
    woken.clear();
    index.woken(tick, ++seq, woken);
    for (int i = 0; i < woken.size(); i++) {
      woken.get(i).evaluate(tick, market);
    }
    for (int i = 0; i < woken.size(); i++) {
      settle(woken.get(i));
    }
  }

  @Override
  public void onFill(Fill fill) {
    PlainPlan p = plans.get(fill.orderRef().planId());
    if (p == null) {
      throw new IllegalStateException("fill for no monitored plan: " + fill);
    }
    p.applyFill(fill);
    settle(p);
  }

  @Override
  public void onOrderUpdate(OrderUpdate update) {
    throw new IllegalStateException("the hand-coded lifecycle models no status report: " + update);
  }

  private void settle(PlainPlan p) {
    if (p.ended()) {
      index.remove(p);
      plans.remove(p.id());
    } else {
      index.register(p);
    }
  }

  @Override
  public int monitoredPlans() {
    return plans.size();
  }

  @Override
  public void close() {
    index.close();
  }
}
