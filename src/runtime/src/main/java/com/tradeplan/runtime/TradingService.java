package com.tradeplan.runtime;

import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.store.PlanOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What traders can do and see, for one owner at a time. Every method takes the calling owner and
 * never returns or changes another owner's data: another owner's plan id answers {@code NotFound} /
 * empty, exactly like an id that does not exist.
 *
 * <p>Called from request threads, concurrently. Commands answer expected outcomes as {@link
 * CommandResult}s (a store that cannot be reached is {@code Unavailable}); a read throws when the
 * store cannot be reached.
 */
public interface TradingService {
  /** Validates without storing (the activation-time check of expiresAt included, at now). */
  List<FieldError> validate(String owner, PlanDraft draft);

  /**
   * Stores a new plan as DRAFT. The draft must pass validation (except the "expiresAt in the future
   * at activation" check): an invalid draft is answered {@code Invalid} with every field and is not
   * stored. The draft's owner field is ignored: the plan belongs to {@code owner}.
   */
  CommandResult<PlanView> createDraft(String owner, PlanDraft draft);

  /**
   * Replaces a DRAFT or ACTIVE plan; an ACTIVE plan is re-validated and monitored with its edit.
   */
  CommandResult<PlanView> update(
      String owner, String planId, PlanDraft draft, long expectedVersion);

  /** Validates for activation now and starts monitoring every tick. */
  CommandResult<PlanView> activate(String owner, String planId);

  /** Cancels an ACTIVE plan, or the working entry of an ENTRY_SUBMITTED one (lifecycle.md 5). */
  CommandResult<PlanView> cancel(String owner, String planId);

  /** Flattens a LIVE trade: cancel working orders, one market exit for the whole position. */
  CommandResult<PlanView> flatten(String owner, String planId);

  /**
   * Changes the exits of a plan whose entry works or whose trade is live (issue 18; docs/rules.md,
   * "Changing the exits of a live trade"): move, add or remove a stop; move or add a target or
   * change its quantity; set the trailing distance; move the active stop to break-even; close part
   * of the position now. {@code expectedVersion} must be the plan's version ({@code Conflict}
   * otherwise); a change that does not fit the plan's shape is {@code Invalid} with every field;
   * one the trade cannot take now (or that loosens the active stop against the policy) is {@code
   * Refused} with the rules' reason. Recorded in the plan's history in {@code owner}'s name.
   */
  CommandResult<PlanView> changeExits(
      String owner, String planId, ExitChangeDraft draft, long expectedVersion);

  Optional<PlanView> get(String owner, String planId);

  /** The most plans one page holds ({@link #page}). */
  int PAGE_MAX = 500;

  /**
   * One page of the owner's plans by plan id, filtered by status (empty set: all) and symbol (null:
   * all): at most {@code limit} (1..{@value #PAGE_MAX}) plans after {@code afterPlanId} (null: from
   * the first). {@link PlanPage#next} is where the next page starts, null after the last.
   */
  PlanPage page(
      String owner, Set<PlanStatus> statuses, String symbol, String afterPlanId, int limit);

  /**
   * {@link #page(String, Set, String, String, int)} narrowed to one {@code side} as well (null:
   * both), filtered by the store so that a page is full whatever the filter.
   */
  PlanPage page(
      String owner,
      Set<PlanStatus> statuses,
      String symbol,
      Side side,
      String afterPlanId,
      int limit);

  /**
   * {@link #page(String, Set, String, Side, String, int)} in {@code order} (the plan id breaks
   * ties): {@code after} is the {@link PlanPage#next} of the previous page in the same order and
   * filter (null: from the first). Ordering by end time needs ended statuses only. Keyset pages: a
   * plan whose key does not change appears at most once across them, and one that ends while the
   * trader pages newest first lands on the first page (docs/api.md, "Sorting the plans").
   *
   * @throws IllegalArgumentException for an {@code after} that is not a cursor of {@code order}, or
   *     an end-time order with open statuses
   */
  PlanPage page(
      String owner,
      Set<PlanStatus> statuses,
      String symbol,
      Side side,
      PlanOrder order,
      String after,
      int limit);

  /**
   * One page of the owner's plans written since {@code since} (a fill or a status change at or
   * after it), by plan id, read like {@link #page}: at most {@code limit} (1..{@value #PAGE_MAX})
   * after {@code afterPlanId} (null: from the first).
   */
  PlanPage changedSince(String owner, Instant since, String afterPlanId, int limit);

  /**
   * The owner's open plans: its DRAFTs and every plan the engine watches (ACTIVE, ENTRY_SUBMITTED,
   * in a trade), by plan id. Bounded by the per-user limits on drafts and live plans.
   */
  List<PlanView> openPlans(String owner);

  /**
   * The plan's levels over time as this member saw them published (entry, stops, targets not fired,
   * active stop, trailing level; a point per change, oldest first): {@link PlanLevelTrail} says
   * where and how long they are kept. Empty when not the owner's or none was seen here.
   */
  List<PlanLevelTrail.Point> levelTrail(String owner, String planId);

  /** The plan's full history with the rule behind each event; empty when not the owner's. */
  List<HistoryEntry> history(String owner, String planId);

  /** Last price per symbol known to the platform. */
  Map<String, BigDecimal> lastPrices();

  /**
   * Subscribes to the owner's live updates, first replaying every update after {@code
   * afterSequence} still held (a bounded window; older ones are answered by a fresh {@link #list}).
   */
  AutoCloseable subscribe(String owner, long afterSequence, LiveListener listener);

  /**
   * The last live-update sequence given to the owner by this process (0: none yet). Sequences start
   * again at 1 after a restart and differ between cluster members: a client that resumes from a
   * sequence above this one must reload with a snapshot.
   */
  long lastSequence(String owner);
}
