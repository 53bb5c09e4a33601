package com.tradeplan.engine;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.CancelIntent;
import com.tradeplan.engine.facts.CommandRefused;
import com.tradeplan.engine.facts.EventClock;
import com.tradeplan.engine.facts.ExitRequest;
import com.tradeplan.engine.facts.MarketFacts;
import com.tradeplan.engine.facts.OrderIntent;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.engine.facts.PlanStrategy;
import com.tradeplan.engine.facts.StopLevel;
import com.tradeplan.engine.facts.TargetLevel;
import com.tradeplan.engine.facts.TraderCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.core.common.InternalWorkingMemory;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.AgendaGroup;
import org.kie.api.runtime.rule.FactHandle;

/**
 * One user's rule session: a Drools KieSession holding the state of every monitored plan of that
 * user. Not thread-safe: exactly one thread owns it at a time (a lane of {@link LaneEngine}, or the
 * simulator's thread).
 *
 * <p>Each step is one input of lifecycle.md section 4: broker reports (all applied before the
 * tick), a tick, or a trader command. Within a step the rules fire phase by phase, in {@link
 * LifecyclePhase} order. A step reports one STATUS event per plan whose status pair differs from
 * the last one reported.
 *
 * <p>A session can be <em>at rest</em> ({@link #addPlanAtRest}): it holds its plans' states but no
 * KieSession yet, because the rule network's memories of a plan's facts (about 13 KB a plan, most
 * of a monitored plan's heap) are worth building only for a plan the market comes near. The first
 * step, or {@link #prepare}, makes the KieSession and inserts the facts; the rules see exactly what
 * they would have seen had the facts been inserted when the plans were added. {@link EngineCore}
 * decides when (docs/architecture.md, "Users at rest").
 *
 * <p>Why one class: it is the one owner of a user's KieSession: preparing it, the three steps,
 * firing them within their bounds and reporting them all read and write the same fact handles,
 * outbox and per-step counters, which split classes would have to share as package state.
 */
public final class UserSession implements AutoCloseable {
  /** Bound on rule firings per step: a rule set that loops is stopped and reported. */
  public static final int FIRINGS_PER_STEP_MAX = 10_000;

  /**
   * Bound on failed rule firings per step. Each failure is alerted and the step goes on for the
   * other plans; past this many the step stops (a rule that fails for every plan, or again and
   * again), and that is alerted too.
   */
  static final int FAILURES_PER_STEP_MAX = 10;

  /**
   * Bound on the live plans (not ended) one user may have in the session at once: a refusal past it
   * is a broken invariant, because the runtime refuses an activation past its own configured limit,
   * which may not exceed this one. Ended plans kept for late reports do not count; {@link
   * EngineCore} bounds those ({@link EngineCore#ENDED_PLANS_KEPT}).
   */
  public static final int PLANS_MAX = 1_000;

  private final String owner;
  private final RuleSet rules;
  private final EngineMetrics metrics;

  /** Null while the session is at rest ({@link #prepare}); then the user's KieSession. */
  private KieSession session;

  private final EventClock clock = new EventClock();
  private final Map<String, PlanState> plans = new LinkedHashMap<>();
  private final Map<String, List<FactHandle>> handles = new LinkedHashMap<>();
  private final Map<String, PlanStatus> lastReported = new LinkedHashMap<>();
  private final List<Object> outbox = new ArrayList<>();
  private final List<FactHandle> outboxHandles = new ArrayList<>();
  private final List<String> alerts = new ArrayList<>();
  private AgendaGroup[] phasesLastFirst;
  private int firingsInStep;
  private String firingPlanId;
  private final String rulesVersion;

  /**
   * The last {@link #LOOP_SAMPLE} firings of a step that reaches the firing limit, counted by rule:
   * the one that fired most is named as the looping rule. Filled only near the limit, so an
   * ordinary step pays nothing for it.
   */
  private final Map<String, Integer> loopSample = new HashMap<>();

  static final int LOOP_SAMPLE = 100;
  // The (rule, plan) pairs whose consequence failed in this step: not fired again in it.
  private final Set<String> failedInStep = new HashSet<>();
  private final AgendaFilter skipFailed =
      match ->
          !failedInStep.contains(failure(match.getRule().getName(), planOf(match.getObjects())));

  public UserSession(String owner, RuleSet rules) {
    this(owner, rules, EngineMetrics.NONE);
  }

  public UserSession(String owner, RuleSet rules, EngineMetrics metrics) {
    this.owner = owner;
    this.rules = rules;
    this.metrics = metrics;
    this.rulesVersion = rules.version();
  }

  /** True once the session's KieSession is made and its plans' facts propagated. */
  public boolean isPrepared() {
    return session != null;
  }

  /**
   * Prepares a session at rest: makes its KieSession, inserts every plan's facts in the order the
   * plans were added and propagates them, firing nothing ({@link #propagateWithoutFiring}). The
   * facts are the same, in the same order, as if each plan had been inserted when it was added:
   * nothing happened to them in between, because every step prepares the session first. Does
   * nothing on a prepared session.
   */
  public void prepare() {
    if (session != null) {
      return;
    }
    session = rules.newSession();
    LifecyclePhase[] phases = LifecyclePhase.values();
    this.phasesLastFirst = new AgendaGroup[phases.length];
    for (int i = 0; i < phases.length; i++) {
      phasesLastFirst[phases.length - 1 - i] =
          session.getAgenda().getAgendaGroup(phases[i].group());
    }
    session.addEventListener(
        new DefaultRuleRuntimeEventListener() {
          @Override
          public void objectInserted(ObjectInsertedEvent event) {
            Object o = event.getObject();
            if (o instanceof OrderIntent
                || o instanceof CancelIntent
                || o instanceof CommandRefused) {
              outbox.add(o);
              outboxHandles.add(event.getFactHandle());
            }
          }
        });
    session.addEventListener(
        new DefaultAgendaEventListener() {
          @Override
          public void beforeMatchFired(BeforeMatchFiredEvent event) {
            clock.setRule(event.getMatch().getRule().getName());
            firingsInStep++;
            if (firingsInStep > FIRINGS_PER_STEP_MAX - LOOP_SAMPLE) {
              loopSample.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
            }
            firingPlanId = planOf(event.getMatch().getObjects());
          }

          @Override
          public void afterMatchFired(AfterMatchFiredEvent event) {
            metrics.ruleFired(event.getMatch().getRule().getName());
            clock.setRule(null);
          }
        });
    for (PlanState p : plans.values()) {
      handles.put(p.getId(), insertFacts(p));
    }
    propagateWithoutFiring();
  }

  public String owner() {
    return owner;
  }

  /**
   * Inserts a plan's state and its stop and target levels, a fresh plan or a rebuilt one, and
   * prepares the session ({@link #prepare}) if it was at rest. Refuses a DRAFT (never monitored:
   * lifecycle.md section 2).
   */
  public void addPlan(PlanSnapshot snapshot) {
    addPlanAtRest(snapshot);
    prepare();
  }

  /**
   * As {@link #addPlan}, but a session at rest stays at rest: the plan's facts are inserted when
   * the session is prepared (its first step, or {@link #prepare}). On a prepared session the facts
   * are inserted and propagated now, as {@link #addPlan} does.
   */
  public void addPlanAtRest(PlanSnapshot snapshot) {
    if (!snapshot.plan().owner().equals(owner)) {
      throw new IllegalArgumentException(
          "plan "
              + snapshot.planId()
              + " belongs to "
              + snapshot.plan().owner()
              + ", not "
              + owner);
    }
    if (snapshot.status() == PlanStatus.DRAFT) {
      // Validation, edits, activation and cancel of a DRAFT are decided by the trading service;
      // the rules have no DRAFT handling, so a draft here would be a plan nobody manages.
      throw new IllegalArgumentException(
          "plan " + snapshot.planId() + " is a DRAFT: only an activated plan is monitored");
    }
    if (plans.containsKey(snapshot.planId())) {
      throw new IllegalArgumentException(
          "plan " + snapshot.planId() + " is already in the session");
    }
    if (!snapshot.status().isTerminal() && livePlans() >= PLANS_MAX) {
      throw new IllegalStateException(
          "user " + owner + " has " + PLANS_MAX + " live plans (UserSession.PLANS_MAX)");
    }
    PlanState state = PlanState.restore(snapshot, clock);
    if (session != null) {
      handles.put(state.getId(), insertFacts(state));
      propagateWithoutFiring();
    }
    plans.put(state.getId(), state);
    lastReported.put(state.getId(), state.getStatus());
  }

  /** Inserts a plan's state, its stop and target levels and its strategy; returns the handles. */
  private List<FactHandle> insertFacts(PlanState state) {
    List<FactHandle> h = new ArrayList<>();
    h.add(session.insert(state));
    for (StopLevel s : state.getStops()) {
      h.add(session.insert(s));
    }
    for (TargetLevel t : state.getTargets()) {
      h.add(session.insert(t));
    }
    if (state.getPlan().strategy() != null) {
      h.add(session.insert(new PlanStrategy(state.getPlan())));
    }
    return h;
  }

  /**
   * Propagates the facts just inserted through the rule network now, firing nothing. Drools queues
   * an insert and propagates it at the next {@code fireAllRules}; the first propagation into a
   * brand-new session also creates the node and segment memories of every node the plan's facts
   * reach (about 30 of the rule base's memories), which is most of what a new session's first step
   * costs. Done here, that work is paid when the session is prepared or a plan added to a prepared
   * one (an activation, a restore, a take-over, the price approaching a level of a session at rest)
   * and not by the tick that crosses its entry, where every microsecond is slippage. Matching is
   * unchanged: the same facts reach the same nodes in the same order, only earlier; no rule fires
   * and no match is consumed until the next step fires, exactly as before.
   */
  private void propagateWithoutFiring() {
    ((InternalWorkingMemory) session).flushPropagations();
  }

  /** Takes a plan out of the session (it ended, or its user moved to another member). */
  public void removePlan(String planId) {
    List<FactHandle> h = handles.remove(planId);
    if (h != null) {
      h.forEach(session::delete);
    }
    plans.remove(planId);
    lastReported.remove(planId);
  }

  public PlanState plan(String planId) {
    return plans.get(planId);
  }

  public Collection<PlanState> plans() {
    return plans.values();
  }

  /** The plans of this session that have not ended (ended plans kept for late reports are not). */
  public int livePlans() {
    int live = 0;
    for (PlanState p : plans.values()) {
      if (!p.getStatus().isTerminal()) {
        live++;
      }
    }
    return live;
  }

  /** Evaluates one tick for this user's plans on the tick's symbol, with the clock only. */
  public Step tick(Tick tick, long tickIndex) {
    return tick(tick, tickIndex, MarketFacts.clockOnly(tick.symbol(), tick.time()));
  }

  /**
   * Evaluates one tick for this user's plans on the tick's symbol; {@code market} (the exchange
   * clock and the symbol's intraday range) is a fact of the step beside the tick.
   */
  public Step tick(Tick tick, long tickIndex, MarketFacts market) {
    clock.set(tickIndex, tick.time());
    // Only plans that have not ended: an ended plan stays in the session for its late reports
    // (EngineCore.ENDED_PLANS_KEPT) but no tick can change it (its status is final), and a trader
    // who trades one symbol all day would otherwise have every ended plan of it collected and
    // looked over at every step of a tick (measured: most of an entry tick's time with a hundred).
    Set<String> involved = new LinkedHashSet<>();
    for (PlanState p : plans.values()) {
      if (p.getSymbol().equals(tick.symbol()) && !p.getStatus().isTerminal()) {
        involved.add(p.getId());
      }
    }
    if (involved.isEmpty()) {
      return Step.EMPTY;
    }
    prepare();
    FactHandle h = session.insert(tick);
    FactHandle m = session.insert(market);
    fire();
    deleteIfPresent(h);
    deleteIfPresent(m);
    return finish(involved);
  }

  /**
   * Applies broker reports (fills, order updates, commissions) in the order given, each fully
   * before the next, as one phase.
   */
  public Step reports(List<?> reports, long tickIndex, Instant time) {
    clock.set(tickIndex, time);
    Set<String> involved = new LinkedHashSet<>();
    for (Object r : reports) {
      String planId = Reports.planId(r);
      if (!plans.containsKey(planId)) {
        alerts.add("report for a plan not in " + owner + "'s session: " + r);
        continue;
      }
      involved.add(planId);
      prepare();
      FactHandle h = session.insert(r);
      fire();
      deleteIfPresent(h);
    }
    return finish(involved);
  }

  /** Carries out a trader command (cancel, flatten) through the rules. */
  public Step command(TraderCommand command, long tickIndex, Instant time) {
    clock.set(tickIndex, time);
    if (!plans.containsKey(command.planId())) {
      return new Step(
          List.of(),
          List.of(),
          List.of(),
          List.of(new CommandRefused(command, "no monitored plan " + command.planId())),
          List.of());
    }
    prepare();
    FactHandle h = session.insert(command);
    fire();
    deleteIfPresent(h);
    return finish(Set.of(command.planId()));
  }

  /**
   * Fires the rules of a step phase by phase, in {@link LifecyclePhase} order. Drools fires the
   * group on top of its focus stack until nothing in it can fire, then the one below: focusing the
   * last phase first leaves the first phase on top. A later phase can make a rule of an earlier one
   * true (an exit order sent makes "Exit orders are working"), so the phases run again until a pass
   * fires nothing; a quiet step costs one pass that fires nothing.
   *
   * <p>A consequence that throws (PlanState refusing a broken invariant: an exit beyond the
   * position, a looser stop, a status the table forbids) is alerted, naming the rule and the plan;
   * nothing further of that consequence happened, and the step goes on firing the rest of the
   * agenda, so the user's other plans still see the tick. That rule does not fire again for that
   * plan in the same step (a change to the plan would make it match again). Bounded: {@link
   * #FIRINGS_PER_STEP_MAX} firings (the failed ones included), {@link #FAILURES_PER_STEP_MAX}
   * failures.
   */
  private void fire() {
    firingsInStep = 0;
    failedInStep.clear();
    loopSample.clear();
    int failures = 0;
    boolean done = false;
    while (!done) {
      try {
        int firedInPass;
        do {
          for (AgendaGroup phase : phasesLastFirst) {
            phase.setFocus();
          }
          int left = FIRINGS_PER_STEP_MAX - firingsInStep;
          firedInPass =
              failedInStep.isEmpty()
                  ? session.fireAllRules(left)
                  : session.fireAllRules(skipFailed, left);
        } while (firedInPass > 0 && firingsInStep < FIRINGS_PER_STEP_MAX);
        done = true;
      } catch (RuntimeException e) {
        failures++;
        failedInStep.add(failure(clock.rule(), firingPlanId));
        alerts.add(
            (firingPlanId == null ? "" : "plan " + firingPlanId + ": ")
                + "rule "
                + clock.rule()
                + " failed for "
                + owner
                + ": "
                + rootMessage(e));
        clock.setRule(null);
        if (failures >= FAILURES_PER_STEP_MAX || firingsInStep >= FIRINGS_PER_STEP_MAX) {
          alerts.add(
              "rules failed "
                  + failures
                  + " times in one step for "
                  + owner
                  + ": the step was stopped, the rest of it not evaluated");
          done = true;
        }
      }
    }
    if (firingsInStep >= FIRINGS_PER_STEP_MAX) {
      alerts.add(
          "rules fired "
              + firingsInStep
              + " times in one step for "
              + owner
              + ": stopped (loop?); "
              + loopingRule());
    }
  }

  /** The rule that fired most among the last firings of a step stopped at the limit. */
  private String loopingRule() {
    Map.Entry<String, Integer> most = null;
    for (Map.Entry<String, Integer> e : loopSample.entrySet()) {
      if (most == null || e.getValue() > most.getValue()) {
        most = e;
      }
    }
    return most == null
        ? "no rule named"
        : "looping rule \""
            + most.getKey()
            + "\" ("
            + most.getValue()
            + " of the last "
            + LOOP_SAMPLE
            + " firings, rule set "
            + rulesVersion
            + ")";
  }

  private static String failure(String rule, String planId) {
    return rule + '\u0000' + planId;
  }

  /** The plan a rule's match is about: its PlanState's, or that of its stop, target or request. */
  private static String planOf(List<Object> objects) {
    for (Object o : objects) {
      if (o instanceof PlanState p) {
        return p.getId();
      }
    }
    for (Object o : objects) {
      if (o instanceof StopLevel s) {
        return s.getPlanId();
      }
      if (o instanceof TargetLevel t) {
        return t.getPlanId();
      }
      if (o instanceof ExitRequest r) {
        return r.getPlanId();
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private void deleteIfPresent(FactHandle h) {
    if (session.getObject(h) != null) {
      session.delete(h);
    }
  }

  private Step finish(Set<String> involved) {
    List<Object> intents = new ArrayList<>();
    List<CommandRefused> refused = new ArrayList<>();
    for (int i = 0; i < outbox.size(); i++) {
      Object o = outbox.get(i);
      if (o instanceof CommandRefused r) {
        refused.add(r);
      } else {
        intents.add(o);
      }
      deleteIfPresent(outboxHandles.get(i));
    }
    outbox.clear();
    outboxHandles.clear();
    List<PlanEvent> events = new ArrayList<>();
    List<PlanSnapshot> changed = new ArrayList<>();
    for (String id : involved) {
      PlanState p = plans.get(id);
      events.addAll(p.drainEvents());
      if (p.getStatus() != lastReported.get(id)) {
        lastReported.put(id, p.getStatus());
        events.add(
            PlanEvent.status(
                id, clock.tick(), clock.time(), p.getStatus(), p.statusRule(), p.getEndReason()));
      }
      for (String a : p.drainAlerts()) {
        alerts.add(a);
      }
      if (p.takeChanged()) {
        changed.add(p.snapshot());
      }
    }
    List<String> a = alerts.isEmpty() ? List.of() : List.copyOf(alerts);
    alerts.clear();
    if (intents.isEmpty()
        && events.isEmpty()
        && changed.isEmpty()
        && refused.isEmpty()
        && a.isEmpty()) {
      return Step.EMPTY;
    }
    return new Step(intents, events, changed, refused, a);
  }

  /** A command for a plan this session does not monitor. */
  record Refusal(TraderCommand command) {
    Step asStep() {
      return new Step(
          List.of(),
          List.of(),
          List.of(),
          List.of(new CommandRefused(command, "no monitored plan " + command.planId())),
          List.of());
    }
  }

  @Override
  public void close() {
    if (session != null) {
      session.dispose();
    }
  }
}
