package com.tradeplan.engine;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.Commission;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.engine.recording.LaneRecorder;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The production engine: a fixed pool of {@link Lane}s, each a thread that owns an {@link
 * EngineCore} and so every session of the users hashed to it (single writer: no locks on rule
 * state).
 *
 * <p>Storms coalesce, never drop. {@link #onTick} never waits: per lane, a tick is folded into its
 * symbol's waiting {@link TickBatch} (first, low, high, last) and only a symbol with no batch
 * waiting puts one in the lane's queue. When the lane gets to the batch it evaluates at most four
 * ticks (the first, the extremes in the order they came, the last): one tick waiting is evaluated
 * as itself, so nothing changes for a lane that keeps up. Every level the waiting ticks reached is
 * reached by that path (the class comment of {@link TickBatch} says what it does not keep). The
 * ticks folded away are counted ({@link #ticksCoalesced()}, {@link EngineMetrics#ticksCoalesced});
 * those waiting are {@link #ticksPending()}. The thread that reads market data (IB's reader)
 * therefore never waits on a lane because of ticks.
 *
 * <p>Within one evaluated tick the users it wakes are decided protection first ({@link
 * ProtectionFirst}): the user with the plan nearest to (or through) its active stop first, entries
 * last.
 *
 * <p>Broker reports, trader commands and plan changes keep their place in the queue and are never
 * dropped; at most {@code inboxCapacity} of them wait per lane, and a sender that finds that many
 * waits for room with an alert (the lane has stopped applying them: a store or cluster it waits
 * on). Ticks never count towards that bound. Everything runs in the order it was queued, except the
 * plans of a user taken over or rebuilt ({@link #restorePlans}), which go to the head.
 */
public final class LaneEngine implements BrokerListener, AutoCloseable {
  private final Lane[] lanes;
  private final LaneRecording[] recordings;
  private final ConcurrentHashMap<String, String> ownerOfPlan = new ConcurrentHashMap<>();
  private final AtomicLong ticksCoalesced = new AtomicLong();
  private final Clock clock;
  private final EngineListener listener;

  public LaneEngine(
      RuleSet rules,
      Broker broker,
      EngineListener listener,
      int laneCount,
      int inboxCapacity,
      Clock clock) {
    this(rules, broker, listener, laneCount, inboxCapacity, clock, EngineMetrics.NONE);
  }

  public LaneEngine(
      RuleSet rules,
      Broker broker,
      EngineListener listener,
      int laneCount,
      int inboxCapacity,
      Clock clock,
      EngineMetrics metrics) {
    this(RuleSets.single(rules), broker, listener, laneCount, inboxCapacity, clock, metrics);
  }

  /** Lanes whose sessions are made from the rule-set version each plan is pinned to. */
  public LaneEngine(
      RuleSets rules,
      Broker broker,
      EngineListener listener,
      int laneCount,
      int inboxCapacity,
      Clock clock,
      EngineMetrics metrics) {
    this(rules, broker, listener, laneCount, inboxCapacity, clock, metrics, LaneRecorder.NONE);
  }

  /**
   * As above, each lane handing what its core saw and decided to {@code recorder} (the incident
   * recording: {@link LaneInput}), on the lane's thread, in the order it ran it.
   */
  public LaneEngine(
      RuleSets rules,
      Broker broker,
      EngineListener listener,
      int laneCount,
      int inboxCapacity,
      Clock clock,
      EngineMetrics metrics,
      LaneRecorder recorder) {
    if (laneCount < 1 || inboxCapacity < 1) {
      throw new IllegalArgumentException("lanes and inbox capacity must be >= 1");
    }
    this.clock = clock;
    this.listener = listener;
    this.lanes = new Lane[laneCount];
    this.recordings = new LaneRecording[laneCount];
    for (int i = 0; i < laneCount; i++) {
      LaneRecording recording = new LaneRecording(i, recorder);
      recordings[i] = recording;
      lanes[i] =
          new Lane(
              i,
              new EngineCore(
                  rules, recording.broker(broker), recording.listener(listener), true, metrics),
              inboxCapacity,
              listener,
              metrics,
              clock,
              ticksCoalesced,
              recording);
    }
    broker.setListener(this);
    for (int i = 0; i < laneCount; i++) {
      recordings[i].record(new LaneInput.Started(clock.instant(), laneCount));
      lanes[i].thread.start();
    }
  }

  private Lane laneOf(String owner) {
    return lanes[laneIndexOf(owner)];
  }

  private LaneRecording recordingOf(String owner) {
    return recordings[laneIndexOf(owner)];
  }

  /** The index of the lane that owns {@code owner}'s sessions. */
  int laneIndexOf(String owner) {
    return laneIndexOf(owner, lanes.length);
  }

  /** The lane of {@code owner} among {@code laneCount} (a replay finds a user's lane with it). */
  public static int laneIndexOf(String owner, int laneCount) {
    return Math.floorMod(owner.hashCode(), laneCount);
  }

  /**
   * Resumes monitoring a user's plans taken over from another member or rebuilt (failover, a
   * restart, a held send): one message at the <em>head</em> of the owner's lane inbox, so that the
   * plans are back in the engine as soon as the lane finishes its current message, not after a
   * backlog of other users' ticks and reports. Safe for restored plans only: they were monitored
   * before, every rule on a tick is a monotone function of the prices seen (eligibility, triggers
   * and the trailing level only advance, a target fires once), so evaluating a tick that waited in
   * the inbox from before the take-over is what the previous member did or would have done. A newly
   * activated plan goes through {@link #addPlan} instead: it must see no tick that arrived before
   * its activation. Completes when the plans are monitored; use {@link #barrier} to know when the
   * lane has also run everything queued before this call.
   */
  public CompletableFuture<Void> restorePlans(List<PlanSnapshot> snapshots) {
    if (snapshots.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    String owner = snapshots.get(0).plan().owner();
    for (PlanSnapshot s : snapshots) {
      if (!s.plan().owner().equals(owner)) {
        throw new IllegalArgumentException(
            "plans of " + owner + " and " + s.plan().owner() + " in one restore");
      }
      ownerOfPlan.put(s.planId(), owner);
    }
    Lane lane = laneOf(owner);
    LaneRecording recording = recordingOf(owner);
    return lane.call(
        () -> {
          recording.record(new LaneInput.PlansAdded(snapshots, true, clock.instant()));
          for (PlanSnapshot s : snapshots) {
            lane.core.addPlan(s);
          }
          return null;
        },
        true);
  }

  /**
   * Completes once the owner's lane has run every message handed to it before this call (ticks,
   * reports, commands): from then on its plans are evaluated on prices that arrived after it.
   */
  public CompletableFuture<Void> barrier(String owner) {
    return laneOf(owner).call(() -> null);
  }

  /** Starts monitoring a plan on its owner's lane. */
  public CompletableFuture<Void> addPlan(PlanSnapshot snapshot) {
    String owner = snapshot.plan().owner();
    ownerOfPlan.put(snapshot.planId(), owner);
    Lane lane = laneOf(owner);
    LaneRecording recording = recordingOf(owner);
    return lane.call(
        () -> {
          recording.record(new LaneInput.PlansAdded(List.of(snapshot), false, clock.instant()));
          lane.core.addPlan(snapshot);
          return null;
        });
  }

  /**
   * Replaces a monitored plan that is still ACTIVE at {@code expectedVersion} with {@code next} (a
   * trader's edit, already validated), atomically on the owner's lane: no tick is evaluated
   * between. The owner's session is rebuilt from the snapshots of its plans (the same path as a
   * restart), and {@code next}, with the current plan's rule-set pin, is reported as changed so
   * that it is persisted. Completes with false when the plan is not monitored, not ACTIVE or not at
   * that version (nothing changed).
   */
  public CompletableFuture<Boolean> replaceActivePlan(PlanSnapshot next, long expectedVersion) {
    String owner = next.plan().owner();
    Lane lane = laneOf(owner);
    return lane.call(
        () -> {
          PlanSnapshot current = lane.core.snapshot(next.planId());
          if (current == null
              || !current.plan().owner().equals(owner)
              || current.status() != com.tradeplan.domain.plan.PlanStatus.ACTIVE
              || current.version() != expectedVersion) {
            return false;
          }
          List<PlanSnapshot> keep = new java.util.ArrayList<>();
          for (var e : ownerOfPlan.entrySet()) {
            if (owner.equals(e.getValue()) && !e.getKey().equals(next.planId())) {
              PlanSnapshot s = lane.core.snapshot(e.getKey());
              if (s != null) {
                keep.add(s);
              }
            }
          }
          // An edit keeps the rule-set version the plan was activated with (its pin).
          PlanSnapshot edited = next.withRuleSetVersion(current.ruleSetVersion());
          LaneRecording recording = recordingOf(owner);
          java.time.Instant now = clock.instant();
          recording.record(new LaneInput.UserRemoved(owner, now));
          lane.core.removeUser(owner);
          recording.record(new LaneInput.PlansAdded(keep, true, now));
          for (PlanSnapshot s : keep) {
            lane.core.addPlan(s);
          }
          recording.record(new LaneInput.PlansAdded(List.of(edited), false, now));
          lane.core.addPlan(edited);
          listener.onStep(
              owner, new Step(List.of(), List.of(), List.of(edited), List.of(), List.of()));
          return true;
        });
  }

  /** Stops monitoring a user (ownership moved to another member). */
  public CompletableFuture<Void> removeUser(String owner) {
    ownerOfPlan.values().removeIf(owner::equals);
    return laneOf(owner)
        .call(
            () -> {
              recordingOf(owner).record(new LaneInput.UserRemoved(owner, clock.instant()));
              laneOf(owner).core.removeUser(owner);
              return null;
            });
  }

  /**
   * As {@link #removeUser}, at the head of the owner's lane inbox, for a session that must be
   * rebuilt (it went ahead of what was sent). Its broker reports still waiting in the inbox are
   * dropped with it: the rebuild's reconcile delivers them again (the broker forgets them as seen),
   * and applied to the rebuilt session as well they would count a commission twice. Completes when
   * the session is gone.
   */
  public CompletableFuture<Void> removeUserNow(String owner) {
    ownerOfPlan.values().removeIf(owner::equals);
    Lane lane = laneOf(owner);
    return lane.call(
        () -> {
          java.util.Set<String> plans = lane.core.planIdsOf(owner);
          recordingOf(owner).record(new LaneInput.UserRemoved(owner, clock.instant()));
          lane.core.removeUser(owner);
          lane.dropReports(report -> plans.contains(Reports.planId(report)));
          return null;
        },
        true);
  }

  /**
   * Hands a tick to every lane, without waiting and without dropping it (folded into the symbol's
   * waiting batch when the lane is behind); each lane's gate decides which of its sessions wake.
   * Thread-safe; called on the market data reader's thread.
   */
  public void onTick(Tick tick) {
    long received = System.nanoTime();
    for (Lane l : lanes) {
      l.offerTick(tick, received);
    }
  }

  /** Runs a trader command on the owner's lane; the step says whether the rules refused it. */
  public CompletableFuture<Step> command(String owner, TraderCommand command) {
    return laneOf(owner)
        .call(
            () -> {
              java.time.Instant now = clock.instant();
              recordingOf(owner).record(new LaneInput.CommandRun(owner, command, now));
              return laneOf(owner).core.command(owner, command, now);
            });
  }

  /** Reads a plan's live state on its owning lane. */
  public CompletableFuture<PlanSnapshot> snapshot(String planId) {
    String owner = ownerOfPlan.get(planId);
    if (owner == null) {
      return CompletableFuture.completedFuture(null);
    }
    return laneOf(owner).call(() -> laneOf(owner).core.snapshot(planId));
  }

  private void report(String planId, Object report) {
    String owner = ownerOfPlan.get(planId);
    if (owner == null) {
      listener.onStep(
          "?",
          new Step(
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of("broker report for no monitored plan: " + report)));
      return;
    }
    laneOf(owner).putReport(report);
  }

  @Override
  public void onOrderUpdate(OrderUpdate update) {
    report(update.ref().planId(), update);
  }

  @Override
  public void onFill(Fill fill) {
    report(fill.orderRef().planId(), fill);
  }

  @Override
  public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {
    report(ref.planId(), new Commission(executionId, ref, commission));
  }

  /**
   * Ticks folded into a batch and not evaluated on their own, since start, summed over the lanes (a
   * metric): every lane is handed every tick, so a tick two lanes fold counts twice.
   */
  public long ticksCoalesced() {
    return ticksCoalesced.get();
  }

  /** Ticks that arrived and wait for their lanes, summed over the lanes (a metric). */
  public long ticksPending() {
    long n = 0;
    for (Lane l : lanes) {
      n += l.ticksPending();
    }
    return n;
  }

  /** Entries waiting in each lane's queue: reports, commands and tick batches (a metric). */
  public int[] inboxDepths() {
    int[] d = new int[lanes.length];
    for (int i = 0; i < lanes.length; i++) {
      d[i] = lanes[i].depth();
    }
    return d;
  }

  /**
   * The plans the lanes watch now, as their engines hold them: ended plans kept for late reports
   * are not counted (the operators' {@code monitoredPlans} figure and metric).
   */
  public int monitoredPlans() {
    int live = 0;
    for (Lane l : lanes) {
      live += l.core.monitoredPlans();
    }
    return live;
  }

  /** The live plans of {@code owner}, read on its lane (what its session holds now). */
  public CompletableFuture<Integer> livePlansOf(String owner) {
    Lane lane = laneOf(owner);
    return lane.call(() -> lane.core.livePlansOf(owner));
  }

  /** Lets every lane finish what is in its inbox, then stops the lane threads. */
  @Override
  public void close() {
    for (Lane l : lanes) {
      l.put((Runnable) l::stop);
    }
    for (Lane l : lanes) {
      try {
        l.thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
