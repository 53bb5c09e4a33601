package com.tradeplan.engine;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.CommandRefused;
import com.tradeplan.engine.facts.MarketFacts;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.engine.facts.TraderCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's rule sessions: one {@link UserSession} (one KieSession) per rule-set version that a
 * plan of the user is pinned to, so a plan runs on the version it was activated with until it ends
 * while the user's new plans run on the version deployed since (docs/rules.md, "Versions"). Made on
 * the first plan of a version, closed when its last plan leaves. Most users have one; the memory
 * cost of a second is that of a session (about 11-30 KB plus the plans' facts), the KieBase being
 * shared by every user of the version.
 *
 * <p>A step of the user is the steps of its sessions, in the order the sessions were made, joined
 * into one: the plans of different sessions are independent, as are different users'. Snapshots a
 * session reports carry its pin. Not thread-safe: the owning lane's thread only, like {@link
 * UserSession}.
 *
 * <p>The user's sessions are at rest or prepared together ({@link UserSession#prepare}): a step of
 * the user steps all of them, so a user half prepared would have sessions prepared behind the
 * core's back. Once prepared, every session made for a new pin is prepared at once.
 */
final class UserSessions implements AutoCloseable {
  private final String owner;
  private final RuleSets rules;
  private final EngineMetrics metrics;
  private final Map<Integer, UserSession> byPin = new LinkedHashMap<>();
  private final Map<String, Integer> pinOfPlan = new HashMap<>();
  private boolean prepared;

  /** The key of unpinned plans in {@link #byPin} (versions start at 1). */
  private static final int UNPINNED = 0;

  UserSessions(String owner, RuleSets rules, EngineMetrics metrics) {
    this.owner = owner;
    this.rules = rules;
    this.metrics = metrics;
  }

  String owner() {
    return owner;
  }

  /** True once the user's sessions are prepared ({@link #prepare}); false while at rest. */
  boolean prepared() {
    return prepared;
  }

  /** Prepares every session of the user ({@link UserSession#prepare}); then keeps them prepared. */
  void prepare() {
    byPin.values().forEach(UserSession::prepare);
    prepared = true;
  }

  /**
   * Adds a plan to the session of its pin, made first if needed; at rest while the user is ({@link
   * UserSession#addPlanAtRest}). The bound on live plans ({@link UserSession#PLANS_MAX}) is the
   * user's, across its sessions.
   */
  void addPlan(PlanSnapshot snapshot) {
    if (!snapshot.status().isTerminal() && livePlans() >= UserSession.PLANS_MAX) {
      throw new IllegalStateException(
          "user "
              + owner
              + " has "
              + UserSession.PLANS_MAX
              + " live plans (UserSession.PLANS_MAX)");
    }
    if (pinOfPlan.containsKey(snapshot.planId())) {
      throw new IllegalArgumentException(
          "plan " + snapshot.planId() + " is already in the session");
    }
    int key = key(snapshot.ruleSetVersion());
    UserSession s = byPin.get(key);
    if (s == null) {
      s = new UserSession(owner, rules.forPin(snapshot.ruleSetVersion()), metrics);
      byPin.put(key, s);
    }
    try {
      if (prepared) {
        s.addPlan(snapshot);
      } else {
        s.addPlanAtRest(snapshot);
      }
    } catch (RuntimeException e) {
      closeIfEmpty(key);
      throw e;
    }
    pinOfPlan.put(snapshot.planId(), key);
  }

  /** Takes a plan out; its session is closed when it was the last plan in it. */
  void removePlan(String planId) {
    Integer key = pinOfPlan.remove(planId);
    if (key != null) {
      byPin.get(key).removePlan(planId);
      closeIfEmpty(key);
    }
  }

  private void closeIfEmpty(int key) {
    UserSession s = byPin.get(key);
    if (s != null && s.plans().isEmpty()) {
      byPin.remove(key).close();
    }
  }

  PlanState plan(String planId) {
    Integer key = pinOfPlan.get(planId);
    return key == null ? null : byPin.get(key).plan(planId);
  }

  /** The plan's snapshot, with its pin; null when not here. */
  PlanSnapshot snapshot(String planId) {
    PlanState p = plan(planId);
    return p == null ? null : pinned(p.snapshot(), pinOfPlan.get(planId));
  }

  Collection<PlanState> plans() {
    List<PlanState> all = new ArrayList<>();
    byPin.values().forEach(s -> all.addAll(s.plans()));
    return all;
  }

  int livePlans() {
    int live = 0;
    for (UserSession s : byPin.values()) {
      live += s.livePlans();
    }
    return live;
  }

  /** The rule-set pins of the user's sessions (0: unpinned), for tests and the memory figure. */
  List<Integer> pins() {
    return List.copyOf(byPin.keySet());
  }

  /**
   * Evaluates a tick in each of the user's sessions. A step prepares the user first, as every step
   * below does: {@link EngineCore} prepares it before (and moves its plans' gate bands), so this is
   * the guard of the invariant, not the usual path.
   */
  Step tick(Tick tick, long tickIndex, MarketFacts market) {
    prepare();
    if (byPin.size() == 1) {
      Map.Entry<Integer, UserSession> only = byPin.entrySet().iterator().next();
      return pinned(only.getValue().tick(tick, tickIndex, market), only.getKey());
    }
    List<Step> steps = new ArrayList<>();
    byPin.forEach((key, s) -> steps.add(pinned(s.tick(tick, tickIndex, market), key)));
    return joined(steps);
  }

  /**
   * Applies reports, each to the session of its plan, in order within a session. A report for a
   * plan not here is an alert.
   */
  Step reports(List<?> reports, long tickIndex, Instant time) {
    prepare();
    Map<Integer, List<Object>> bySession = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    for (Object r : reports) {
      Integer key = pinOfPlan.get(Reports.planId(r));
      if (key == null) {
        steps.add(
            new Step(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of("report for a plan not in " + owner + "'s session: " + r)));
      } else {
        bySession.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
      }
    }
    bySession.forEach(
        (key, rs) -> steps.add(pinned(byPin.get(key).reports(rs, tickIndex, time), key)));
    return joined(steps);
  }

  Step command(TraderCommand command, long tickIndex, Instant time) {
    Integer key = pinOfPlan.get(command.planId());
    if (key == null) {
      return new UserSession.Refusal(command).asStep();
    }
    prepare();
    return pinned(byPin.get(key).command(command, tickIndex, time), key);
  }

  private static int key(Integer pin) {
    return pin == null ? UNPINNED : pin;
  }

  private static PlanSnapshot pinned(PlanSnapshot s, int key) {
    return key == UNPINNED ? s : s.withRuleSetVersion(key);
  }

  /** The step with every changed snapshot carrying the session's pin. */
  private static Step pinned(Step step, int key) {
    if (key == UNPINNED || step.changed().isEmpty()) {
      return step;
    }
    List<PlanSnapshot> changed = new ArrayList<>(step.changed().size());
    step.changed().forEach(s -> changed.add(pinned(s, key)));
    return new Step(step.intents(), step.events(), changed, step.refused(), step.alerts());
  }

  private static Step joined(List<Step> steps) {
    List<Step> some = steps.stream().filter(s -> !s.isEmpty()).toList();
    if (some.isEmpty()) {
      return Step.EMPTY;
    }
    if (some.size() == 1) {
      return some.get(0);
    }
    List<Object> intents = new ArrayList<>();
    List<PlanEvent> events = new ArrayList<>();
    List<PlanSnapshot> changed = new ArrayList<>();
    List<CommandRefused> refused = new ArrayList<>();
    List<String> alerts = new ArrayList<>();
    for (Step s : some) {
      intents.addAll(s.intents());
      events.addAll(s.events());
      changed.addAll(s.changed());
      refused.addAll(s.refused());
      alerts.addAll(s.alerts());
    }
    return new Step(intents, events, changed, refused, alerts);
  }

  @Override
  public void close() {
    byPin.values().forEach(UserSession::close);
    byPin.clear();
    pinOfPlan.clear();
  }
}
