package com.tradeplan.simulator;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.Step;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.SimulationResult;
import com.tradeplan.simulator.report.MarkToMarket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Replays ticks through a rule set with the production engine and a {@link SimulatedBroker}. Every
 * plan is activated at the time of the first tick; plans that fail validation are reported as DRAFT
 * with their errors. Deterministic: the same inputs give the same result.
 */
public final class Simulator {
  /** What a scenario may do around each tick: inject broker reports, act as the trader. */
  public interface Script {
    /** Before tick {@code index}'s fills: reports injected here are applied with them. */
    default void beforeTick(long index, Tick tick, Control control) {}

    /** After tick {@code index} was evaluated: trader commands happen here. */
    default void afterTick(long index, Tick tick, Control control) {}
  }

  /** The handle a {@link Script} acts through. */
  public interface Control {
    void report(Object brokerReport);

    Step command(String planId, TraderCommand.Type type);

    /** Any trader command, a change of exits included (its plan id names the plan). */
    Step command(TraderCommand command);

    PlanSnapshot state(String planId);

    /**
     * Ends the run after the current tick: the ticks after it are not read, and the run answers
     * what it has so far (a cancelled or over-bound job stops here, see server.analysis).
     */
    void stop();

    /** Events kept so far over every plan (what a run's memory grows with besides its curves). */
    long eventsRecorded();
  }

  private final RuleSet rules;
  private final SimulationOptions options;
  private final SimulatedBroker broker;
  private final LongPredicate rebuildBefore;

  public Simulator(RuleSet rules, SimulationOptions options) {
    this(
        rules,
        options,
        new SimulatedBroker(options.maxFillPerTick(), options.commission(), options.latencyTicks()),
        i -> false);
  }

  /**
   * A simulator whose engine is thrown away and rebuilt from the plans' snapshots before every tick
   * index that {@code rebuildBefore} accepts, as a restart or failover would (the broker keeps its
   * working orders, as a real one does).
   */
  public Simulator(
      RuleSet rules,
      SimulationOptions options,
      SimulatedBroker broker,
      LongPredicate rebuildBefore) {
    this.rules = rules;
    this.options = options;
    this.broker = broker;
    this.rebuildBefore = rebuildBefore;
  }

  public SimulationRun run(List<PlanDraft> drafts, Iterator<IndexedTick> ticks) {
    return run(drafts, ticks, new Script() {});
  }

  public SimulationRun run(List<PlanDraft> drafts, Iterator<IndexedTick> ticks, Script script) {
    Recorder recorder = new Recorder(new MarkToMarket());
    IndexedTick first = ticks.hasNext() ? ticks.next() : null;
    Activation activation = activate(drafts, first, recorder, rules.strategies());
    EngineCore[] core = {newCore(recorder)};
    for (PlanSnapshot s : activation.initial()) {
      core[0].addPlan(s);
    }
    Control control = new RunControl(core, recorder);
    long count = 0;
    IndexedTick current = first;
    while (current != null && !recorder.stopped) {
      Tick tick = current.tick();
      long index = current.index();
      recorder.lastTime = tick.time();
      if (rebuildBefore.test(index)) {
        core[0] = rebuild(core[0], recorder);
      }
      core[0].setClock(index, tick.time());
      script.beforeTick(index, tick, control);
      broker.onTick(tick);
      core[0].onTick(tick, index);
      script.afterTick(index, tick, control);
      recorder.market.afterTick(index, tick);
      count++;
      current = !recorder.stopped && ticks.hasNext() ? ticks.next() : null;
    }
    Map<String, PlanSnapshot> finals = new LinkedHashMap<>();
    for (PlanSnapshot s : activation.initial()) {
      finals.put(s.planId(), recorder.last.get(s.planId()));
    }
    SimulationResult result = new SimulationResult(results(drafts, activation, recorder));
    return new SimulationRun(
        result, finals, count, recorder.alerts, options, recorder.market.record());
  }

  /**
   * The plans as validated at the first tick's time: the valid ones ACTIVE (in file order), the
   * others with their errors by their index in the file.
   */
  private record Activation(
      Map<Integer, List<FieldError>> invalid,
      List<PlanSnapshot> initial,
      Map<Integer, String> idOfDraft) {}

  private static Activation activate(
      List<PlanDraft> drafts,
      IndexedTick first,
      Recorder recorder,
      com.tradeplan.domain.strategy.StrategyCatalog strategies) {
    Map<Integer, List<FieldError>> invalid = new HashMap<>();
    List<PlanSnapshot> initial = new ArrayList<>();
    Map<Integer, String> idOfDraft = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < drafts.size(); i++) {
      PlanDraft d = drafts.get(i);
      ValidationResult v =
          PlanValidator.validate(
              d,
              first == null ? null : first.tick().time(),
              Instrument.DEFAULT_TICK_SIZE,
              strategies);
      List<FieldError> errors = new ArrayList<>(v.errors());
      if (d.id() != null && !ids.add(d.id())) {
        errors.add(new FieldError("id", "duplicates the id of an earlier plan in the file"));
      }
      if (!errors.isEmpty()) {
        invalid.put(i, errors);
      } else {
        PlanSnapshot s =
            PlanSnapshot.initial(((ValidationResult.Valid) v).plan(), PlanStatus.ACTIVE);
        initial.add(s);
        idOfDraft.put(i, s.planId());
        recorder.last.put(s.planId(), s);
        recorder.market.watch(s.plan().instrument().symbol());
      }
    }
    return new Activation(invalid, initial, idOfDraft);
  }

  /** One result per draft, in file order: the final state of a valid plan, a DRAFT otherwise. */
  private static List<PlanResult> results(
      List<PlanDraft> drafts, Activation activation, Recorder recorder) {
    List<PlanResult> results = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      if (activation.invalid().containsKey(i)) {
        results.add(PlanResult.invalid(drafts.get(i).id(), activation.invalid().get(i)));
        continue;
      }
      String id = activation.idOfDraft().get(i);
      PlanSnapshot s = recorder.last.get(id);
      results.add(
          new PlanResult(
              id,
              s.status(),
              s.status().tradeStatus(),
              s.position(),
              s.filledEntryQuantity(),
              s.avgEntryPrice(),
              s.realizedPnl(),
              s.commission(),
              List.of(),
              recorder.events.getOrDefault(id, List.of())));
    }
    return results;
  }

  /** What a script acts through: the current engine (it may be rebuilt between ticks). */
  private static final class RunControl implements Control {
    private final EngineCore[] core;
    private final Recorder recorder;

    RunControl(EngineCore[] core, Recorder recorder) {
      this.core = core;
      this.recorder = recorder;
    }

    @Override
    public void report(Object brokerReport) {
      if (brokerReport instanceof com.tradeplan.domain.order.Fill f) {
        core[0].onFill(f);
      } else if (brokerReport instanceof com.tradeplan.domain.broker.OrderUpdate u) {
        core[0].onOrderUpdate(u);
      } else if (brokerReport instanceof com.tradeplan.engine.facts.Commission c) {
        core[0].onCommission(c.executionId(), c.ref(), c.amount());
      } else {
        throw new IllegalArgumentException("not a broker report: " + brokerReport);
      }
    }

    @Override
    public Step command(String planId, TraderCommand.Type type) {
      PlanSnapshot s = recorder.last.get(planId);
      if (s == null) {
        throw new IllegalArgumentException("no plan " + planId);
      }
      return command(new TraderCommand(planId, type));
    }

    @Override
    public Step command(TraderCommand command) {
      PlanSnapshot s = recorder.last.get(command.planId());
      if (s == null) {
        throw new IllegalArgumentException("no plan " + command.planId());
      }
      return core[0].command(s.plan().owner(), command, recorder.lastTime);
    }

    @Override
    public PlanSnapshot state(String planId) {
      PlanSnapshot live = core[0].snapshot(planId);
      return live != null ? live : recorder.last.get(planId);
    }

    @Override
    public void stop() {
      recorder.stopped = true;
    }

    @Override
    public long eventsRecorded() {
      return recorder.eventCount;
    }
  }

  private EngineCore newCore(Recorder recorder) {
    EngineCore core = new EngineCore(rules, broker, recorder, options.gated());
    broker.setListener(core);
    return core;
  }

  private EngineCore rebuild(EngineCore old, Recorder recorder) {
    EngineCore fresh = newCore(recorder);
    for (PlanSnapshot s : recorder.last.values()) {
      if (old.hasPlan(s.planId())) {
        fresh.addPlan(old.snapshot(s.planId()));
      }
    }
    for (String user : List.copyOf(old.users())) {
      old.removeUser(user);
    }
    return fresh;
  }

  /** Collects events, the latest snapshot of every plan, alerts, and the equity they make. */
  private static final class Recorder implements EngineListener {
    final MarkToMarket market;
    final Map<String, List<PlanEvent>> events = new HashMap<>();
    final Map<String, PlanSnapshot> last = new HashMap<>();
    final List<String> alerts = new ArrayList<>();
    java.time.Instant lastTime = java.time.Instant.EPOCH;
    long eventCount;
    boolean stopped;

    Recorder(MarkToMarket market) {
      this.market = market;
    }

    @Override
    public void onStep(String owner, Step step) {
      for (PlanEvent e : step.events()) {
        events.computeIfAbsent(e.planId(), k -> new ArrayList<>()).add(e);
        eventCount++;
      }
      for (PlanSnapshot s : step.changed()) {
        last.put(s.planId(), s);
        market.onPlanChanged(s);
      }
      alerts.addAll(step.alerts());
    }
  }
}
