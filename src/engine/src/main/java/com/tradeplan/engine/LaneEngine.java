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
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production engine: a fixed pool of lanes, each a thread that owns an {@link EngineCore} and
 * so every session of the users hashed to it (single writer: no locks on rule state). Each lane has
 * a bounded inbox:
 *
 * <ul>
 *   <li>broker reports, trader commands and plan changes are never dropped: a full inbox blocks the
 *       sender (back-pressure on the broker's reader) and logs an alert after {@value
 *       #SLOW_PUT_MILLIS} ms;
 *   <li>a tick that finds the inbox full for {@value #TICK_OFFER_MILLIS} ms is dropped and counted
 *       ({@link #ticksDropped()}): market data overload is an operator alert, never a silent
 *       backlog of stale prices;
 *   <li>everything runs in arrival order, except the plans of a user taken over or rebuilt ({@link
 *       #restorePlans}), which go to the head of the inbox.
 * </ul>
 */
public final class LaneEngine implements BrokerListener, AutoCloseable {
  static final long SLOW_PUT_MILLIS = 1_000;
  static final long TICK_OFFER_MILLIS = 50;

  private static final Logger LOG = LoggerFactory.getLogger(LaneEngine.class);

  private final Lane[] lanes;
  private final ConcurrentHashMap<String, String> ownerOfPlan = new ConcurrentHashMap<>();
  private final AtomicLong ticksDropped = new AtomicLong();
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
    if (laneCount < 1 || inboxCapacity < 1) {
      throw new IllegalArgumentException("lanes and inbox capacity must be >= 1");
    }
    this.clock = clock;
    this.listener = listener;
    this.lanes = new Lane[laneCount];
    for (int i = 0; i < laneCount; i++) {
      lanes[i] = new Lane(i, new EngineCore(rules, broker, listener, true, metrics), inboxCapacity);
    }
    broker.setListener(this);
    for (Lane l : lanes) {
      l.thread.start();
    }
  }

  private Lane laneOf(String owner) {
    return lanes[Math.floorMod(owner.hashCode(), lanes.length)];
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
    return lane.call(
        () -> {
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
    return lane.call(
        () -> {
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
          lane.core.removeUser(owner);
          for (PlanSnapshot s : keep) {
            lane.core.addPlan(s);
          }
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
          lane.core.removeUser(owner);
          lane.inbox.removeIf(
              m -> m instanceof ReportMessage r && plans.contains(Reports.planId(r.report())));
          return null;
        },
        true);
  }

  /** Hands a tick to every lane; each lane's gate decides which of its sessions wake. */
  public void onTick(Tick tick) {
    long received = System.nanoTime();
    for (Lane l : lanes) {
      l.offerTick(tick, received);
    }
  }

  /** Runs a trader command on the owner's lane; the step says whether the rules refused it. */
  public CompletableFuture<Step> command(String owner, TraderCommand command) {
    return laneOf(owner).call(() -> laneOf(owner).core.command(owner, command, clock.instant()));
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
    laneOf(owner).put(new ReportMessage(report));
  }

  /**
   * A broker report waiting in a lane's inbox. Reports that arrive one after another (IB sends a
   * fill as status, execution, status and commission messages) are applied in one engine call, up
   * to {@value #REPORT_BATCH_MAX}: each is still applied on its own, in order, but the users'
   * resulting state is persisted and replicated once for the batch.
   */
  private record ReportMessage(Object report) implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException("a report is applied by its lane");
    }
  }

  static final int REPORT_BATCH_MAX = 512;

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

  public long ticksDropped() {
    return ticksDropped.get();
  }

  /** Messages waiting in each lane's inbox (a metric). */
  public int[] inboxDepths() {
    int[] d = new int[lanes.length];
    for (int i = 0; i < lanes.length; i++) {
      d[i] = lanes[i].inbox.size();
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
      l.put(l::stop);
    }
    for (Lane l : lanes) {
      try {
        l.thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final class Lane {
    final EngineCore core;
    final BlockingDeque<Runnable> inbox;
    final Thread thread;
    volatile boolean running = true;

    Lane(int index, EngineCore core, int capacity) {
      this.core = core;
      this.inbox = new LinkedBlockingDeque<>(capacity);
      this.thread = new Thread(this::loop, "tradeplan-lane-" + index);
      this.thread.setDaemon(true);
    }

    void stop() {
      running = false;
    }

    void loop() {
      while (running) {
        Runnable r;
        try {
          r = inbox.take();
        } catch (InterruptedException e) {
          return;
        }
        try {
          if (r instanceof ReportMessage first) {
            r = applyReports(first);
          }
          if (r != null) {
            r.run();
          }
        } catch (RuntimeException e) {
          // One bad message must not stop every other user of this lane.
          LOG.error("lane {} failed on a message; continuing", thread.getName(), e);
          listener.onStep(
              "?",
              new Step(
                  List.of(),
                  List.of(),
                  List.of(),
                  List.of(),
                  List.of("lane " + thread.getName() + " failed: " + e)));
        }
      }
    }

    /**
     * Applies {@code first} and the reports right behind it in the inbox as one batch. Returns a
     * message taken from the head that was not a report (a restore put there meanwhile by another
     * thread), to be run next, or null.
     */
    private Runnable applyReports(ReportMessage first) {
      List<Object> batch = new java.util.ArrayList<>();
      batch.add(first.report());
      Runnable other = null;
      while (batch.size() < REPORT_BATCH_MAX && inbox.peekFirst() instanceof ReportMessage) {
        Runnable next = inbox.pollFirst();
        if (next instanceof ReportMessage m) {
          batch.add(m.report());
        } else {
          other = next;
          break;
        }
      }
      core.onReports(batch, clock.instant());
      return other;
    }

    void offerTick(Tick tick, long received) {
      try {
        if (!inbox.offer(
            () -> core.onTick(tick, -1, received), TICK_OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
          long n = ticksDropped.incrementAndGet();
          if (n == 1 || n % 1000 == 0) {
            LOG.warn("{}: inbox full, {} ticks dropped so far", thread.getName(), n);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void put(Runnable r) {
      put(r, false);
    }

    /**
     * Hands {@code r} to the lane, at the head of the inbox when {@code first} (see restorePlans).
     */
    void put(Runnable r, boolean first) {
      try {
        boolean taken =
            first
                ? inbox.offerFirst(r, SLOW_PUT_MILLIS, TimeUnit.MILLISECONDS)
                : inbox.offerLast(r, SLOW_PUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!taken) {
          LOG.warn(
              "{}: inbox full for {} ms; waiting (never dropped)",
              thread.getName(),
              SLOW_PUT_MILLIS);
          if (first) {
            inbox.putFirst(r);
          } else {
            inbox.putLast(r);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while handing a message to a lane", e);
      }
    }

    <T> CompletableFuture<T> call(Supplier<T> work) {
      return call(work, false);
    }

    <T> CompletableFuture<T> call(Supplier<T> work, boolean first) {
      CompletableFuture<T> f = new CompletableFuture<>();
      put(
          () -> {
            try {
              f.complete(work.get());
            } catch (RuntimeException e) {
              f.completeExceptionally(e);
            }
          },
          first);
      return f;
    }
  }
}
