package com.tradeplan.runtime;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.ExitChangeValidator;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.Step;
import com.tradeplan.engine.facts.CancelIntent;
import com.tradeplan.engine.facts.OrderIntent;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.store.TradeStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trader's commands on a plan: activate, edit, cancel, flatten, change the exits of a working
 * or live trade. Each is decided where it belongs: a DRAFT by {@link DraftPlans} (it never reaches
 * the engine), a monitored plan by the engine of the member running the user; on another member the
 * command is forwarded there ({@link ClusterCommandForwarder}), and the holder runs it with {@link
 * #commandHere} or {@link #updateHere}, never forwarding again (this class is the cluster's call
 * target). Commands on one plan are serialized by a striped lock ({@value #LOCK_STRIPES} stripes).
 * A command is acknowledged only once the store holds its result, so a crash can no longer undo it.
 *
 * <p>Called on request threads and cluster executor threads; each call waits for the engine and
 * then the store, at most {@link #COMMAND_TIMEOUT} each, and answers {@code Unavailable} past that.
 * Expected outcomes are {@link CommandResult}s; a throw means the engine failed on the command (a
 * broken invariant).
 */
final class PlanCommands {
  private static final Logger LOG = LoggerFactory.getLogger(PlanCommands.class);

  /** How long a trader command waits for the engine, and then for its state to be durable. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private static final int LOCK_STRIPES = 64;

  private final TradeStore store;
  private final Clock clock;
  private final PlanReads reads;
  private final DraftPlans drafts;
  private final LaneEngine engine;
  private final Membership membership;
  private final ClusterCommandForwarder forwarder;
  private final boolean traderMayLoosenStop;
  private final Object[] planLocks = new Object[LOCK_STRIPES];

  PlanCommands(
      TradeStore store,
      Clock clock,
      PlanReads reads,
      DraftPlans drafts,
      LaneEngine engine,
      Membership membership,
      ClusterCommandForwarder forwarder,
      boolean traderMayLoosenStop) {
    this.store = store;
    this.clock = clock;
    this.reads = reads;
    this.drafts = drafts;
    this.engine = engine;
    this.membership = membership;
    this.forwarder = forwarder;
    this.traderMayLoosenStop = traderMayLoosenStop;
    for (int i = 0; i < planLocks.length; i++) {
      planLocks[i] = new Object();
    }
  }

  /** Activates a DRAFT (see {@link DraftPlans#activate}). */
  CommandResult<PlanView> activate(String owner, String planId) {
    synchronized (lockOf(planId)) {
      Optional<PlanSnapshot> found;
      try {
        found = reads.find(owner, planId);
      } catch (RuntimeException e) {
        return DraftPlans.storeUnavailable(e);
      }
      if (found.isEmpty()) {
        return new CommandResult.NotFound<>();
      }
      return drafts.activate(owner, found.get());
    }
  }

  /**
   * Cancels or flattens. Only a monitored plan needs the engine of the member running the user; an
   * unknown plan, a DRAFT (a store update) or a finished plan is answered here.
   */
  CommandResult<PlanView> command(String owner, String planId, TraderCommand.Type type) {
    if (!membership.holds(owner)) {
      Optional<PlanSnapshot> found;
      try {
        found = reads.find(owner, planId);
      } catch (RuntimeException e) {
        return DraftPlans.storeUnavailable(e);
      }
      if (found.isPresent() && found.get().status().isMonitored()) {
        return forwarder.command(owner, planId, type, () -> reads.get(owner, planId));
      }
    }
    return commandHere(owner, planId, type);
  }

  /** A trader command on this member (clustered: the member holding the user). */
  CommandResult<PlanView> commandHere(String owner, String planId, TraderCommand.Type type) {
    synchronized (lockOf(planId)) {
      Optional<PlanSnapshot> found;
      try {
        found = reads.find(owner, planId);
      } catch (RuntimeException e) {
        return DraftPlans.storeUnavailable(e);
      }
      if (found.isEmpty()) {
        return new CommandResult.NotFound<>();
      }
      PlanSnapshot cur = found.get();
      if (cur.status() == PlanStatus.DRAFT && type == TraderCommand.Type.CANCEL) {
        return drafts.cancel(owner, cur);
      }
      if (!cur.status().isMonitored()) {
        return new CommandResult.Refused<>(
            "cannot " + type.name().toLowerCase() + " a plan that is " + cur.status());
      }
      return inEngine(owner, planId, new TraderCommand(planId, type), cur);
    }
  }

  /**
   * Runs {@code command} in the engine of this member and answers once its result is stored: the
   * plan after it, the rules' refusal, or Unavailable when the engine or the store did not answer
   * in time. Called under the plan's lock.
   */
  private CommandResult<PlanView> inEngine(
      String owner, String planId, TraderCommand command, PlanSnapshot cur) {
    Step step = await(engine.command(owner, command));
    if (step == null) {
      return new CommandResult.Unavailable<>("the engine did not answer in time");
    }
    logWhatItCaused(owner, planId, nameOf(command), step);
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
      after = reads.current(planId);
    } else if (!awaitDurable(planId, after.version())) {
      return new CommandResult.Unavailable<>(
          "the " + nameOf(command) + " was carried out but is not yet stored");
    }
    return new CommandResult.Ok<>(reads.view(after == null ? cur : after));
  }

  /** The command's name in the log and in answers: cancel, flatten, or the change's kind. */
  private static String nameOf(TraderCommand command) {
    return command.change() != null
        ? command.change().kind()
        : command.type().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Changes the exits of a plan whose entry works or whose trade is live (issue 18): a stop, a
   * target, the trailing distance, break-even, or a close of part of the position. On a member that
   * does not run the user it is checked against the store and forwarded to the member that does.
   */
  CommandResult<PlanView> changeExits(
      String owner, String planId, ExitChangeDraft draft, long expectedVersion) {
    if (!membership.holds(owner)) {
      Optional<PlanSnapshot> found;
      try {
        found = reads.find(owner, planId);
      } catch (RuntimeException e) {
        return DraftPlans.storeUnavailable(e);
      }
      if (found.isPresent() && found.get().status().isMonitored()) {
        return forwarder.changeExits(
            owner, planId, draft, expectedVersion, () -> reads.get(owner, planId));
      }
    }
    return changeExitsHere(owner, planId, draft, expectedVersion);
  }

  /**
   * A change of exits on this member (clustered: the member holding the user): the plan's version
   * must be {@code expectedVersion} (what the trader saw), the change must fit the plan's shape
   * ({@link ExitChangeValidator}: Invalid with every field), and then the rules decide whether the
   * trade can take it, with the platform's policy on loosening the active stop.
   */
  CommandResult<PlanView> changeExitsHere(
      String owner, String planId, ExitChangeDraft draft, long expectedVersion) {
    synchronized (lockOf(planId)) {
      Optional<PlanSnapshot> found;
      try {
        found = reads.find(owner, planId);
      } catch (RuntimeException e) {
        return DraftPlans.storeUnavailable(e);
      }
      if (found.isEmpty()) {
        return new CommandResult.NotFound<>();
      }
      PlanSnapshot cur = found.get();
      PlanStatus status = cur.status();
      if (status != PlanStatus.ENTRY_SUBMITTED && !status.isLive()) {
        return new CommandResult.Refused<>(
            "the exits can be changed only while the entry works or the trade is live; it is "
                + status
                + (status == PlanStatus.DRAFT || status == PlanStatus.ACTIVE
                    ? " (edit the plan instead)"
                    : ""));
      }
      if (cur.version() != expectedVersion) {
        return new CommandResult.Conflict<>(
            "the plan is at version " + cur.version() + ", not " + expectedVersion);
      }
      Set<Integer> fired = new HashSet<>();
      for (int j = 0; j < cur.targetFired().size(); j++) {
        if (cur.targetFired().get(j)) {
          fired.add(j);
        }
      }
      ExitChangeValidator.Result r = ExitChangeValidator.validate(draft, cur.plan(), fired);
      if (r instanceof ExitChangeValidator.Result.Invalid inv) {
        return new CommandResult.Invalid<>(inv.errors());
      }
      ExitChangeValidator.Result.Valid v = (ExitChangeValidator.Result.Valid) r;
      return inEngine(
          owner,
          planId,
          TraderCommand.changeExits(planId, v.change(), owner, v.reason(), traderMayLoosenStop),
          cur);
    }
  }

  /**
   * One log line per order and cancel the command caused (they come out of the command's own engine
   * step), with the user, the plan, the order's ref and rule, and the request's id this thread
   * carries (the API request, or the one a forwarded command brought along): the line that ties a
   * trader's request to the orders it caused.
   */
  private static void logWhatItCaused(String owner, String planId, String command, Step step) {
    try (LogContext.Scope s = LogContext.with(LogContext.USER, owner, LogContext.PLAN, planId)) {
      int caused = 0;
      for (Object intent : step.intents()) {
        if (intent instanceof OrderIntent o) {
          OrderRequest r = o.request();
          try (LogContext.Scope order =
              LogContext.with(
                  LogContext.ORDER_REF, r.ref().toString(), LogContext.RULE, r.reason())) {
            LOG.info(
                "{} of plan {} caused order {}: {} {} {}",
                command,
                planId,
                r.ref(),
                r.action(),
                r.quantity(),
                r.type());
          }
          caused++;
        } else if (intent instanceof CancelIntent c) {
          try (LogContext.Scope order =
              LogContext.with(
                  LogContext.ORDER_REF, c.ref().toString(), LogContext.RULE, c.rule())) {
            LOG.info("{} of plan {} caused the cancel of order {}", command, planId, c.ref());
          }
          caused++;
        }
      }
      if (caused == 0) {
        LOG.info("{} of plan {} carried out: no order to send or cancel", command, planId);
      }
    }
  }

  /**
   * Edits a DRAFT or ACTIVE plan. On a member that does not run the user, a DRAFT is edited here
   * (the store is its only copy); an ACTIVE plan is checked here (not found, status, a version
   * already passed, field errors: answered without a network hop) and then edited on the member
   * that runs the user, which decides the version against the engine's state.
   */
  CommandResult<PlanView> update(
      String owner, String planId, PlanDraft draft, long expectedVersion) {
    if (membership.holds(owner)) {
      return updateHere(owner, planId, draft, expectedVersion);
    }
    Edit e = edit(owner, planId, draft, expectedVersion, false);
    return e.answer() != null
        ? e.answer()
        : forwarder.edit(owner, planId, e.plan(), expectedVersion, () -> reads.get(owner, planId));
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
        found = reads.find(owner, planId);
      } catch (RuntimeException e) {
        return Edit.of(DraftPlans.storeUnavailable(e));
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
      // An ACTIVE plan stays on the exchange's grid it was activated on.
      ValidationResult r =
          active
              ? drafts.validate(
                  draft, planId, owner, clock.instant(), drafts.gridOfActive(cur.plan()))
              : drafts.validateDraft(draft, planId, owner, null);
      if (r instanceof ValidationResult.Invalid inv) {
        return Edit.of(new CommandResult.Invalid<>(inv.errors()));
      }
      Plan validated = ((ValidationResult.Valid) r).plan();
      Plan plan = active ? drafts.asRun(validated, cur.plan().instrument().tickSize()) : validated;
      if (active && !plan.symbol().equals(cur.plan().symbol())) {
        return Edit.of(
            new CommandResult.Invalid<>(
                List.of(new FieldError("symbol", "cannot change while the plan is ACTIVE"))));
      }
      if (forward) {
        return new Edit(null, plan);
      }
      return Edit.of(
          active
              ? replaceActive(owner, planId, plan, expectedVersion)
              : drafts.edit(plan, expectedVersion));
    }
  }

  /** The engine of this member monitors the edited ACTIVE plan from now on. */
  private CommandResult<PlanView> replaceActive(
      String owner, String planId, Plan plan, long expectedVersion) {
    if (!membership.holds(owner)) {
      // Forwarded here, but this member does not run the user (any more, or not yet).
      return new CommandResult.Unavailable<>(
          "this member does not run user " + owner + " now (a take-over?); retry");
    }
    PlanSnapshot next =
        PlanSnapshot.initial(plan, PlanStatus.ACTIVE).withVersion(expectedVersion + 1);
    Boolean replaced = await(engine.replaceActivePlan(next, expectedVersion));
    if (replaced == null) {
      return new CommandResult.Unavailable<>("the engine did not answer in time");
    }
    if (!replaced) {
      PlanSnapshot now = reads.current(planId);
      return now != null && now.status() != PlanStatus.ACTIVE
          ? new CommandResult.Refused<>("the plan is " + now.status() + " now")
          : new CommandResult.Conflict<>("the plan changed meanwhile");
    }
    if (!awaitDurable(planId, next.version())) {
      return new CommandResult.Unavailable<>("the edit is monitored but not yet stored");
    }
    return new CommandResult.Ok<>(reads.view(next));
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

  /** The engine's answer, or null when it did not come within {@link #COMMAND_TIMEOUT}. */
  private static <T> T await(CompletableFuture<T> f) {
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
}
