package com.tradeplan.runtime;

import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import com.tradeplan.runtime.charts.ChartHistoryQueue;
import com.tradeplan.store.ChartHistory.LevelPoint;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Each plan's levels over time, for the plan page's chart (issue 18, point 3): the entry, the
 * stops, the targets not fired, the active stop and the trailing stop's level, one point each time
 * any of them changed.
 *
 * <p>Fed from the engine's step output: {@link #record} is called by {@code StepPersistence} on the
 * lane, for each step's result of the plan (an edit, a change of exits, a fill, a new best price of
 * a trailing stop), in the lane's order and before the store writer coalesces the snapshots it
 * writes; so two level changes that end up in one store write are two points here. States that
 * never reach a lane as a step (a draft saved or edited, a plan activated before its first step)
 * come from the live updates ({@link #recordPublished}), which count only until the plan's first
 * step: a publish runs on another thread and may carry a state older than a step recorded a moment
 * before, which must not become the plan's last point.
 *
 * <p>Kept in memory on the member that runs the plan's user, and every new point is also offered to
 * the store ({@link ChartHistoryQueue}: off this thread, bounded; a point refused there is kept
 * here only). {@link #trail} answers the stored points merged with this member's, so after a
 * restart or a take-over a plan's chart keeps the points recorded before it, and any member can
 * answer.
 *
 * <p>Bounded: at most {@link #POINTS_MAX} points per plan (past it the oldest goes, here and in the
 * store) and {@link #PLANS_MAX} plans in memory (past it the plan changed least recently is
 * forgotten here; its stored points stay). Thread-safe, one lock: a record compares a few decimals
 * and adds a point only on a change.
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

    LevelPoint stored() {
      return new LevelPoint(time, entry, stops, targets, activeStop, trailingLevel);
    }

    static Point of(LevelPoint p) {
      return new Point(
          p.time(), p.entry(), p.stops(), p.targets(), p.activeStop(), p.trailingLevel());
    }
  }

  /** One plan's points here, and whether a step of the engine recorded one. */
  private static final class Trail {
    final ArrayDeque<Point> points = new ArrayDeque<>();
    boolean stepped;
  }

  private final Clock clock;
  private final ChartHistoryQueue history;
  private final Map<String, Trail> byPlan =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Trail> eldest) {
          return size() > PLANS_MAX;
        }
      };

  /** In memory only (no store). */
  PlanLevelTrail(Clock clock) {
    this(clock, null);
  }

  /**
   * @param history where new points are stored and stored points are read; null: memory only
   */
  PlanLevelTrail(Clock clock, ChartHistoryQueue history) {
    this.clock = clock;
    this.history = history;
  }

  /**
   * A step's result of the plan (on the lane): adds its levels as a point of now when they differ
   * from the plan's last point.
   */
  void record(PlanSnapshot s) {
    add(s, true);
  }

  /**
   * A state published live (a draft saved, a plan activated): as {@link #record}, but only while no
   * step of the plan was recorded here (see the class comment).
   */
  void recordPublished(PlanSnapshot s) {
    add(s, false);
  }

  private void add(PlanSnapshot s, boolean step) {
    Point p = pointOf(s, clock.instant());
    synchronized (this) {
      Trail trail = byPlan.computeIfAbsent(s.planId(), id -> new Trail());
      if (!step && trail.stepped) {
        return;
      }
      trail.stepped |= step;
      Point last = trail.points.peekLast();
      if (last != null && last.sameLevels(p)) {
        return;
      }
      trail.points.addLast(p);
      while (trail.points.size() > POINTS_MAX) {
        trail.points.removeFirst();
      }
      if (history != null) {
        // Under the lock, so the store gets a plan's points in this order; never waits.
        history.offerLevelPoint(s.planId(), s.plan().owner(), p.stored());
      }
    }
  }

  /**
   * The plan's points, oldest first: those stored (before a restart, or by the member that ran the
   * plan before) and those recorded here that are not stored yet; a point with the same levels as
   * the one before it is left out. Reads the store on the caller's thread. Empty when none is
   * known.
   */
  List<Point> trail(String planId) {
    List<Point> local;
    synchronized (this) {
      Trail t = byPlan.get(planId);
      local = t == null ? List.of() : List.copyOf(t.points);
    }
    if (history == null) {
      return local;
    }
    Set<Point> all = new LinkedHashSet<>();
    for (LevelPoint p : history.levelPoints(planId)) {
      all.add(Point.of(p));
    }
    all.addAll(local);
    List<Point> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(Point::time)); // stable: equal times keep their order
    List<Point> out = new ArrayList<>(sorted.size());
    for (Point p : sorted) {
      if (out.isEmpty() || !out.get(out.size() - 1).sameLevels(p)) {
        out.add(p);
      }
    }
    return List.copyOf(
        out.size() <= POINTS_MAX ? out : out.subList(out.size() - POINTS_MAX, out.size()));
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
