package com.tradeplan.runtime;

import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.HolderCall;
import com.tradeplan.cluster.HolderReply;
import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.PlansJson;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a trader command on the member that holds the user, when that is another member: a cancel or
 * flatten ({@link ForwardedCommand}), an edit of an ACTIVE plan ({@link ForwardedEdit}) or a change
 * of the exits of a working or live trade ({@link ForwardedExitChange}), sent with {@link
 * ClusterNode#callOnHolder} and answered with a typed {@link ForwardedAnswer}. The holder writes
 * the result to the store before it answers, so an OK is read back here from the store.
 *
 * <p>Called on request threads; each call waits for the holder, at most twice {@link
 * PlanCommands#COMMAND_TIMEOUT} (the holder waits that long for its engine, then for the store). No
 * answer in time, no holder right now, or a throw on the holder: {@code Unavailable}, and the
 * caller (a trader's client) retries. Nothing here retries.
 */
final class ClusterCommandForwarder {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCommandForwarder.class);

  private final Supplier<ClusterNode> cluster;

  /**
   * @param cluster this member's node; set before the first trader command
   */
  ClusterCommandForwarder(Supplier<ClusterNode> cluster) {
    this.cluster = cluster;
  }

  /** Cancels or flattens on the holder; {@code viewNow} reads the plan after an OK. */
  CommandResult<PlanView> command(
      String owner, String planId, TraderCommand.Type type, Supplier<Optional<PlanView>> viewNow) {
    return callHolder(new ForwardedCommand(owner, planId, type), viewNow);
  }

  /**
   * Edits an ACTIVE plan on the holder ({@code plan}: the edit, validated on this member); the
   * holder checks {@code expectedVersion} against its engine.
   */
  CommandResult<PlanView> edit(
      String owner,
      String planId,
      Plan plan,
      long expectedVersion,
      Supplier<Optional<PlanView>> viewNow) {
    return callHolder(
        new ForwardedEdit(owner, planId, PlansJson.write(List.of(plan)), expectedVersion), viewNow);
  }

  /**
   * Changes the exits of a working or live trade on the holder ({@code draft}: as the trader typed
   * it; the holder validates it against its own view and checks {@code expectedVersion}).
   */
  CommandResult<PlanView> changeExits(
      String owner,
      String planId,
      ExitChangeDraft draft,
      long expectedVersion,
      Supplier<Optional<PlanView>> viewNow) {
    return callHolder(
        new ForwardedExitChange(
            owner,
            planId,
            draft.kind(),
            draft.index(),
            draft.price(),
            draft.activateAt(),
            draft.quantity(),
            draft.distance(),
            draft.reason(),
            expectedVersion,
            LogContext.requestId()),
        viewNow);
  }

  private CommandResult<PlanView> callHolder(
      HolderCall<PlanCommands, ForwardedAnswer> call, Supplier<Optional<PlanView>> viewNow) {
    Duration wait = PlanCommands.COMMAND_TIMEOUT.multipliedBy(2);
    HolderReply<ForwardedAnswer> reply = cluster.get().callOnHolder(call, wait);
    if (reply instanceof HolderReply.Answered<ForwardedAnswer> a) {
      return a.answer().toResult(viewNow);
    }
    // The cluster's reason may carry an exception's text (hosts, members): for the log only.
    LOG.warn(
        "{} of user {} not answered by its member: {}",
        call.getClass().getSimpleName(),
        call.owner(),
        ((HolderReply.Unavailable<ForwardedAnswer>) reply).reason());
    return new CommandResult.Unavailable<>(NO_HOLDER_ANSWER);
  }

  /** What a trader reads when the member running the user did not answer (details in the log). */
  static final String NO_HOLDER_ANSWER =
      "the cluster member running your plans did not answer in time; please retry shortly";
}
