package com.tradeplan.runtime;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.Step;
import com.tradeplan.engine.facts.CommandRefused;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.store.CreateResult;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.TradeWriter;
import com.tradeplan.store.UpdateResult;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TradingService} over the engine, the store and market data, and the engine's {@link
 * EngineListener}: it persists every step and publishes live updates.
 *
 * <p>Who writes a plan's document: the service while the plan is a DRAFT (direct conditional
 * updates), the engine's lane (through the {@link TradeWriter}) from activation on. Activation is
 * the hand-over: one conditional update to ACTIVE, then the plan goes to the cluster, and the
 * member running the user calls {@link TradeWriter#adopt} and adds it to its engine.
 */
final class TradingServiceImpl implements TradingService, EngineListener {
  private static final Logger LOG = LoggerFactory.getLogger(TradingServiceImpl.class);

  /** How long a trader command waits for the engine, and then for its state to be durable. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  /** Ended plans kept in memory for reads that must not see the store lag behind. */
  private static final int ENDED_CACHE_MAX = 10_000;

  private final TradeStore store;
  private final TradeWriter writer;
  private final Clock clock;
  private final Alerts alerts;
  private final LiveHub live;
  private final MarketData marketData;
  private final Runnable onWriteRefused;
  private final Runnable onWriteAccepted;
  private volatile LaneEngine engine;

  /** The latest state of every monitored plan, as the engine reported it. */
  private final ConcurrentHashMap<String, PlanSnapshot> monitored = new ConcurrentHashMap<>();

  private final Map<String, PlanSnapshot> ended =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlanSnapshot> e) {
          return size() > ENDED_CACHE_MAX;
        }
      };

  private final Object[] planLocks = new Object[64];
  private final SecureRandom ids = new SecureRandom();
  private final AtomicLong writesSubmitted = new AtomicLong();
  private final AtomicLong intentsRecorded = new AtomicLong();
  private final AtomicLong ordersDecided = new AtomicLong();

  /** What the service needs from market data: last prices and subscriptions by instrument. */
  interface MarketData {
    BigDecimal lastPrice(String symbol);

    Map<String, BigDecimal> lastPrices();

    void ensureSubscribed(Instrument instrument);
  }

  TradingServiceImpl(
      TradeStore store,
      TradeWriter writer,
      Clock clock,
      Alerts alerts,
      LiveHub live,
      MarketData marketData,
      Runnable onWriteRefused,
      Runnable onWriteAccepted) {
    this.store = store;
    this.writer = writer;
    this.clock = clock;
    this.alerts = alerts;
    this.live = live;
    this.marketData = marketData;
    this.onWriteRefused = onWriteRefused;
    this.onWriteAccepted = onWriteAccepted;
    for (int i = 0; i < planLocks.length; i++) {
      planLocks[i] = new Object();
    }
  }

  void setEngine(LaneEngine engine) {
    this.engine = engine;
  }

  private volatile Membership membership;

  private volatile ClusterCommandForwarder forwarder;

  /** Set once, before the first command or engine step. */
  void setMembership(Membership membership) {
    this.membership = membership;
  }

  /** Set once, before the first command. */
  void setForwarder(ClusterCommandForwarder forwarder) {
    this.forwarder = forwarder;
  }

  /** A user this member no longer runs: its plans are read from the store from now on. */
  void untrack(String owner) {
    monitored.values().removeIf(s -> s.plan().owner().equals(owner));
  }

  /** A plan rebuilt at recovery: watched for reads, P&L and market data. */
  void track(PlanSnapshot s) {
    monitored.put(s.planId(), s);
    marketData.ensureSubscribed(s.plan().instrument());
  }

  Map<String, PlanSnapshot> monitoredPlans() {
    return monitored;
  }

  /** Plans monitored now or ended recently. */
  Set<String> knownPlanIds() {
    Set<String> ids = new java.util.HashSet<>(monitored.keySet());
    synchronized (ended) {
      ids.addAll(ended.keySet());
    }
    return ids;
  }

  long writesSubmitted() {
    return writesSubmitted.get();
  }

  long intentsRecorded() {
    return intentsRecorded.get();
  }

  /** Orders the engine decided (ORDER events) since start. */
  long ordersDecided() {
    return ordersDecided.get();
  }

  // ------------------------------------------------------------------ EngineListener

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
    Membership m = membership;
    SendDecision[] decisions = new SendDecision[steps.size()];
    List<PlanSnapshot> toRecord = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (!m.holds(steps.get(i).owner())) {
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
        decisions[i] = m.holds(p.owner()) ? SendDecision.REFUSE : SendDecision.HOLD;
      } else {
        toReplicate.put(p.owner(), p.snapshots());
      }
    }
    Map<String, Boolean> replicated =
        toReplicate.isEmpty() ? Map.of() : m.recordBeforeSendAll(toReplicate);
    for (int i = 0; i < steps.size(); i++) {
      if (decisions[i] != null) {
        continue;
      }
      String owner = steps.get(i).owner();
      if (Boolean.TRUE.equals(replicated.get(owner))) {
        decisions[i] = SendDecision.SEND;
      } else {
        if (m.holds(owner)) {
          // Not replicated (indeterminate, no quorum right now) while still holding the user: the
          // session went ahead without sending, so it is rebuilt from the replicated state.
          m.rebuildLater(owner);
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
      }
      eventsByPlan.computeIfAbsent(e.planId(), p -> new ArrayList<>()).add(e);
    }
    Map<String, PlanSnapshot> changed = new LinkedHashMap<>();
    for (PlanSnapshot s : step.changed()) {
      changed.put(s.planId(), s);
    }
    Membership m = membership;
    if (replicate && !changed.isEmpty()) {
      m.replicate(owner, List.copyOf(changed.values()));
    }
    Set<String> plans = new java.util.LinkedHashSet<>(changed.keySet());
    plans.addAll(eventsByPlan.keySet());
    for (String planId : plans) {
      PlanSnapshot s = changed.get(planId);
      List<PlanEvent> events = eventsByPlan.getOrDefault(planId, List.of());
      submit(s, events);
      if (s != null) {
        remember(s);
      }
      PlanSnapshot view = s != null ? s : current(planId);
      for (PlanEvent e : events) {
        if (view != null) {
          live.publish(view.plan().owner(), planId, e, view(view));
        }
      }
    }
    for (CommandRefused r : step.refused()) {
      LOG.info("command refused for {}: {} ({})", owner, r.command(), r.reason());
    }
  }

  /**
   * Hands a step's writes to the writer. A full queue is back-pressure, never a loss: the broker is
   * stopped from sending (kill switch) and the lane waits until the writer takes the write.
   */
  private void submit(PlanSnapshot s, List<PlanEvent> events) {
    if (s == null && events.isEmpty()) {
      return;
    }
    writesSubmitted.incrementAndGet();
    if (writer.submit(s, events)) {
      return;
    }
    onWriteRefused.run();
    while (!writer.submit(s, events)) {
      LOG.error("store queue still full; the lane waits (orders stopped)");
    }
    onWriteAccepted.run();
  }

  private void remember(PlanSnapshot s) {
    if (s.status().isTerminal()) {
      monitored.remove(s.planId());
      synchronized (ended) {
        ended.put(s.planId(), s);
      }
    } else {
      monitored.merge(s.planId(), s, (a, b) -> b.version() >= a.version() ? b : a);
    }
  }

  private PlanSnapshot current(String planId) {
    PlanSnapshot s = monitored.get(planId);
    if (s != null) {
      return s;
    }
    synchronized (ended) {
      return ended.get(planId);
    }
  }

  /** Publishes a P&L-only update of every monitored live plan on {@code symbol}. */
  void publishPnl(Set<String> symbols) {
    for (PlanSnapshot s : monitored.values()) {
      if (s.position() > 0 && symbols.contains(s.plan().symbol())) {
        live.publish(s.plan().owner(), s.planId(), null, view(s));
      }
    }
  }

  // ------------------------------------------------------------------ views

  PlanView view(PlanSnapshot s) {
    BigDecimal last = marketData.lastPrice(s.plan().symbol());
    BigDecimal unrealized = null;
    if (last != null && s.position() > 0 && s.avgEntryPrice() != null) {
      BigDecimal perShare = last.subtract(s.avgEntryPrice(), Decimals.MATH);
      if (s.plan().side() == Side.SHORT) {
        perShare = perShare.negate();
      }
      unrealized = perShare.multiply(BigDecimal.valueOf(s.position()), Decimals.MATH);
    }
    return new PlanView(s, last, unrealized);
  }

  // ------------------------------------------------------------------ TradingService

  @Override
  public List<FieldError> validate(String owner, PlanDraft draft) {
    String id = blank(draft.id()) ? "new-plan" : draft.id();
    return PlanValidator.validate(as(draft, id, owner), clock.instant(), tickSize(draft)).errors();
  }

  @Override
  public CommandResult<PlanView> createDraft(String owner, PlanDraft draft) {
    String id = blank(draft.id()) ? newId() : draft.id();
    ValidationResult r = PlanValidator.validate(as(draft, id, owner), null, tickSize(draft));
    if (r instanceof ValidationResult.Invalid inv) {
      return new CommandResult.Invalid<>(inv.errors());
    }
    Plan plan = ((ValidationResult.Valid) r).plan();
    PlanSnapshot s = PlanState.initial(plan, PlanStatus.DRAFT);
    try {
      if (store.create(s) == CreateResult.ALREADY_EXISTS) {
        return new CommandResult.Conflict<>("a plan with id " + id + " exists already");
      }
      store.appendEvents(owner, id, 0, s.version(), List.of(statusEvent(s)));
    } catch (RuntimeException e) {
      return unavailable(e);
    }
    return new CommandResult.Ok<>(view(s));
  }

  /**
   * Clustered, on a member that does not run the user: a DRAFT is edited here (the store is its
   * only copy); an ACTIVE plan is checked here (not found, status, a version already passed, field
   * errors: answered without a network hop) and then edited on the member that runs the user, which
   * decides the version against the engine's state.
   */
  @Override
  public CommandResult<PlanView> update(
      String owner, String planId, PlanDraft draft, long expectedVersion) {
    Membership m = membership;
    if (m == null || m.holds(owner)) {
      return updateHere(owner, planId, draft, expectedVersion);
    }
    Edit e = edit(owner, planId, draft, expectedVersion, false);
    return e.answer() != null
        ? e.answer()
        : forwarder.edit(owner, planId, e.plan(), expectedVersion, () -> get(owner, planId));
  }

  /**
   * An edit on this member, never forwarded (clustered: the member that runs the user; Unavailable
   * when this member does not run it, e.g. during a take-over: the caller retries).
   */
  CommandResult<PlanView> updateHere(
      String owner, String planId, PlanDraft draft, long expectedVersion) {
    return edit(owner, planId, draft, expectedVersion, true).answer();
  }

  /**
   * What an edit came to: an {@code answer}, or (only when not {@code here}) the validated {@code
   * plan} of an ACTIVE plan, for the member that runs the user.
   */
  private record Edit(CommandResult<PlanView> answer, Plan plan) {
    static Edit of(CommandResult<PlanView> answer) {
      return new Edit(answer, null);
    }
  }

  private Edit edit(
      String owner, String planId, PlanDraft draft, long expectedVersion, boolean here) {
    synchronized (lockOf(planId)) {
      Optional<PlanSnapshot> found;
      try {
        found = find(owner, planId);
      } catch (RuntimeException e) {
        return Edit.of(unavailable(e));
      }
      if (found.isEmpty()) {
        return Edit.of(new CommandResult.NotFound<>());
      }
      PlanSnapshot cur = found.get();
      if (cur.status() != PlanStatus.DRAFT && cur.status() != PlanStatus.ACTIVE) {
        return Edit.of(
            new CommandResult.Refused<>(
                "a plan can be edited only while DRAFT or ACTIVE; it is " + cur.status()));
      }
      boolean active = cur.status() == PlanStatus.ACTIVE;
      // Not running the user, this member reads an ACTIVE plan from the store, which may lag
      // behind the engine: only a version the store has already passed is a conflict here.
      boolean forward = active && !here;
      if (forward ? cur.version() > expectedVersion : cur.version() != expectedVersion) {
        return Edit.of(
            new CommandResult.Conflict<>(
                "the plan is at version " + cur.version() + ", not " + expectedVersion));
      }
      ValidationResult r =
          PlanValidator.validate(
              as(draft, planId, owner), active ? clock.instant() : null, tickSize(draft));
      if (r instanceof ValidationResult.Invalid inv) {
        return Edit.of(new CommandResult.Invalid<>(inv.errors()));
      }
      Plan plan = ((ValidationResult.Valid) r).plan();
      if (active && !plan.symbol().equals(cur.plan().symbol())) {
        return Edit.of(
            new CommandResult.Invalid<>(
                List.of(new FieldError("symbol", "cannot change while the plan is ACTIVE"))));
      }
      if (forward) {
        return new Edit(null, plan);
      }
      PlanSnapshot next = PlanState.initial(plan, cur.status()).withVersion(expectedVersion + 1);
      if (!active) {
        try {
          UpdateResult u = store.update(next, expectedVersion);
          if (!u.updated()) {
            return Edit.of(
                u.outcome() == UpdateResult.Outcome.NOT_FOUND
                    ? new CommandResult.NotFound<>()
                    : new CommandResult.Conflict<>(
                        "the plan changed meanwhile (v" + u.storedVersion() + ")"));
          }
        } catch (RuntimeException e) {
          return Edit.of(unavailable(e));
        }
        return Edit.of(new CommandResult.Ok<>(view(next)));
      }
      Membership m = membership;
      if (m != null && !m.holds(owner)) {
        // Forwarded here, but this member does not run the user (any more, or not yet).
        return Edit.of(
            new CommandResult.Unavailable<>(
                "this member does not run user " + owner + " now (a take-over?); retry"));
      }
      Boolean replaced = await(engine.replaceActivePlan(next, expectedVersion));
      if (replaced == null) {
        return Edit.of(new CommandResult.Unavailable<>("the engine did not answer in time"));
      }
      if (!replaced) {
        PlanSnapshot now = current(planId);
        return Edit.of(
            now != null && now.status() != PlanStatus.ACTIVE
                ? new CommandResult.Refused<>("the plan is " + now.status() + " now")
                : new CommandResult.Conflict<>("the plan changed meanwhile"));
      }
      if (!awaitDurable(planId, next.version())) {
        return Edit.of(new CommandResult.Unavailable<>("the edit is monitored but not yet stored"));
      }
      return Edit.of(new CommandResult.Ok<>(view(next)));
    }
  }

  @Override
  public CommandResult<PlanView> activate(String owner, String planId) {
    synchronized (lockOf(planId)) {
      Optional<PlanSnapshot> found;
      try {
        found = find(owner, planId);
      } catch (RuntimeException e) {
        return unavailable(e);
      }
      if (found.isEmpty()) {
        return new CommandResult.NotFound<>();
      }
      PlanSnapshot cur = found.get();
      if (cur.status() != PlanStatus.DRAFT) {
        return new CommandResult.Refused<>("only a DRAFT can be activated; it is " + cur.status());
      }
      Instant now = clock.instant();
      Instant expiresAt = cur.plan().entry().expiresAt();
      if (expiresAt != null && !expiresAt.isAfter(now)) {
        return new CommandResult.Invalid<>(
            List.of(
                new FieldError(
                    "entry.expiresAt", "must be in the future at activation (" + now + ")")));
      }
      PlanSnapshot next =
          PlanState.initial(cur.plan(), PlanStatus.ACTIVE).withVersion(cur.version() + 1);
      try {
        UpdateResult u = store.update(next, cur.version());
        if (!u.updated()) {
          return new CommandResult.Conflict<>("the plan changed meanwhile");
        }
      } catch (RuntimeException e) {
        return unavailable(e);
      }
      submit(null, List.of(statusEvent(next)));
      // The member holding the user monitors it (onPlansAdded there adopts it in its writer):
      // from then on the engine's lane is the plan's only writer.
      Membership m = membership;
      if (!m.addPlan(next)) {
        alerts.alert(
            "PLAN_NOT_HANDED_TO_CLUSTER",
            "plan " + planId + " is ACTIVE in the store but the cluster did not take it");
        return new CommandResult.Unavailable<>(
            "activated and stored; monitoring starts when the cluster takes it");
      }
      // The holder adopts the plan on its ownership thread. When that is this member, the caller
      // (a single process above all) gets the answer once the plan is monitored: a command or a
      // tick right after it finds the plan in the engine.
      if (m.shouldRun(owner) && !awaitMonitored(planId, next.version())) {
        LOG.error(
            "plan {}: activated and stored, not monitored here after {}", planId, COMMAND_TIMEOUT);
      }
      live.publish(owner, planId, statusEvent(next), view(next));
      return new CommandResult.Ok<>(view(next));
    }
  }

  /** Waits (bounded) until this member monitors {@code version} of the plan or a later one. */
  private boolean awaitMonitored(String planId, long version) {
    long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      PlanSnapshot s = current(planId);
      if (s != null && s.version() >= version) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  @Override
  public CommandResult<PlanView> cancel(String owner, String planId) {
    return command(owner, planId, TraderCommand.Type.CANCEL);
  }

  @Override
  public CommandResult<PlanView> flatten(String owner, String planId) {
    return command(owner, planId, TraderCommand.Type.FLATTEN);
  }

  private CommandResult<PlanView> command(String owner, String planId, TraderCommand.Type type) {
    Membership m = membership;
    if (!m.holds(owner)) {
      // Only a monitored plan needs the engine of the member running the user; an unknown plan,
      // a DRAFT (a store update) or a finished plan is answered here.
      Optional<PlanSnapshot> found;
      try {
        found = find(owner, planId);
      } catch (RuntimeException e) {
        return unavailable(e);
      }
      if (found.isPresent() && found.get().status().isMonitored()) {
        return forwarder.command(owner, planId, type, () -> get(owner, planId));
      }
    }
    return commandHere(owner, planId, type);
  }

  /** A trader command on this member (clustered: the member holding the user). */
  CommandResult<PlanView> commandHere(String owner, String planId, TraderCommand.Type type) {
    synchronized (lockOf(planId)) {
      Optional<PlanSnapshot> found;
      try {
        found = find(owner, planId);
      } catch (RuntimeException e) {
        return unavailable(e);
      }
      if (found.isEmpty()) {
        return new CommandResult.NotFound<>();
      }
      PlanSnapshot cur = found.get();
      if (cur.status() == PlanStatus.DRAFT && type == TraderCommand.Type.CANCEL) {
        PlanSnapshot next = withStatus(cur, PlanStatus.CANCELLED, cur.version() + 1);
        try {
          UpdateResult u = store.update(next, cur.version());
          if (!u.updated()) {
            return new CommandResult.Conflict<>("the plan changed meanwhile");
          }
          store.appendEvents(
              owner, planId, store.nextSeq(planId), next.version(), List.of(statusEvent(next)));
        } catch (RuntimeException e) {
          return unavailable(e);
        }
        return new CommandResult.Ok<>(view(next));
      }
      if (!cur.status().isMonitored()) {
        return new CommandResult.Refused<>(
            "cannot " + type.name().toLowerCase() + " a plan that is " + cur.status());
      }
      Step step = await(engine.command(owner, new TraderCommand(planId, type)));
      if (step == null) {
        return new CommandResult.Unavailable<>("the engine did not answer in time");
      }
      if (!step.refused().isEmpty()) {
        return new CommandResult.Refused<>(step.refused().get(0).reason());
      }
      PlanSnapshot after = null;
      for (PlanSnapshot s : step.changed()) {
        if (s.planId().equals(planId)) {
          after = s;
        }
      }
      if (after == null) {
        after = current(planId);
      } else if (!awaitDurable(planId, after.version())) {
        return new CommandResult.Unavailable<>(
            "the " + type.name().toLowerCase() + " was carried out but is not yet stored");
      }
      return new CommandResult.Ok<>(view(after == null ? cur : after));
    }
  }

  @Override
  public Optional<PlanView> get(String owner, String planId) {
    return find(owner, planId).map(this::view);
  }

  @Override
  public List<PlanView> list(String owner, Set<PlanStatus> statuses, String symbol) {
    Map<String, PlanSnapshot> byId = new LinkedHashMap<>();
    for (PlanSnapshot s : store.findByOwner(owner, Set.of()).plans()) {
      byId.put(s.planId(), newest(s));
    }
    List<PlanView> out = new ArrayList<>();
    for (PlanSnapshot s : byId.values()) {
      if ((statuses == null || statuses.isEmpty() || statuses.contains(s.status()))
          && (symbol == null || symbol.equals(s.plan().symbol()))) {
        out.add(view(s));
      }
    }
    return out;
  }

  @Override
  public List<HistoryEntry> history(String owner, String planId) {
    if (find(owner, planId).isEmpty()) {
      return List.of();
    }
    List<HistoryEntry> out = new ArrayList<>();
    store.history(planId).forEach(r -> out.add(new HistoryEntry(r.seq(), r.event())));
    return out;
  }

  @Override
  public Map<String, BigDecimal> lastPrices() {
    return marketData.lastPrices();
  }

  @Override
  public AutoCloseable subscribe(String owner, long afterSequence, LiveListener listener) {
    return live.subscribe(owner, afterSequence, listener);
  }

  @Override
  public long lastSequence(String owner) {
    return live.lastSequence(owner);
  }

  // ------------------------------------------------------------------ helpers

  /** The owner's plan: the engine's latest state when newer than the stored one. */
  private Optional<PlanSnapshot> find(String owner, String planId) {
    if (planId == null) {
      return Optional.empty();
    }
    PlanSnapshot cached = current(planId);
    PlanSnapshot s = cached;
    if (s == null) {
      s = store.load(planId).orElse(null);
    }
    if (s == null || !s.plan().owner().equals(owner)) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  private PlanSnapshot newest(PlanSnapshot stored) {
    PlanSnapshot c = current(stored.planId());
    return c != null && c.version() > stored.version() ? c : stored;
  }

  /**
   * Waits until the store holds {@code version} of the plan (or a later one): a trader's command is
   * acknowledged only once a crash can no longer undo it.
   */
  private boolean awaitDurable(String planId, long version) {
    long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      try {
        var stored = store.storedVersion(planId);
        if (stored.isPresent() && stored.getAsLong() >= version) {
          return true;
        }
      } catch (RuntimeException e) {
        LOG.warn("plan {}: reading the stored version failed: {}", planId, e.toString());
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException("engine failed: " + e.getCause(), e.getCause());
    }
  }

  private Object lockOf(String planId) {
    return planLocks[Math.floorMod(planId == null ? 0 : planId.hashCode(), planLocks.length)];
  }

  private static <T> CommandResult<T> unavailable(RuntimeException e) {
    LOG.error("store unavailable", e);
    return new CommandResult.Unavailable<>("the store is unavailable: " + e.getMessage());
  }

  private String newId() {
    byte[] b = new byte[8];
    ids.nextBytes(b);
    StringBuilder sb = new StringBuilder("p-");
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static BigDecimal tickSize(PlanDraft d) {
    return Instrument.DEFAULT_TICK_SIZE;
  }

  private static PlanDraft as(PlanDraft d, String id, String owner) {
    return new PlanDraft(
        id,
        owner,
        d.symbol(),
        d.secType(),
        d.exchange(),
        d.currency(),
        d.side(),
        d.quantity(),
        d.entry(),
        d.stops(),
        d.targets(),
        d.trailingStop(),
        d.inputErrors());
  }

  private PlanEvent statusEvent(PlanSnapshot s) {
    return PlanEvent.status(s.planId(), -1, clock.instant(), s.status());
  }

  private static PlanSnapshot withStatus(PlanSnapshot s, PlanStatus status, long version) {
    return new PlanSnapshot(
        s.plan(),
        s.status().moveTo(status),
        s.position(),
        s.filledEntryQuantity(),
        s.entryCost(),
        s.grossPnl(),
        s.commission(),
        s.stops(),
        s.targetFired(),
        s.activeStop(),
        s.bestPrice(),
        s.stopTriggered(),
        s.flattenRequested(),
        s.orders(),
        s.executionIds(),
        "cancelled by the trader",
        version);
  }
}
