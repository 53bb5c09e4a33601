package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.Step;
import com.tradeplan.engine.facts.CommandRefused;
import com.tradeplan.store.TradeWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link EngineListener}: records every step before its orders go out and persists it
 * after. Before a send, the intents of every user of one engine call are recorded durably in the
 * store, then replicated in the cluster, and each user's orders go out only if both succeeded.
 * After it, each step's changed plans are replicated (unless that was done before the send), handed
 * to the store writer with their history events, remembered for reads, and published to live
 * subscribers. The store is written only when the engine reports a change, never on a plain tick.
 *
 * <p>Called on the lane threads, and it <b>blocks the lane</b> on purpose: {@link #beforeSendAll}
 * waits until the intents are durable and replicated (a lane waits once per engine call, for all
 * its users together), and a full write queue makes the lane wait for room (back-pressure, with the
 * {@link KillSwitch} engaged meanwhile) instead of dropping a write. A throw goes back to the lane,
 * which logs it; the engine call's orders are then not sent.
 */
final class StepPersistence implements EngineListener {
  private static final Logger LOG = LoggerFactory.getLogger(StepPersistence.class);

  private final TradeWriter writer;
  private final Alerts alerts;
  private final LiveHub live;
  private final PlanReads reads;
  private final Membership membership;
  private final KillSwitch killSwitch;
  private final MetricsSink metrics;
  private final AtomicLong writesSubmitted = new AtomicLong();
  private final AtomicLong intentsRecorded = new AtomicLong();
  private final AtomicLong ordersDecided = new AtomicLong();

  StepPersistence(
      TradeWriter writer,
      Alerts alerts,
      LiveHub live,
      PlanReads reads,
      Membership membership,
      KillSwitch killSwitch) {
    this(writer, alerts, live, reads, membership, killSwitch, MetricsSink.NONE);
  }

  StepPersistence(
      TradeWriter writer,
      Alerts alerts,
      LiveHub live,
      PlanReads reads,
      Membership membership,
      KillSwitch killSwitch,
      MetricsSink metrics) {
    this.metrics = metrics;
    this.writer = writer;
    this.alerts = alerts;
    this.live = live;
    this.reads = reads;
    this.membership = membership;
    this.killSwitch = killSwitch;
  }

  /** Store writes handed to the writer since start. */
  long writesSubmitted() {
    return writesSubmitted.get();
  }

  /** Plan snapshots with order intents recorded durably since start. */
  long intentsRecorded() {
    return intentsRecorded.get();
  }

  /** Orders the engine decided (ORDER events) since start. */
  long ordersDecided() {
    return ordersDecided.get();
  }

  /**
   * HOLD when this member does not run the user (any more), REFUSE when the store cannot record the
   * intents, HOLD when the cluster cannot replicate them or the member lost the user meanwhile
   * (possibly replicated: the next holder reconciles by orderRef), SEND only when both the store
   * and the cluster recorded them.
   */
  @Override
  public SendDecision beforeSend(String owner, List<PlanSnapshot> snapshots) {
    return beforeSendAll(List.of(new Pending(owner, snapshots))).get(0);
  }

  /**
   * As {@link #beforeSend} for the steps of one engine call: the intents of every user are recorded
   * in the store together, then replicated together, so a tick that woke a hundred users waits for
   * the slowest write, not for a hundred in a row. Each user's answer is decided as by {@code
   * beforeSend}.
   */
  @Override
  public List<SendDecision> beforeSendAll(List<Pending> steps) {
    SendDecision[] decisions = new SendDecision[steps.size()];
    List<PlanSnapshot> toRecord = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (!membership.holds(steps.get(i).owner())) {
        decisions[i] = SendDecision.HOLD;
      } else {
        toRecord.addAll(steps.get(i).snapshots());
      }
    }
    List<Boolean> durable = writer.recordIntentsDurably(toRecord);
    Map<String, List<PlanSnapshot>> toReplicate = new LinkedHashMap<>();
    int k = 0;
    for (int i = 0; i < steps.size(); i++) {
      if (decisions[i] != null) {
        continue;
      }
      Pending p = steps.get(i);
      boolean recorded = true;
      for (PlanSnapshot s : p.snapshots()) {
        if (!durable.get(k++)) {
          recorded = false;
          alerts.alert(
              "INTENT_NOT_RECORDED",
              "plan " + s.planId() + " v" + s.version() + ": order intent not durable; not sent");
        } else {
          intentsRecorded.incrementAndGet();
        }
      }
      if (!recorded) {
        decisions[i] = membership.holds(p.owner()) ? SendDecision.REFUSE : SendDecision.HOLD;
      } else {
        toReplicate.put(p.owner(), p.snapshots());
      }
    }
    Map<String, Boolean> replicated = Map.of();
    if (!toReplicate.isEmpty()) {
      long started = System.nanoTime();
      replicated = membership.recordBeforeSendAll(toReplicate);
      metrics.replicatedBeforeSend(System.nanoTime() - started);
    }
    for (int i = 0; i < steps.size(); i++) {
      if (decisions[i] != null) {
        continue;
      }
      String owner = steps.get(i).owner();
      if (Boolean.TRUE.equals(replicated.get(owner))) {
        decisions[i] = SendDecision.SEND;
      } else {
        if (membership.holds(owner)) {
          // Not replicated (indeterminate, no quorum right now) while still holding the user: the
          // session went ahead without sending, so it is rebuilt from the replicated state.
          membership.rebuildLater(owner);
        }
        decisions[i] = SendDecision.HOLD;
      }
    }
    return List.of(decisions);
  }

  @Override
  public void onStep(String owner, Step step) {
    persist(owner, step, true);
  }

  /**
   * The steps of one engine call: every user's changed plans that beforeSend did not replicate
   * already are replicated in one batch (all users' writes in flight together), then each step is
   * persisted as by {@link #onStep}.
   */
  @Override
  public void onSteps(List<Done> steps) {
    Map<String, Map<String, PlanSnapshot>> toReplicate = new LinkedHashMap<>();
    for (Done d : steps) {
      if (d.recorded()) {
        continue;
      }
      for (PlanSnapshot s : d.step().changed()) {
        toReplicate
            .computeIfAbsent(d.owner(), o -> new LinkedHashMap<>())
            .merge(s.planId(), s, (a, b) -> b.version() >= a.version() ? b : a);
      }
    }
    if (!toReplicate.isEmpty()) {
      Map<String, List<PlanSnapshot>> byOwner = new LinkedHashMap<>();
      toReplicate.forEach((owner, plans) -> byOwner.put(owner, List.copyOf(plans.values())));
      membership.replicateAll(byOwner);
    }
    for (Done d : steps) {
      persist(d.owner(), d.step(), false);
    }
  }

  /** The step's changed plans were replicated by {@link #beforeSend} a moment ago: not again. */
  @Override
  public void onRecordedStep(String owner, Step step) {
    persist(owner, step, false);
  }

  /** Each slippage-protected entry fill's slippage in ticks, to the metrics. */
  private void measureSlippage(List<PlanEvent> events, Map<String, PlanSnapshot> changed) {
    for (PlanEvent e : events) {
      if (e.type() == PlanEvent.Type.SLIPPAGE) {
        PlanSnapshot s = changed.get(e.planId());
        BigDecimal tick = s == null ? null : s.plan().instrument().tickSize();
        if (tick != null) {
          metrics.entrySlipped(e.price().divide(tick, 4, RoundingMode.HALF_EVEN));
        }
      }
    }
  }

  /**
   * Replicates the step's changed plans (unless {@code replicate} is false), hands them and the
   * step's events to the store writer and publishes the live updates.
   */
  private void persist(String owner, Step step, boolean replicate) {
    for (String a : step.alerts()) {
      alerts.alert("ENGINE", a);
    }
    Map<String, List<PlanEvent>> eventsByPlan = new LinkedHashMap<>();
    for (PlanEvent e : step.events()) {
      if (e.type() == PlanEvent.Type.ORDER) {
        ordersDecided.incrementAndGet();
        logOrder(owner, e);
      }
      eventsByPlan.computeIfAbsent(e.planId(), p -> new ArrayList<>()).add(e);
    }
    Map<String, PlanSnapshot> changed = new LinkedHashMap<>();
    for (PlanSnapshot s : step.changed()) {
      changed.put(s.planId(), s);
    }
    measureSlippage(step.events(), changed);
    if (replicate && !changed.isEmpty()) {
      membership.replicate(owner, List.copyOf(changed.values()));
    }
    Set<String> plans = new LinkedHashSet<>(changed.keySet());
    plans.addAll(eventsByPlan.keySet());
    for (String planId : plans) {
      PlanSnapshot s = changed.get(planId);
      List<PlanEvent> events = eventsByPlan.getOrDefault(planId, List.of());
      write(s, events);
      if (s != null) {
        reads.remember(s);
        live.levels().record(s);
      }
      PlanSnapshot view = s != null ? s : reads.current(planId);
      for (PlanEvent e : events) {
        if (view != null) {
          live.publish(view.plan().owner(), planId, e, reads.view(view));
        }
      }
    }
    for (CommandRefused r : step.refused()) {
      LOG.info("command refused for {}: {} ({})", owner, r.command(), r.reason());
    }
  }

  /** One line per order the engine decided, with its user, plan, ref and rule as log fields. */
  private static void logOrder(String owner, PlanEvent e) {
    try (LogContext.Scope s =
        LogContext.with(
            LogContext.USER,
            owner,
            LogContext.PLAN,
            e.planId(),
            LogContext.ORDER_REF,
            e.orderRef(),
            LogContext.RULE,
            e.rule())) {
      LOG.info(
          "order {} decided by rule \"{}\": {} {}", e.orderRef(), e.rule(), e.side(), e.quantity());
    }
  }

  /**
   * Hands a plan's write (its snapshot, or null, and its history events) to the store writer. A
   * full queue is back-pressure, never a loss: new orders are stopped ({@link
   * KillSwitch#storeQueueFull}) and the caller waits until the writer takes the write.
   */
  void write(PlanSnapshot s, List<PlanEvent> events) {
    if (s == null && events.isEmpty()) {
      return;
    }
    writesSubmitted.incrementAndGet();
    if (writer.submit(s, events)) {
      return;
    }
    killSwitch.storeQueueFull();
    while (!writer.submit(s, events)) {
      LOG.error("store queue still full; the lane waits (orders stopped)");
    }
    killSwitch.storeQueueAccepted();
  }
}
