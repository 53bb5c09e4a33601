package com.tradeplan.runtime;

import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Each plan's levels over time, for the plan page's chart (issue 18, point 3): the entry, the
 * stops, the targets not fired, the active stop and the trailing stop's level, one point each time
 * any of them changed. Fed with every state of a plan the engine changed ({@code StepPersistence},
 * on the thread that persists a step: an edit, a change of exits, a new best price of a trailing
 * stop, a fill) and every state published live ({@link LiveHub#publish}: a draft saved, a plan
 * activated); a state whose levels equal the last point's adds nothing (a few comparisons).
 *
 * <p>In memory, on the member that runs the plan's user (where its updates are published): a
 * restart or a take-over by another member starts a plan's trail again from its levels then, and a
 * read answered by another member finds no trail (docs/api.md, "Plan levels over time").
 *
 * <p>Bounded: at most {@link #POINTS_MAX} points per plan (past it the oldest goes) and {@link
 * #PLANS_MAX} plans (past it the plan changed least recently is forgotten). Thread-safe, one lock:
 * a publish compares a few decimals and adds a point only on a change.
 */
public final class PlanLevelTrail {
  static final int POINTS_MAX = 2_000;
  static final int PLANS_MAX = 20_000;

  /**
   * The levels from {@code time} on: {@code stops} the plan's fixed stops in their order, {@code
   * targets} those not fired (null in the place of a fired one), {@code trailingLevel} the trailing
   * stop's level once it has one.
   */
  public record Point(
      Instant time,
      BigDecimal entry,
      List<BigDecimal> stops,
      List<BigDecimal> targets,
      BigDecimal activeStop,
      BigDecimal trailingLevel) {
    boolean sameLevels(Point o) {
      return Objects.equals(entry, o.entry)
          && stops.equals(o.stops)
          && targets.equals(o.targets)
          && Objects.equals(activeStop, o.activeStop)
          && Objects.equals(trailingLevel, o.trailingLevel);
    }
  }

  private final Clock clock;
  private final Map<String, ArrayDeque<Point>> byPlan =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Point>> eldest) {
          return size() > PLANS_MAX;
        }
      };

  PlanLevelTrail(Clock clock) {
    this.clock = clock;
  }

  /** Adds the snapshot's levels as a point of now when they differ from the plan's last point. */
  void record(PlanSnapshot s) {
    Point p = pointOf(s, clock.instant());
    synchronized (this) {
      ArrayDeque<Point> trail = byPlan.computeIfAbsent(s.planId(), id -> new ArrayDeque<>());
      Point last = trail.peekLast();
      if (last != null && last.sameLevels(p)) {
        return;
      }
      trail.addLast(p);
      while (trail.size() > POINTS_MAX) {
        trail.removeFirst();
      }
    }
  }

  /** The plan's points, oldest first; empty when none was recorded here. */
  synchronized List<Point> trail(String planId) {
    ArrayDeque<Point> trail = byPlan.get(planId);
    return trail == null ? List.of() : List.copyOf(trail);
  }

  static Point pointOf(PlanSnapshot s, Instant at) {
    List<BigDecimal> stops = new ArrayList<>(s.plan().stops().size());
    for (Stop st : s.plan().stops()) {
      stops.add(st.price());
    }
    List<BigDecimal> targets = new ArrayList<>(s.plan().targets().size());
    for (int i = 0; i < s.plan().targets().size(); i++) {
      Target t = s.plan().targets().get(i);
      targets.add(Boolean.TRUE.equals(s.targetFired().get(i)) ? null : t.price());
    }
    BigDecimal trailing = null;
    for (StopSnapshot st : s.stops()) {
      if (st.kind() == StopKind.TRAILING) {
        trailing = st.level();
      }
    }
    return new Point(
        at,
        s.plan().entry().price(),
        java.util.Collections.unmodifiableList(stops),
        java.util.Collections.unmodifiableList(targets),
        s.activeStop(),
        trailing);
  }
}
