package com.tradeplan.bench.peers.esper;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.EventSender;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import com.tradeplan.bench.peers.plain.PlainPlan;
import com.tradeplan.bench.peers.plain.Wake;
import com.tradeplan.bench.peers.plain.WakeIndex;
import com.tradeplan.domain.market.Tick;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wake levels in Esper: four tables (wake at or below a level, at or above one, after an
 * expiry, on every tick), each with a composite index (symbol hash, level btree), moved by on-merge
 * statements on a {@link WakeChange} event; a {@link MarketTick} event runs four on-select
 * statements whose listeners collect the plans reached. This is Esper used at its best for the job:
 * indexed on-demand queries instead of one filter statement per plan, which would need a statement
 * (re)deployed on every level change.
 *
 * <p>One runtime per index, no timer thread, locking off: one writer thread sends every event, and
 * listeners run on it, inside {@code sendEvent}. A listener collects and never throws.
 */
public final class EsperWakeIndex implements WakeIndex {
  private static final AtomicLong RUNTIMES = new AtomicLong();

  private static final String EPL =
      """
      create table WakeLow (planNo long primary key, symbol string, level BigDecimal, plan Object);
      create index WakeLowLevel on WakeLow (symbol hash, level btree);
      create table WakeHigh (planNo long primary key, symbol string, level BigDecimal, plan Object);
      create index WakeHighLevel on WakeHigh (symbol hash, level btree);
      create table WakeAfter (planNo long primary key, symbol string, millis long, plan Object);
      create index WakeAfterTime on WakeAfter (symbol hash, millis btree);
      create table WakeAlways (planNo long primary key, symbol string, plan Object);
      create index WakeAlwaysSymbol on WakeAlways (symbol hash);

      on WakeChange c merge WakeLow w where w.planNo = c.planNo
        when matched and c.low is null then delete
        when matched and c.low is not null then update set level = c.low
        when not matched and c.low is not null then insert
          select c.planNo as planNo, c.symbol as symbol, c.low as level, c.plan as plan;
      on WakeChange c merge WakeHigh w where w.planNo = c.planNo
        when matched and c.high is null then delete
        when matched and c.high is not null then update set level = c.high
        when not matched and c.high is not null then insert
          select c.planNo as planNo, c.symbol as symbol, c.high as level, c.plan as plan;
      on WakeChange c merge WakeAfter w where w.planNo = c.planNo
        when matched and c.expiresMillis is null then delete
        when matched and c.expiresMillis is not null then update set millis = c.expiresMillis
        when not matched and c.expiresMillis is not null then insert
          select c.planNo as planNo, c.symbol as symbol, c.expiresMillis as millis, c.plan as plan;
      on WakeChange c merge WakeAlways w where w.planNo = c.planNo
        when matched and not c.always then delete
        when not matched and c.always then insert
          select c.planNo as planNo, c.symbol as symbol, c.plan as plan;

      @name('low') on MarketTick t select w.plan as plan from WakeLow w
        where w.symbol = t.symbol and w.level >= t.last;
      @name('high') on MarketTick t select w.plan as plan from WakeHigh w
        where w.symbol = t.symbol and w.level <= t.last;
      @name('after') on MarketTick t select w.plan as plan from WakeAfter w
        where w.symbol = t.symbol and w.millis < t.millis;
      @name('always') on MarketTick t select w.plan as plan from WakeAlways w
        where w.symbol = t.symbol;
      """;

  private final EPRuntime runtime;
  private final EventSender ticks;
  private final EventSender changes;
  private List<PlainPlan> out;
  private long seq;
  private long nextPlanNo;

  /** What the index remembers of a plan: its number in the tables and the wake registered. */
  private record Entry(long planNo, Wake wake) {}

  public EsperWakeIndex() {
    Configuration config = new Configuration();
    config.getCommon().addEventType(MarketTick.class);
    config.getCommon().addEventType(WakeChange.class);
    config.getCommon().addImport(java.math.BigDecimal.class);
    config.getRuntime().getThreading().setInternalTimerEnabled(false);
    config.getRuntime().getExecution().setDisableLocking(true);
    EPCompiled compiled;
    try {
      compiled = EPCompilerProvider.getCompiler().compile(EPL, new CompilerArguments(config));
    } catch (EPCompileException e) {
      throw new IllegalStateException("the benchmark's EPL does not compile: " + e.getMessage(), e);
    }
    runtime = EPRuntimeProvider.getRuntime("tradeplan-bench-" + RUNTIMES.incrementAndGet(), config);
    EPDeployment deployment;
    try {
      deployment = runtime.getDeploymentService().deploy(compiled);
    } catch (EPDeployException e) {
      runtime.destroy();
      throw new IllegalStateException("the benchmark's EPL does not deploy: " + e.getMessage(), e);
    }
    for (EPStatement s : deployment.getStatements()) {
      if (List.of("low", "high", "after", "always").contains(s.getName())) {
        s.addListener((newEvents, oldEvents, statement, rt) -> collect(newEvents));
      }
    }
    ticks = runtime.getEventService().getEventSender("MarketTick");
    changes = runtime.getEventService().getEventSender("WakeChange");
  }

  private void collect(EventBean[] rows) {
    if (rows == null) {
      return;
    }
    for (EventBean row : rows) {
      PlainPlan p = (PlainPlan) row.get("plan");
      if (p.firstWakeOf(seq)) {
        out.add(p);
      }
    }
  }

  @Override
  public void register(PlainPlan plan) {
    Wake next = plan.wake();
    Entry e = (Entry) plan.indexEntry();
    if (e != null && e.wake().equals(next)) {
      return;
    }
    long planNo = e == null ? nextPlanNo++ : e.planNo();
    plan.setIndexEntry(new Entry(planNo, next));
    changes.sendEvent(
        new WakeChange(
            planNo,
            plan.symbol(),
            next.low(),
            next.high(),
            next.after() == null ? null : next.after().toEpochMilli(),
            next.always(),
            plan));
  }

  @Override
  public void remove(PlainPlan plan) {
    Entry e = (Entry) plan.indexEntry();
    if (e != null) {
      changes.sendEvent(new WakeChange(e.planNo(), plan.symbol(), null, null, null, false, plan));
      plan.setIndexEntry(null);
    }
  }

  @Override
  public void woken(Tick tick, long tickSeq, List<PlainPlan> found) {
    this.out = found;
    this.seq = tickSeq;
    ticks.sendEvent(new MarketTick(tick.symbol(), tick.last(), tick.time().toEpochMilli()));
    this.out = null;
  }

  @Override
  public void close() {
    runtime.destroy();
  }
}
