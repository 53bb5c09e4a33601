package com.tradeplan.runtime;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.Step;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.store.TradeStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trader's commands on a plan: activate, edit, cancel, flatten. Each is decided where it
 * belongs: a DRAFT by {@link DraftPlans} (it never reaches the engine), a monitored plan by the
 * engine of the member running the user; on another member the command is forwarded there ({@link
 * ClusterCommandForwarder}), and the holder runs it with {@link #commandHere} or {@link
 * #updateHere}, never forwarding again (this class is the cluster's call target). Commands on one
 * plan are serialized by a striped lock ({@value #LOCK_STRIPES} stripes). A command is acknowledged
 * only once the store holds its result, so a crash can no longer undo it.
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
  private final Object[] planLocks = new Object[LOCK_STRIPES];

  PlanCommands(
      TradeStore store,
      Clock clock,
      PlanReads reads,
      DraftPlans drafts,
      LaneEngine engine,
      Membership membership,
      ClusterCommandForwarder forwarder) {
    this.store = store;
    this.clock = clock;
    this.reads = reads;
    this.drafts = drafts;
    this.engine = engine;
    this.membership = membership;
    this.forwarder = forwarder;
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
        after = reads.current(planId);
      } else if (!awaitDurable(planId, after.version())) {
        return new CommandResult.Unavailable<>(
            "the " + type.name().toLowerCase() + " was carried out but is not yet stored");
      }
      return new CommandResult.Ok<>(reads.view(after == null ? cur : after));
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
      ValidationResult r =
          DraftPlans.validate(draft, planId, owner, active ? clock.instant() : null);
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
