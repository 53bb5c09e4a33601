package com.tradeplan.engine;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.CancelIntent;
import com.tradeplan.engine.facts.Commission;
import com.tradeplan.engine.facts.MarketFacts;
import com.tradeplan.engine.facts.OrderIntent;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine for a set of users, driven by one thread: routes ticks through the {@link LevelGate}
 * to the sessions they can affect, applies broker reports before ticks, carries out trader
 * commands, and sends the resulting intents through the {@link Broker} port. The simulator drives
 * one core directly; production runs one core per lane of {@link LaneEngine}.
 *
 * <p>As a {@link BrokerListener} it queues reports that arrive while it runs (a simulated broker
 * confirms cancels synchronously); they are applied before the call that caused them returns.
 *
 * <p>A user whose plans all wait for entries far from the market rests, with no KieSession, until
 * the price comes near one of its levels, a level is crossed, or a report or command reaches it
 * ({@link RestingUsers}; docs/architecture.md, "Users at rest").
 */
public final class EngineCore implements BrokerListener {
  /**
   * Bound on reports waiting inside one call; past it the core stops and alerts (a broker loop).
   */
  public static final int PENDING_REPORTS_MAX = 100_000;

  /**
   * Ended plans kept in their sessions for late commissions and fills, per core. Past it the oldest
   * ended plan leaves its session; a report for it after that is an operator alert. Ended plans
   * never count as monitored ({@link #monitoredPlans}) nor against {@link UserSession#PLANS_MAX}.
   */
  public static final int ENDED_PLANS_KEPT = 10_000;

  private final RuleSets rules;
  private final EngineMetrics metrics;
  private final Broker broker;
  private final EngineListener listener;
  private final boolean gated;
  private final Map<String, UserSessions> sessions = new LinkedHashMap<>();
  private final Map<String, String> ownerOfPlan = new HashMap<>();
  private final LevelGate gate = new LevelGate();
  private final IntradayRanges ranges =
      new IntradayRanges(IntradayRanges.adrDays(System.getenv(IntradayRanges.ADR_DAYS_SETTING)));
  private final RestingUsers resting;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private final LinkedHashMap<String, Boolean> ended = new LinkedHashMap<>();
  private long tickIndex = -1;
  private Instant now = Instant.EPOCH;

  /** The live plans held, written by the owning thread after each change, read by any thread. */
  private volatile int livePlans;

  public EngineCore(RuleSet rules, Broker broker, EngineListener listener, boolean gated) {
    this(rules, broker, listener, gated, EngineMetrics.NONE);
  }

  public EngineCore(
      RuleSet rules, Broker broker, EngineListener listener, boolean gated, EngineMetrics metrics) {
    this(RuleSets.single(rules), broker, listener, gated, metrics);
  }

  /**
   * A core whose users' sessions are made from the rule-set version each plan is pinned to (one
   * session per user and version: {@link UserSessions}).
   */
  public EngineCore(
      RuleSets rules,
      Broker broker,
      EngineListener listener,
      boolean gated,
      EngineMetrics metrics) {
    this.metrics = metrics;
    this.rules = rules;
    this.broker = broker;
    this.listener = listener;
    this.gated = gated;
    this.resting = new RestingUsers(gate, ranges, gated, this::userOfPlan);
  }

  private UserSessions userOfPlan(String planId) {
    String owner = ownerOfPlan.get(planId);
    return owner == null ? null : sessions.get(owner);
  }

  /** Starts monitoring a plan (new, or rebuilt from its snapshot after a restart or failover). */
  public void addPlan(PlanSnapshot snapshot) {
    String owner = snapshot.plan().owner();
    UserSessions s = sessions.computeIfAbsent(owner, o -> new UserSessions(o, rules, metrics));
    s.addPlan(snapshot);
    ownerOfPlan.put(snapshot.planId(), owner);
    PlanState p = s.plan(snapshot.planId());
    if (snapshot.status().isTerminal()) {
      keepEnded(snapshot.planId()); // a user's session rebuilt with its ended plans (an edit)
    } else {
      resting.added(s, p);
    }
    recount();
  }

  /** Stops monitoring every plan of a user (the user moved to another member). */
  public void removeUser(String owner) {
    UserSessions s = sessions.remove(owner);
    if (s != null) {
      for (PlanState p : List.copyOf(s.plans())) {
        gate.remove(p.getId());
        ownerOfPlan.remove(p.getId());
        ended.remove(p.getId());
      }
      s.close();
      recount();
    }
  }

  public boolean hasPlan(String planId) {
    return ownerOfPlan.containsKey(planId);
  }

  /**
   * The live state of a monitored plan, for reads on the owning thread; null when not monitored.
   */
  public PlanSnapshot snapshot(String planId) {
    String owner = ownerOfPlan.get(planId);
    return owner == null ? null : sessions.get(owner).snapshot(planId);
  }

  /** Applies broker reports (in order) then evaluates the tick for the plans it can affect. */
  public void onTick(Tick tick, long index) {
    onTick(tick, index, System.nanoTime());
  }

  /**
   * As {@link #onTick(Tick, long)}, with the {@link System#nanoTime()} at which the tick reached
   * the engine, for the tick-to-decision latency. The users the tick wakes are decided protection
   * first ({@link ProtectionFirst}).
   */
  public void onTick(Tick tick, long index, long receivedNanos) {
    this.tickIndex = index;
    this.now = tick.time();
    drainPending();
    ranges.record(tick);
    Collection<String> planIds = gated ? gate.woken(tick) : gate.all(tick.symbol());
    Set<UserSessions> approached = Set.of();
    if (!planIds.isEmpty()) {
      approached = new LinkedHashSet<>();
      planIds = resting.crossedOrApproached(planIds, tick, approached);
    }
    List<String> owners = ProtectionFirst.owners(planIds, tick.last(), this::monitored);
    if (!owners.isEmpty()) {
      MarketFacts market = ranges.facts(tick); // read only when a session wakes
      List<SessionStep> steps = new ArrayList<>(owners.size());
      for (String owner : owners) {
        UserSessions s = sessions.get(owner);
        steps.add(new SessionStep(s, s.tick(tick, index, market)));
      }
      handleAll(steps);
      for (SessionStep st : steps) {
        if (!st.step().intents().isEmpty()) {
          metrics.tickToDecision(System.nanoTime() - receivedNanos);
        }
      }
    }
    // After the tick's decisions went out: the users it only came near are prepared now, so that
    // the tick that crosses their level finds them prepared. Guarded: a quiet tick allocates
    // nothing, not even an iterator.
    if (!approached.isEmpty()) {
      for (UserSessions s : approached) {
        resting.prepare(s);
      }
    }
    drainPending();
  }

  /** The state of a monitored plan, or null. */
  private PlanState monitored(String planId) {
    UserSessions s = userOfPlan(planId);
    return s == null ? null : s.plan(planId);
  }

  /** One session's step in an engine call. */
  private record SessionStep(UserSessions session, Step step) {}

  /**
   * Carries out the steps of one engine call: the send decisions of all steps with orders are asked
   * for together ({@link EngineListener#beforeSendAll}: one wait for all the users a tick woke, not
   * one per user), the steps are persisted together ({@link EngineListener#onSteps}), then each
   * step's orders are sent, in order. The users' sessions are independent, so deciding and
   * persisting all before sending any changes nothing a session sees.
   */
  private void handleAll(List<SessionStep> steps) {
    List<EngineListener.Pending> asks = new ArrayList<>();
    for (SessionStep st : steps) {
      if (!st.step().intents().isEmpty()) {
        asks.add(new EngineListener.Pending(st.session().owner(), st.step().changed()));
      }
    }
    List<EngineListener.SendDecision> decisions =
        asks.isEmpty() ? List.of() : listener.beforeSendAll(asks);
    if (decisions.size() != asks.size()) {
      throw new IllegalStateException(
          decisions.size() + " send decisions for " + asks.size() + " steps with orders");
    }
    int next = 0;
    List<EngineListener.SendDecision> decided = new ArrayList<>(steps.size());
    List<EngineListener.Done> done = new ArrayList<>();
    for (SessionStep st : steps) {
      Step step = st.step();
      EngineListener.SendDecision decision =
          step.intents().isEmpty() ? EngineListener.SendDecision.SEND : decisions.get(next++);
      decided.add(decision);
      if (step.isEmpty()) {
        continue;
      }
      if (decision == EngineListener.SendDecision.HOLD) {
        alert(
            st.session().owner(),
            "user "
                + st.session().owner()
                + ": "
                + step.intents().size()
                + " intents held, not sent (this member lost the user, or could not replicate"
                + " them: then the user is rebuilt from the replicated state)");
        continue;
      }
      done.add(
          new EngineListener.Done(
              st.session().owner(),
              step,
              decision == EngineListener.SendDecision.SEND && !step.intents().isEmpty()));
    }
    // Persisted (and replicated) together, then sent: one wait for all the users of the call.
    if (!done.isEmpty()) {
      listener.onSteps(done);
    }
    for (int i = 0; i < steps.size(); i++) {
      EngineListener.SendDecision decision = decided.get(i);
      if (!steps.get(i).step().isEmpty() && decision != EngineListener.SendDecision.HOLD) {
        execute(steps.get(i).session(), steps.get(i).step(), decision);
      }
    }
  }

  /** Applies broker reports that arrived from outside (a lane's inbox), each plan's in order. */
  public void onReports(List<?> reports, Instant time) {
    this.now = time;
    applyReports(reports);
    drainPending();
  }

  /** Carries out a trader command; the step tells whether the rules refused it. */
  public Step command(String owner, TraderCommand command, Instant time) {
    this.now = time;
    UserSessions s = sessions.get(owner);
    String planOwner = ownerOfPlan.get(command.planId());
    if (s == null || !owner.equals(planOwner)) {
      return new UserSession.Refusal(command).asStep();
    }
    resting.prepare(s);
    Step step = s.command(command, tickIndex, time);
    handleAll(List.of(new SessionStep(s, step)));
    drainPending();
    return step;
  }

  /** Sends a persisted step's orders and cancels (or refuses them) and updates the level gate. */
  private void execute(UserSessions s, Step step, EngineListener.SendDecision decision) {
    boolean recorded = decision == EngineListener.SendDecision.SEND;
    for (Object intent : step.intents()) {
      if (intent instanceof OrderIntent o) {
        OrderRef ref = o.request().ref();
        SubmitResult r =
            recorded ? broker.submit(o.request()) : SubmitResult.denied("intent not recorded");
        if (r.accepted()) {
          metrics.orderSent();
          if (r.adjustment() != null) {
            recordSentAs(s.owner(), o.request(), r.adjustment());
          }
        }
        if (r.code() == SubmitResult.Code.DENIED) {
          // A local refusal: the order never left. Its own outcome, never a broker rejection.
          pending.add(OrderUpdate.denied(ref, r.reason()));
        } else if (r.code() == SubmitResult.Code.DUPLICATE) {
          alert(s.owner(), "broker refused a duplicate of " + ref + ": " + r.reason());
        }
      } else if (intent instanceof CancelIntent c && recorded) {
        SubmitResult r = broker.cancel(c.ref());
        if (!r.accepted()) {
          alert(s.owner(), "cancel of " + c.ref() + " not sent: " + r.reason());
        }
      }
    }
    for (PlanSnapshot p : step.changed()) {
      if (p.status().isTerminal()) {
        gate.remove(p.planId());
        keepEnded(p.planId());
      } else {
        resting.register(s, s.plan(p.planId()));
      }
    }
  }

  /**
   * An ended plan stays in its session for a while: IB reports commissions after the closing
   * execution, and a fill can lose the race with a cancel; both must still reach the plan (a
   * commission is part of realized P&L). Past {@link #ENDED_PLANS_KEPT} the oldest ended plan
   * leaves its session; a report for it after that is an operator alert.
   */
  private void keepEnded(String planId) {
    ended.remove(planId);
    ended.put(planId, Boolean.TRUE);
    while (ended.size() > ENDED_PLANS_KEPT) {
      String oldest = ended.keySet().iterator().next();
      ended.remove(oldest);
      String owner = ownerOfPlan.remove(oldest);
      UserSessions s = owner == null ? null : sessions.get(owner);
      if (s != null) {
        s.removePlan(oldest);
      }
    }
    recount();
  }

  private void recount() {
    livePlans = ownerOfPlan.size() - ended.size();
  }

  /**
   * The broker sent {@code request} at other prices than the rules asked (moved onto its tick grid
   * at the send): the plan's history says so, after the ORDER event of the step that decided it, so
   * that the history shows the price that actually left (the broker's answer is the one source).
   */
  private void recordSentAs(String owner, OrderRequest request, String how) {
    PlanEvent e =
        PlanEvent.sentAs(request.ref(), tickIndex, now, request.action(), request.quantity(), how);
    listener.onStep(owner, new Step(List.of(), List.of(e), List.of(), List.of(), List.of()));
  }

  private void alert(String owner, String message) {
    listener.onStep(owner, new Step(List.of(), List.of(), List.of(), List.of(), List.of(message)));
  }

  /** Applies the reports queued while this core was running, until none is left. */
  public void drainPending() {
    int rounds = 0;
    while (!pending.isEmpty()) {
      if (++rounds > PENDING_REPORTS_MAX) {
        alert("?", "broker reports keep arriving while applying them: stopped after " + rounds);
        pending.clear();
        return;
      }
      List<Object> batch = new ArrayList<>(pending);
      pending.clear();
      applyReports(batch);
    }
  }

  /** Applies reports, each owner's in order, and carries out the owners' steps together. */
  private void applyReports(List<?> reports) {
    List<SessionStep> steps = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : byOwner(reports).entrySet()) {
      UserSessions s = sessions.get(e.getKey());
      resting.prepare(s);
      steps.add(new SessionStep(s, s.reports(e.getValue(), tickIndex, now)));
    }
    handleAll(steps);
  }

  /**
   * Groups reports by the owner of their plan, keeping each owner's order. A report for a plan this
   * core does not monitor (it ended, or it was never here) is never dropped silently: it is an
   * alert, because a late fill on an ended plan is a position nobody manages.
   */
  private Map<String, List<Object>> byOwner(List<?> reports) {
    Map<String, List<Object>> byOwner = new LinkedHashMap<>();
    for (Object r : reports) {
      String owner = ownerOfPlan.get(Reports.planId(r));
      if (owner == null) {
        alert("?", "broker report for no monitored plan: " + r);
        continue;
      }
      byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(r);
    }
    return byOwner;
  }

  private void enqueue(Object report) {
    if (pending.size() >= PENDING_REPORTS_MAX) {
      throw new IllegalStateException(
          "more than " + PENDING_REPORTS_MAX + " broker reports pending");
    }
    pending.add(report);
  }

  @Override
  public void onOrderUpdate(OrderUpdate update) {
    enqueue(update);
  }

  @Override
  public void onFill(Fill fill) {
    enqueue(fill);
  }

  @Override
  public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {
    enqueue(new Commission(executionId, ref, commission));
  }

  /** Sets the tick index and time stamped on events of reports applied outside a tick. */
  public void setClock(long index, Instant time) {
    this.tickIndex = index;
    this.now = time;
  }

  /**
   * The plans this core watches now: every plan held that has not ended (ended plans kept for late
   * reports excluded). Safe to call from any thread: the count is published after every change.
   */
  public int monitoredPlans() {
    return livePlans;
  }

  /** The live plans of {@code owner} in this core; on the owning thread only. */
  public int livePlansOf(String owner) {
    UserSessions s = sessions.get(owner);
    return s == null ? 0 : s.livePlans();
  }

  /**
   * True when {@code owner}'s sessions are prepared, false while at rest or not here; on the owning
   * thread only (tests, and a memory figure's reader).
   */
  boolean isPrepared(String owner) {
    UserSessions s = sessions.get(owner);
    return s != null && s.prepared();
  }

  public Collection<String> users() {
    return sessions.keySet();
  }

  /** The plans of {@code owner} this core holds (monitored or ended and kept). */
  public java.util.Set<String> planIdsOf(String owner) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    ownerOfPlan.forEach(
        (plan, o) -> {
          if (o.equals(owner)) {
            ids.add(plan);
          }
        });
    return ids;
  }
}
