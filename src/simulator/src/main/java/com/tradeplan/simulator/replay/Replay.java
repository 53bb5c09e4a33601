package com.tradeplan.simulator.replay;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.RuleSets;
import com.tradeplan.engine.Step;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.simulator.report.RunComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays one user's recorded lane entries through a fresh {@link EngineCore} (the simulator's
 * engine, the production rules) with a {@link RecordedBroker}: plans added as the lane added them
 * (re-pinned to {@code pin} when one is chosen), ticks evaluated as the lane evaluated them, the
 * recorded reports and commands at their recorded times. A lane's restart ({@link
 * LaneInput.Started}) starts a fresh core, as the process did; restored plans resume from the
 * replay's own state of them when it has one (what it computed), else from the recorded one.
 *
 * <p>Then every plan's replayed history is compared with its live one ({@link
 * RunComparison#divergence}), events at or after {@code from} only, and the orders the replay sent
 * with those sent live. Deterministic: the same entries give the same result.
 */
public final class Replay {
  /** Progress and cancellation, asked between entries. */
  public interface Control {
    default void progress(long done, long total) {}

    default boolean cancelled() {
      return false;
    }
  }

  private final RuleSets rules;
  private final Integer pin;
  private final String rulesLabel;

  /**
   * @param rules the versions plans resolve to
   * @param pin the version every plan runs on instead of its recorded one; null: as recorded
   * @param rulesLabel how the result names the rules ("recorded versions", "version 3")
   */
  public Replay(RuleSets rules, Integer pin, String rulesLabel) {
    this.rules = rules;
    this.pin = pin;
    this.rulesLabel = rulesLabel;
  }

  /** Replays {@code entries} of {@code owner}; {@code problems} are the recording's own. */
  public ReplayResult run(
      String owner,
      List<LaneInput> entries,
      List<String> problems,
      Instant from,
      Instant to,
      Control control) {
    Map<OrderRef, SubmitResult> submits = new HashMap<>();
    Map<OrderRef, SubmitResult> cancels = new HashMap<>();
    List<OrderRequest> liveOrders = new ArrayList<>();
    for (LaneInput e : entries) {
      if (e instanceof LaneInput.OrderSent o) {
        submits.putIfAbsent(o.request().ref(), o.result());
        liveOrders.add(o.request());
      } else if (e instanceof LaneInput.CancelSent c) {
        cancels.putIfAbsent(c.ref(), c.result());
      }
    }
    RecordedBroker broker = new RecordedBroker(submits, cancels);
    Collector replayed = new Collector();
    Map<String, List<PlanEvent>> live = new LinkedHashMap<>();
    List<String> links = new ArrayList<>();
    List<String> allProblems = new ArrayList<>(problems);
    if (entries.isEmpty()) {
      allProblems.add("nothing is recorded for " + owner + " in this window");
    }
    EngineCore core = null;
    long done = 0;
    for (LaneInput e : entries) {
      if (control.cancelled()) {
        allProblems.add("cancelled after " + done + " of " + entries.size() + " entries");
        break;
      }
      if (e instanceof LaneInput.Started || core == null) {
        core =
            new EngineCore(rules, broker, replayed, true, com.tradeplan.engine.EngineMetrics.NONE);
        broker.setListener(core);
      }
      apply(core, e, broker, replayed, live, links);
      control.progress(++done, entries.size());
    }
    List<ReplayResult.PlanReplay> plans = new ArrayList<>();
    RunComparison.Divergence first = null;
    List<String> ids = new ArrayList<>(live.keySet());
    replayed.events.keySet().stream().filter(id -> !live.containsKey(id)).forEach(ids::add);
    for (String id : ids) {
      List<PlanEvent> a = inWindow(live.getOrDefault(id, List.of()), from);
      List<PlanEvent> b = inWindow(replayed.events.getOrDefault(id, List.of()), from);
      RunComparison.Divergence d = RunComparison.divergence(id, a, b);
      plans.add(new ReplayResult.PlanReplay(id, a, b, d));
      if (d != null && (first == null || timeOf(d).isBefore(timeOf(first)))) {
        first = d;
      }
    }
    List<OrderRequest> replayOrders = broker.decisions();
    return new ReplayResult(
        owner,
        from,
        to,
        rulesLabel,
        allProblems,
        plans,
        first,
        liveOrders,
        replayOrders,
        firstDifference(liveOrders, replayOrders),
        broker.held(),
        links,
        replayed.alerts);
  }

  private void apply(
      EngineCore core,
      LaneInput e,
      RecordedBroker broker,
      Collector replayed,
      Map<String, List<PlanEvent>> live,
      List<String> links) {
    if (e instanceof LaneInput.PlansAdded p) {
      for (PlanSnapshot s : p.snapshots()) {
        PlanSnapshot own = p.restored() ? replayed.last.get(s.planId()) : null;
        PlanSnapshot start = own != null ? own : s;
        core.addPlan(pin == null ? start : start.withRuleSetVersion(pin));
        replayed.last.put(s.planId(), start);
      }
    } else if (e instanceof LaneInput.TickSeen t) {
      core.onTick(t.tick(), -1);
    } else if (e instanceof LaneInput.ReportsSeen r) {
      core.onReports(broker.deliverable(r.reports()), r.time());
    } else if (e instanceof LaneInput.CommandRun c) {
      core.command(c.owner(), c.command(), c.time());
    } else if (e instanceof LaneInput.UserRemoved u) {
      core.removeUser(u.owner());
    } else if (e instanceof LaneInput.EventsEmitted ev) {
      for (PlanEvent x : ev.events()) {
        live.computeIfAbsent(x.planId(), k -> new ArrayList<>()).add(x);
      }
    } else if (e instanceof LaneInput.LinkChanged l) {
      links.add(l.time() + " " + l.state());
    }
  }

  private static List<PlanEvent> inWindow(List<PlanEvent> events, Instant from) {
    if (from == null) {
      return events;
    }
    return events.stream().filter(e -> e.time() == null || !e.time().isBefore(from)).toList();
  }

  private static Instant timeOf(RunComparison.Divergence d) {
    Instant t = d.earlier().time();
    return t == null ? Instant.MIN : t;
  }

  /** The index of the first order that differs in what was sent; -1 when none. */
  private static int firstDifference(List<OrderRequest> a, List<OrderRequest> b) {
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (i >= a.size() || i >= b.size() || !sameOrder(a.get(i), b.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameOrder(OrderRequest x, OrderRequest y) {
    return x.ref().equals(y.ref())
        && x.action() == y.action()
        && x.type() == y.type()
        && x.quantity() == y.quantity()
        && sameDecimal(x.limitPrice(), y.limitPrice())
        && sameDecimal(x.stopPrice(), y.stopPrice());
  }

  private static boolean sameDecimal(java.math.BigDecimal x, java.math.BigDecimal y) {
    return x == null ? y == null : y != null && x.compareTo(y) == 0;
  }

  /** The replayed engine's listener: every step's events by plan, its plans' latest state. */
  private static final class Collector implements EngineListener {
    final Map<String, List<PlanEvent>> events = new LinkedHashMap<>();
    final Map<String, PlanSnapshot> last = new HashMap<>();
    final List<String> alerts = new ArrayList<>();

    @Override
    public void onStep(String owner, Step step) {
      for (PlanEvent e : step.events()) {
        events.computeIfAbsent(e.planId(), k -> new ArrayList<>()).add(e);
      }
      for (PlanSnapshot s : step.changed()) {
        last.put(s.planId(), s);
      }
      alerts.addAll(step.alerts());
    }
  }
}
