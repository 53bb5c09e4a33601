package com.tradeplan.runtime;

import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.HolderCall;
import com.tradeplan.cluster.HolderReply;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.PlansJson;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a trader command on the member that holds the user, when that is another member: a cancel or
 * flatten ({@link ForwardedCommand}) or an edit of an ACTIVE plan ({@link ForwardedEdit}), sent
 * with {@link ClusterNode#callOnHolder} and answered with a typed {@link ForwardedAnswer}. The
 * holder writes the result to the store before it answers, so an OK is read back here from the
 * store.
 *
 * <p>Called on request threads; each call waits for the holder, at most twice {@link
 * PlanCommands#COMMAND_TIMEOUT} (the holder waits that long for its engine, then for the store). No
 * answer in time, no holder right now, or a throw on the holder: {@code Unavailable}, and the
 * caller (a trader's client) retries. Nothing here retries.
 */
final class ClusterCommandForwarder {
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

  private CommandResult<PlanView> callHolder(
      HolderCall<PlanCommands, ForwardedAnswer> call, Supplier<Optional<PlanView>> viewNow) {
    Duration wait = PlanCommands.COMMAND_TIMEOUT.multipliedBy(2);
    HolderReply<ForwardedAnswer> reply = cluster.get().callOnHolder(call, wait);
    if (reply instanceof HolderReply.Answered<ForwardedAnswer> a) {
      return a.answer().toResult(viewNow);
    }
    return new CommandResult.Unavailable<>(
        ((HolderReply.Unavailable<ForwardedAnswer>) reply).reason());
  }
}
