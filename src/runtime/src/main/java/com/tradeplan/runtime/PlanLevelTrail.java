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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * store) and {@link #PLANS_MAX} plans in memory (past it the plan recorded or read least recently
 * is forgotten here; its stored points stay).
 *
 * <p>Thread-safe without a lock shared by the lanes: the plans are in a concurrent map and each
 * plan's points are guarded by that plan's own monitor, which only the plan's lane and a publish or
 * a chart read of the same plan take (a record compares a few decimals and adds a point only on a
 * change). A plan that trails takes its monitor on every tick and no other lane ever waits for it.
 * The one exception is the plan bound: the thread that brings plan {@code PLANS_MAX + 1} in scans
 * the plans for the one used least recently (a scan of the map, once per new plan past the bound)
 * and takes that plan's monitor to forget it, so a lane recording it at that moment either finishes
 * first or starts the plan again.
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

  /**
   * One plan's points here, whether a step of the engine recorded one, and whether the plan bound
   * forgot it (then it is out of the map, and a record takes the plan's new trail instead); all
   * three guarded by this trail's monitor. {@code usedNanos}: when it was last recorded or read,
   * for the plan bound (read by the scan without the monitor).
   */
  private static final class Trail {
    final ArrayDeque<Point> points = new ArrayDeque<>();
    boolean stepped;
    boolean forgotten;
    volatile long usedNanos = System.nanoTime();
  }

  private final Clock clock;
  private final ChartHistoryQueue history;
  private final ConcurrentHashMap<String, Trail> byPlan = new ConcurrentHashMap<>();

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
    while (true) {
      Trail trail = trailOf(s.planId());
      synchronized (trail) {
        if (trail.forgotten) {
          continue; // forgotten by the plan bound a moment ago: the plan starts a new trail
        }
        trail.usedNanos = System.nanoTime();
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
          // Under the plan's monitor, so the store gets a plan's points in this order; never waits.
          history.offerLevelPoint(s.planId(), s.plan().owner(), p.stored());
        }
        return;
      }
    }
  }

  /** The plan's trail, a new one when it has none (then past the plan bound, one is forgotten). */
  private Trail trailOf(String planId) {
    Trail known = byPlan.get(planId);
    if (known != null) {
      return known;
    }
    Trail created = new Trail();
    known = byPlan.putIfAbsent(planId, created);
    if (known != null) {
      return known;
    }
    while (byPlan.size() > PLANS_MAX && forgetLeastRecentlyUsed(created)) {
      // one plan out per turn; another thread's new plan may need one more
    }
    return created;
  }

  /**
   * Forgets the plan recorded or read least recently, other than {@code kept} (the plan being
   * added). Called holding no trail's monitor, so two lanes forgetting at once cannot wait on each
   * other. False when there is no other plan.
   */
  private boolean forgetLeastRecentlyUsed(Trail kept) {
    Map.Entry<String, Trail> eldest = null;
    for (Map.Entry<String, Trail> e : byPlan.entrySet()) {
      Trail t = e.getValue();
      if (t != kept && (eldest == null || t.usedNanos - eldest.getValue().usedNanos < 0)) {
        eldest = e;
      }
    }
    if (eldest == null) {
      return false;
    }
    Trail t = eldest.getValue();
    synchronized (t) {
      if (byPlan.remove(eldest.getKey(), t)) {
        t.forgotten = true;
      }
    }
    return true; // forgotten here, or by another thread a moment before
  }

  /**
   * The plan's points, oldest first: those stored (before a restart, or by the member that ran the
   * plan before) and those recorded here that are not stored yet; a point with the same levels as
   * the one before it is left out. Reads the store on the caller's thread. Empty when none is
   * known.
   */
  List<Point> trail(String planId) {
    List<Point> local = List.of();
    Trail t = byPlan.get(planId);
    if (t != null) {
      synchronized (t) {
        if (!t.forgotten) {
          t.usedNanos = System.nanoTime();
          local = List.copyOf(t.points);
        }
      }
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
