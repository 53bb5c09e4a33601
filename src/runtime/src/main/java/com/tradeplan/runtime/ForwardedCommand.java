package com.tradeplan.runtime;

import com.tradeplan.cluster.HolderCall;
import com.tradeplan.engine.facts.TraderCommand;

/**
 * A trader command (cancel, flatten) run on the member holding the user, sent there by {@link
 * ClusterCommandForwarder} over {@link com.tradeplan.cluster.ClusterNode#callOnHolder}; never
 * forwarded again. {@link #call} runs on a Hazelcast executor thread of the holder, against its
 * {@link PlanCommands}, with the asking request's id in its log lines ({@code requestId}: taken
 * from the sending thread, null outside a request); a throw reaches the asking member as {@code
 * Unavailable} with its text.
 */
record ForwardedCommand(String owner, String planId, TraderCommand.Type type, String requestId)
    implements HolderCall<PlanCommands, ForwardedAnswer> {

  /** The command of the request this thread works for. */
  ForwardedCommand(String owner, String planId, TraderCommand.Type type) {
    this(owner, planId, type, LogContext.requestId());
  }

  @Override
  public ForwardedAnswer call(PlanCommands commands) {
    try (LogContext.Scope s =
        LogContext.with(LogContext.REQUEST_ID, requestId, LogContext.USER, owner)) {
      return ForwardedAnswer.of(commands.commandHere(owner, planId, type));
    }
  }
}
