package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.MarketHours;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.TickBands;
import com.tradeplan.domain.plan.TickSizes;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.strategy.StrategyCatalog;
import com.tradeplan.store.CreateResult;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.UpdateResult;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DRAFT lifecycle, decided here and nowhere else (lifecycle.md §2, §5): a plan is created as a
 * DRAFT, edited while DRAFT, cancelled from DRAFT, and activated, which is its hand-over to the
 * engine. A DRAFT never reaches the engine or the rules: it is written directly to the store with
 * conditional updates (the store is its only copy, on every member). Activation is one conditional
 * update to ACTIVE; then the plan goes to the cluster, and the member running the user adopts it in
 * its writer and engine: from then on the engine's lane is the plan's only writer.
 *
 * <p>Called on request threads (and, for a forwarded command, a cluster executor thread), under the
 * plan's lock held by {@link PlanCommands}, except {@link #create} and validation. Expected
 * outcomes are {@link CommandResult}s; a store that cannot be reached is {@code Unavailable}, never
 * a throw.
 */
final class DraftPlans {
  private static final Logger LOG = LoggerFactory.getLogger(DraftPlans.class);

  private final TradeStore store;
  private final Clock clock;
  private final PlanReads reads;
  private final StepPersistence writes;
  private final Membership membership;
  private final LiveHub live;
  private final Alerts alerts;
  private final UserPlanLimits limits;
  private final Function<String, Integer> ruleSetForActivation;
  private final Function<String, StrategyCatalog> strategies;
  private final UserAccounts accounts;
  private final TickSizes tickSizes;
  private final RiskLimitsService riskLimits;
  private final MarketHours hours;
  private final Integer defaultSlippageTicks;
  private final SecureRandom ids = new SecureRandom();

  /** How long an activation waits for the exchange's tick size when it is not known yet. */
  static final Duration TICK_SIZE_WAIT = Duration.ofSeconds(3);

  DraftPlans(
      TradeStore store,
      Clock clock,
      PlanReads reads,
      StepPersistence writes,
      Membership membership,
      LiveHub live,
      Alerts alerts,
      UserPlanLimits limits,
      Function<String, Integer> ruleSetForActivation,
      Function<String, StrategyCatalog> strategies,
      UserAccounts accounts,
      TickSizes tickSizes,
      MarketHours hours,
      Integer defaultSlippageTicks,
      RiskLimitsService riskLimits) {
    this.riskLimits = riskLimits;
    this.tickSizes = tickSizes;
    this.hours = hours;
    this.defaultSlippageTicks = defaultSlippageTicks;
    this.ruleSetForActivation = ruleSetForActivation;
    this.strategies = strategies;
    this.accounts = accounts;
    this.store = store;
    this.clock = clock;
    this.reads = reads;
    this.writes = writes;
    this.membership = membership;
    this.live = live;
    this.alerts = alerts;
    this.limits = limits;
  }

  /**
   * Validates what the trader typed as plan {@code id} of {@code owner} on the grid of {@code
   * tickSize}; with {@code activationTime} (null: not activated now) an {@code expiresAt} must lie
   * after it. A strategy is read against the strategies of the version a plan of {@code owner}
   * activated now is pinned to (the canary's for a canary user).
   */
  ValidationResult validate(
      PlanDraft draft, String id, String owner, Instant activationTime, BigDecimal tickSize) {
    return validate(draft, id, owner, activationTime, TickBands.uniform(tickSize));
  }

  /** As above on a grid of price bands (IB's market rule): each price at its own increment. */
  ValidationResult validate(
      PlanDraft draft, String id, String owner, Instant activationTime, TickBands grid) {
    return PlanValidator.validate(
        as(draft, id, owner), activationTime, grid, strategies.apply(owner));
  }

  /**
   * The grid an edit of an ACTIVE plan is checked on: the exchange's grid by price when the broker
   * knows it now and its finest increment is the tick the plan was activated with, else that tick.
   */
  TickBands gridOfActive(Plan plan) {
    BigDecimal activatedOn = plan.instrument().tickSize();
    TickSizes.Lookup now = tickSizes.tickSize(plan.instrument(), Duration.ZERO);
    return now.isKnown() && now.tickSize().compareTo(activatedOn) == 0
        ? now.grid()
        : TickBands.uniform(activatedOn);
  }

  /**
   * Validates a draft on its instrument's grid as far as it is known now: the exchange's tick when
   * the broker has it (asking for it otherwise, so that an activation soon finds it), else 0.01. A
   * draft is checked again on the exchange's grid when it is activated.
   */
  ValidationResult validateDraft(PlanDraft draft, String id, String owner, Instant activationTime) {
    ValidationResult r = validate(draft, id, owner, activationTime, Instrument.DEFAULT_TICK_SIZE);
    Instrument instrument =
        r instanceof ValidationResult.Valid v ? v.plan().instrument() : instrumentOf(draft);
    if (instrument != null) {
      TickSizes.Lookup tick = tickSizes.tickSize(instrument, Duration.ZERO);
      if (tick.isKnown()
          && (!tick.grid().isUniform()
              || tick.tickSize().compareTo(Instrument.DEFAULT_TICK_SIZE) != 0)) {
        return validate(draft, id, owner, activationTime, tick.grid());
      }
    }
    return r;
  }

  /**
   * The instrument a draft names, when its contract fields are valid (a finer grid than 0.01 may
   * make an otherwise valid draft fail on 0.01); null when they are not.
   */
  private static Instrument instrumentOf(PlanDraft d) {
    ValidationResult onContract =
        PlanValidator.validate(
            new PlanDraft(
                "x",
                "x",
                d.symbol(),
                d.secType(),
                d.exchange(),
                d.currency(),
                "LONG",
                "1",
                new PlanDraft.EntryDraft("ABOVE", "2", null),
                List.of(new PlanDraft.StopDraft("1", null)),
                List.of(),
                null,
                List.of()),
            null,
            Instrument.DEFAULT_TICK_SIZE,
            StrategyCatalog.EMPTY);
    return onContract instanceof ValidationResult.Valid v ? v.plan().instrument() : null;
  }

  /** Validates without storing, as for an activation now. */
  List<FieldError> validate(String owner, PlanDraft draft) {
    String id = blank(draft.id()) ? "new-plan" : draft.id();
    return validateDraft(draft, id, owner, clock.instant()).errors();
  }

  /**
   * {@code plan} as it runs: on the exchange's grid {@code tickSize}, and with the platform's
   * default slippage protection when the plan sets none (docs/risk.md, "Slippage protection").
   */
  Plan asRun(Plan plan, BigDecimal tickSize) {
    Entry entry = plan.entry();
    if (entry.maxSlippageTicks() == null && defaultSlippageTicks != null) {
      entry = entry.withMaxSlippageTicks(defaultSlippageTicks);
    }
    return plan.with(plan.instrument().withTickSize(tickSize), entry);
  }

  /**
   * Stores a new, valid plan as DRAFT (its id chosen here when the trader gave none), unless the
   * owner keeps as many drafts as the limit allows ({@code LimitReached}, nothing stored).
   */
  CommandResult<PlanView> create(String owner, PlanDraft draft) {
    String id = blank(draft.id()) ? newId() : draft.id();
    ValidationResult r = validateDraft(draft, id, owner, null);
    if (r instanceof ValidationResult.Invalid inv) {
      return new CommandResult.Invalid<>(inv.errors());
    }
    Plan plan = ((ValidationResult.Valid) r).plan();
    PlanSnapshot s = PlanSnapshot.initial(plan, PlanStatus.DRAFT);
    return limits.withinDrafts(owner, () -> store(owner, s));
  }

  private CommandResult<PlanView> store(String owner, PlanSnapshot s) {
    String id = s.planId();
    try {
      if (store.create(s) == CreateResult.ALREADY_EXISTS) {
        return new CommandResult.Conflict<>("a plan with id " + id + " exists already");
      }
      store.appendEvents(owner, id, 0, s.version(), List.of(statusEvent(s)));
    } catch (RuntimeException e) {
      return storeUnavailable(e);
    }
    return new CommandResult.Ok<>(reads.view(s));
  }

  /** Replaces a DRAFT at {@code expectedVersion} by {@code plan} (validated by the caller). */
  CommandResult<PlanView> edit(Plan plan, long expectedVersion) {
    PlanSnapshot next =
        PlanSnapshot.initial(plan, PlanStatus.DRAFT).withVersion(expectedVersion + 1);
    try {
      UpdateResult u = store.update(next, expectedVersion);
      if (!u.updated()) {
        return u.outcome() == UpdateResult.Outcome.NOT_FOUND
            ? new CommandResult.NotFound<>()
            : new CommandResult.Conflict<>(
                "the plan changed meanwhile (v" + u.storedVersion() + ")");
      }
    } catch (RuntimeException e) {
      return storeUnavailable(e);
    }
    return new CommandResult.Ok<>(reads.view(next));
  }

  /** Cancels the DRAFT {@code cur} of {@code owner}: CANCELLED in the store, with its history. */
  CommandResult<PlanView> cancel(String owner, PlanSnapshot cur) {
    PlanSnapshot next = withStatus(cur, PlanStatus.CANCELLED, cur.version() + 1);
    try {
      UpdateResult u = store.update(next, cur.version());
      if (!u.updated()) {
        return new CommandResult.Conflict<>("the plan changed meanwhile");
      }
      store.appendEvents(
          owner,
          next.planId(),
          store.nextSeq(next.planId()),
          next.version(),
          List.of(statusEvent(next)));
    } catch (RuntimeException e) {
      return storeUnavailable(e);
    }
    // the owner's other pages and clients see it end, as they see an activation
    live.publish(owner, next.planId(), statusEvent(next), reads.view(next));
    return new CommandResult.Ok<>(reads.view(next));
  }

  /**
   * Activates the DRAFT {@code cur} of {@code owner}: checked for activation now, against the tier
   * of its entry price's band and the owner's live plan limit ({@code LimitReached}: nothing
   * changes, the plan stays DRAFT), refused when no IB account is linked to the owner (nothing
   * changes), stored as ACTIVE with the owner's account fixed on it (every order of the plan goes
   * to that account, whatever later re-links), handed to the cluster. When this member runs the
   * user the answer waits (bounded) until the plan is monitored here, so a tick or a command right
   * after it finds the plan in the engine; a plan the engine refused to watch is answered {@code
   * Refused} with the reason it was ended for (see {@link UserPlanLimits}), never as ACTIVE.
   */
  CommandResult<PlanView> activate(String owner, PlanSnapshot cur) {
    String planId = cur.planId();
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
    Optional<String> account;
    try {
      account = accounts.accountOf(owner);
    } catch (RuntimeException e) {
      return storeUnavailable(e);
    }
    if (account.isEmpty()) {
      return new CommandResult.Refused<>(noAccount(owner));
    }
    // The exchange's grid, never an assumed 0.01: refused while unknown (docs/ib.md).
    TickSizes.Lookup tick = tickSizes.tickSize(cur.plan().instrument(), TICK_SIZE_WAIT);
    if (!tick.isKnown()) {
      return new CommandResult.Refused<>(tickUnknown(tick));
    }
    List<FieldError> offGrid = PlanValidator.offTickGrid(cur.plan(), tick.grid());
    if (!offGrid.isEmpty()) {
      return new CommandResult.Invalid<>(offGrid);
    }
    CommandResult<PlanView> overTier =
        riskLimits.priceTierAtActivation(owner, account.get(), planId, cur.plan());
    if (overTier != null) {
      return overTier;
    }
    // Outside the hours the platform's rule names: refused, the plan stays a DRAFT (docs/risk.md).
    String closed = hours.refusal(cur.plan().instrument(), clock.instant());
    if (closed != null) {
      return new CommandResult.Refused<>(closed + ": the plan stays a draft");
    }
    // Every user of an account runs on one member, so that its account figures are exact: a
    // user whose plans still run in another account is not moved (docs/cluster.md).
    String notPlaced = membership.placeIn(owner, account.get());
    if (notPlaced != null) {
      return new CommandResult.Refused<>(notPlaced + ": the plan stays a draft");
    }
    // Pinned to the version deployed now (or the canary running for this owner): it runs on it
    // until it ends (docs/rules.md, "Versions").
    PlanSnapshot next =
        PlanSnapshot.initial(asRun(cur.plan(), tick.tickSize()), PlanStatus.ACTIVE)
            .withAccount(account.get())
            .withVersion(cur.version() + 1)
            .withRuleSetVersion(ruleSetForActivation.apply(owner));
    // null: stored as ACTIVE; otherwise the answer (limit reached, conflict, store unavailable).
    CommandResult<PlanView> stored =
        limits.withinLivePlans(
            owner,
            () -> {
              try {
                UpdateResult u = store.update(next, cur.version());
                if (!u.updated()) {
                  return new CommandResult.Conflict<>("the plan changed meanwhile");
                }
              } catch (RuntimeException e) {
                return storeUnavailable(e);
              }
              return null;
            });
    if (stored != null) {
      return stored;
    }
    writes.write(null, List.of(statusEvent(next)));
    // The member holding the user monitors it (onPlansAdded there adopts it in its writer):
    // from then on the engine's lane is the plan's only writer.
    if (!membership.addPlan(next)) {
      alerts.alert(
          "PLAN_NOT_HANDED_TO_CLUSTER",
          "plan " + planId + " is ACTIVE in the store but the cluster did not take it");
      return new CommandResult.Unavailable<>(
          "activated and stored; monitoring starts when the cluster takes it");
    }
    // The holder adopts the plan on its ownership thread. When that is this member, the caller
    // (a single process above all) gets the answer once the plan is monitored: a command or a
    // tick right after it finds the plan in the engine.
    if (membership.shouldRun(owner)) {
      PlanSnapshot watched = awaitMonitored(planId, next.version());
      if (watched == null) {
        // A lane far behind: the plan is handed over and will be watched once the lane gets to it.
        LOG.error(
            "plan {}: activated and stored, not monitored here after {}",
            planId,
            PlanCommands.COMMAND_TIMEOUT);
      } else if (UserTakeover.wasRefusedByEngine(watched)) {
        return new CommandResult.Refused<>(
            "the engine could not watch the plan, which was ended: " + watched.endReason());
      }
    }
    live.publish(owner, planId, statusEvent(next), reads.view(next));
    return new CommandResult.Ok<>(reads.view(next));
  }

  /**
   * Waits (bounded) until this member monitors {@code version} of the plan or a later one (or ended
   * it because its engine refused it); null when that did not happen in time.
   */
  PlanSnapshot awaitMonitored(String planId, long version) {
    long deadline = System.nanoTime() + PlanCommands.COMMAND_TIMEOUT.toNanos();
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      PlanSnapshot s = reads.current(planId);
      if (s != null && s.version() >= version) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Why a plan cannot be activated while its instrument's tick size is not known. */
  static String tickUnknown(TickSizes.Lookup tick) {
    return tick.unknownBecause()
        + ": activation needs the exchange's minimum tick to check the plan's prices; try again"
        + " shortly";
  }

  /** Why a plan of a user without an IB account cannot be activated. */
  static String noAccount(String owner) {
    return "no IB account is linked to user "
        + owner
        + ": an operator must link one before a plan can be activated (drafts and simulations"
        + " need none)";
  }

  /**
   * The answer when the store cannot be reached: logged, and {@code Unavailable} for the trader.
   */
  static <T> CommandResult<T> storeUnavailable(RuntimeException e) {
    LOG.error("store unavailable", e);
    // The driver's text names hosts, replica set members and timeouts: for the log only.
    return new CommandResult.Unavailable<>(STORE_UNAVAILABLE);
  }

  /** What a trader reads when the store cannot be reached (the cause is in the log). */
  static final String STORE_UNAVAILABLE =
      "the trade store cannot be reached right now; please retry shortly";

  private PlanEvent statusEvent(PlanSnapshot s) {
    return PlanEvent.status(s.planId(), -1, clock.instant(), s.status());
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

  private static PlanDraft as(PlanDraft d, String id, String owner) {
    return d.withIdAndOwner(id, owner);
  }

  private static PlanSnapshot withStatus(PlanSnapshot s, PlanStatus status, long version) {
    return s.withStatus(s.status().moveTo(status))
        .withEndReason("cancelled by the trader")
        .withVersion(version);
  }
}
