package com.tradeplan.runtime;

import com.tradeplan.cluster.HolderCall;
import com.tradeplan.engine.facts.TraderCommand;

/**
 * A trader command (cancel, flatten) run on the member holding the user, sent there by {@link
 * ClusterCommandForwarder} over {@link com.tradeplan.cluster.ClusterNode#callOnHolder}; never
 * forwarded again. {@link #call} runs on a Hazelcast executor thread of the holder, against its
 * {@link PlanCommands}; a throw reaches the asking member as {@code Unavailable} with its text.
 */
record ForwardedCommand(String owner, String planId, TraderCommand.Type type)
    implements HolderCall<PlanCommands, ForwardedAnswer> {

  @Override
  public ForwardedAnswer call(PlanCommands commands) {
    return ForwardedAnswer.of(commands.commandHere(owner, planId, type));
  }
}
