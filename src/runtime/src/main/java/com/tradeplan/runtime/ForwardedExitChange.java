package com.tradeplan.runtime;

import com.tradeplan.cluster.HolderCall;
import com.tradeplan.domain.plan.ExitChangeDraft;

/**
 * A trader's change of the exits of a working or live trade, run on the member holding the user,
 * sent there by {@link ClusterCommandForwarder}; never forwarded again. It travels as the text the
 * trader typed (plain strings: nothing but JDK types crosses the cluster), and the holder validates
 * it against its own view of the plan. {@link #call} runs on a Hazelcast executor thread of the
 * holder, against its {@link PlanCommands}, with the asking request's id in its log lines; a throw
 * reaches the asking member as {@code Unavailable} with its text.
 */
record ForwardedExitChange(
    String owner,
    String planId,
    String kind,
    String index,
    String price,
    String activateAt,
    String quantity,
    String distance,
    String reason,
    long expectedVersion,
    String requestId)
    implements HolderCall<PlanCommands, ForwardedAnswer> {

  @Override
  public ForwardedAnswer call(PlanCommands commands) {
    try (LogContext.Scope s =
        LogContext.with(LogContext.REQUEST_ID, requestId, LogContext.USER, owner)) {
      ExitChangeDraft draft =
          new ExitChangeDraft(kind, index, price, activateAt, quantity, distance, reason);
      return ForwardedAnswer.of(commands.changeExitsHere(owner, planId, draft, expectedVersion));
    }
  }
}
