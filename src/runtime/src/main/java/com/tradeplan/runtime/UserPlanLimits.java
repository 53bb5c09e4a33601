package com.tradeplan.runtime;

import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.store.TradeStore;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user plan limits ({@link PlatformConfig.PlanLimits}), checked <em>before</em> a plan is
 * stored: a new DRAFT against {@code draftsPerUser}, an activation against {@code
 * livePlansPerUser}. The count is the store's (the plans of the user in those statuses, counted
 * from an index), which every member shares: every plan the engine watches was stored ACTIVE before
 * it was handed over, and only the engine moves it on, so the store never counts fewer live plans
 * than the engines hold (a plan that just ended may still count for the moment its write takes).
 *
 * <p>The check and the store write that follows run under the owner's lock ({@value #STRIPES}
 * stripes), so two activations of one user on this member cannot both pass at the edge. Two members
 * activating plans of one user at the same instant can; the engine's own bound ({@code
 * UserSession.PLANS_MAX}) then refuses the one too many, and {@link UserTakeover} ends that plan
 * with an alert instead of leaving it ACTIVE and unwatched.
 *
 * <p>Called on request threads (and cluster executor threads). Expected outcomes are {@link
 * CommandResult}s: {@code LimitReached} (nothing stored), {@code Unavailable} when the store cannot
 * count; what {@code write} answers otherwise.
 */
final class UserPlanLimits {
  private static final Logger LOG = LoggerFactory.getLogger(UserPlanLimits.class);

  private static final int STRIPES = 64;

  /** The statuses in which the engine watches a plan: what counts against the live limit. */
  static final Set<PlanStatus> LIVE = TradeStore.MONITORED;

  static final String LIVE_LIMIT = "TRADEPLAN_MAX_LIVE_PLANS_PER_USER";
  static final String DRAFT_LIMIT = "TRADEPLAN_MAX_DRAFTS_PER_USER";

  private final TradeStore store;
  private final PlatformConfig.PlanLimits limits;
  private final Object[] ownerLocks = new Object[STRIPES];

  UserPlanLimits(TradeStore store, PlatformConfig.PlanLimits limits) {
    this.store = store;
    this.limits = limits;
    for (int i = 0; i < ownerLocks.length; i++) {
      ownerLocks[i] = new Object();
    }
  }

  PlatformConfig.PlanLimits limits() {
    return limits;
  }

  /**
   * Runs {@code activate} (the store update to ACTIVE) only if {@code owner} has fewer live plans
   * than the limit; otherwise answers {@code LimitReached} and changes nothing.
   */
  <T> CommandResult<T> withinLivePlans(String owner, Supplier<CommandResult<T>> activate) {
    return within(
        owner,
        LIVE,
        limits.livePlansPerUser(),
        LIVE_LIMIT,
        "live plans (ACTIVE, ENTRY_SUBMITTED or in a trade)",
        "the plan stays DRAFT; activate it once one of them has ended",
        activate);
  }

  /**
   * Runs {@code create} (the store insert of a DRAFT) only if {@code owner} keeps fewer drafts than
   * the limit; otherwise answers {@code LimitReached} and stores nothing.
   */
  <T> CommandResult<T> withinDrafts(String owner, Supplier<CommandResult<T>> create) {
    return within(
        owner,
        Set.of(PlanStatus.DRAFT),
        limits.draftsPerUser(),
        DRAFT_LIMIT,
        "DRAFT plans",
        "nothing was stored; activate or cancel a draft first",
        create);
  }

  private <T> CommandResult<T> within(
      String owner,
      Set<PlanStatus> counted,
      int limit,
      String setting,
      String what,
      String outcome,
      Supplier<CommandResult<T>> write) {
    synchronized (ownerLocks[Math.floorMod(owner.hashCode(), ownerLocks.length)]) {
      long count;
      try {
        count = store.countByOwner(owner, counted);
      } catch (RuntimeException e) {
        return DraftPlans.storeUnavailable(e);
      }
      if (count >= limit) {
        String reason =
            "limit of "
                + limit
                + " "
                + what
                + " per user reached ("
                + setting
                + "="
                + limit
                + "): "
                + owner
                + " has "
                + count
                + "; "
                + outcome;
        LOG.info("refused for {}: {}", owner, reason);
        return new CommandResult.LimitReached<>(setting, limit, count, reason);
      }
      return write.get();
    }
  }
}
