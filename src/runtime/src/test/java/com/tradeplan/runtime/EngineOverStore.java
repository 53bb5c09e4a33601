package com.tradeplan.runtime;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.Step;
import com.tradeplan.simulator.SimulatedBroker;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.TradeWriter;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * In-JVM, the path of a step from the engine to the store as the platform has it: the production
 * engine core and the platform's step listener ({@link StepPersistence}) over the real trade writer
 * and store, with the simulator's broker and a one-member cluster ({@link OneMember}). Each step
 * the engine reports (live or recorded) is shown to the test first ({@code stepSeen}), then
 * persisted. Ticks are driven on the test's thread, which is also where every listener call runs.
 *
 * <p>Shared by the tests that check what the steps leave behind (store writes, chart points); the
 * caller owns the connection and closes this (the writer) before it.
 */
final class EngineOverStore implements AutoCloseable {
  final TradeStore store;
  final TradeWriter writer;
  final StepPersistence persistence;
  final OneMember cluster = new OneMember();
  final SimulatedBroker broker = new SimulatedBroker(null, BigDecimal.ZERO);
  final EngineCore core;

  /**
   * @param live where the listener publishes the changed plans (and records their levels)
   * @param stepSeen shown every step the engine reports, before it is persisted
   */
  EngineOverStore(MongoConfig.MongoConnection conn, LiveHub live, Consumer<Step> stepSeen) {
    this.store = TradeStore.open(conn);
    this.writer = new TradeWriter(store, TradeWriter.Config.defaults(), Alerts.NONE);
    PlanReads reads = new PlanReads(store, new NoPrices(), live);
    // The engine below sends to the broker directly; this gate only hosts the kill switch.
    KillSwitch killSwitch =
        new KillSwitch(new RiskGate(broker, 1_000_000, 1_000, 1_000), () -> 0, 10_000);
    this.persistence = new StepPersistence(writer, new Alerts(), live, reads, cluster, killSwitch);
    EngineListener listener =
        new EngineListener() {
          @Override
          public void onStep(String owner, Step step) {
            stepSeen.accept(step);
            persistence.onStep(owner, step);
          }

          @Override
          public void onRecordedStep(String owner, Step step) {
            stepSeen.accept(step);
            persistence.onRecordedStep(owner, step);
          }

          @Override
          public List<SendDecision> beforeSendAll(List<Pending> steps) {
            return persistence.beforeSendAll(steps);
          }
        };
    this.core = new EngineCore(RuleSet.fromClasspath(), broker, listener, true);
    broker.setListener(core);
  }

  /** An active plan, stored as the engine gets it, and handed to the engine. */
  void add(PlanSnapshot activated) {
    store.create(activated);
    writer.adopt(activated.planId(), activated.version());
    core.addPlan(activated);
  }

  /** Tick {@code seq}: the engine's clock set to its time, the broker fills, then the engine. */
  void tick(long seq, Tick tick) {
    core.setClock(seq, tick.time());
    broker.onTick(tick);
    core.onTick(tick, seq);
  }

  /** Stops the writer (flush it first: what is still queued is not written). */
  @Override
  public void close() {
    writer.close();
  }

  /** No market data: the reads answer no prices. */
  private static final class NoPrices implements MarketData {
    @Override
    public BigDecimal lastPrice(String symbol) {
      return null;
    }

    @Override
    public Map<String, BigDecimal> lastPrices() {
      return Map.of();
    }

    @Override
    public void ensureSubscribed(Instrument i) {}
  }

  /**
   * A one-member cluster (every platform is a member; a single process a cluster of one): holds
   * every user, answers yes to every send, and counts what the listener asks of it, which is not a
   * store write. Called on the test's thread.
   */
  static final class OneMember implements Membership {
    /** Calls to replicate one user's changed plans. */
    long replications;

    /** Plans in those calls. */
    long plansReplicated;

    /** Plans recorded in the cluster before their orders were sent. */
    long sendsRecorded;

    @Override
    public boolean holds(String owner) {
      return true;
    }

    @Override
    public boolean shouldRun(String owner) {
      return true;
    }

    @Override
    public Map<String, Boolean> recordBeforeSendAll(Map<String, List<PlanSnapshot>> byOwner) {
      Map<String, Boolean> answers = new HashMap<>();
      byOwner.forEach(
          (owner, snapshots) -> {
            sendsRecorded += snapshots.size();
            answers.put(owner, true);
          });
      return answers;
    }

    @Override
    public void replicate(String owner, List<PlanSnapshot> changed) {
      replications++;
      plansReplicated += changed.size();
    }

    @Override
    public void replicateAll(Map<String, List<PlanSnapshot>> changedByOwner) {
      changedByOwner.forEach(this::replicate);
    }

    @Override
    public boolean addPlan(PlanSnapshot activated) {
      return true;
    }

    @Override
    public void rebuildLater(String owner) {
      throw new AssertionError("nothing is held in a one-member cluster");
    }
  }
}
