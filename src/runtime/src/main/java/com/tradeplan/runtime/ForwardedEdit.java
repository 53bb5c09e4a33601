package com.tradeplan.runtime;

import com.tradeplan.cluster.HolderCall;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.formats.PlansJson;

/**
 * An edit of an ACTIVE plan run on the member holding the user (never forwarded again), sent there
 * by {@link ClusterCommandForwarder}. The plan travels as PLANS.json text (exact decimal strings),
 * read back into a draft and validated again by the engine's member. {@link #call} runs on a
 * Hazelcast executor thread of the holder, against its {@link PlanCommands}; a throw (a text that
 * does not parse) reaches the asking member as {@code Unavailable} with its text.
 */
record ForwardedEdit(String owner, String planId, String planJson, long expectedVersion)
    implements HolderCall<PlanCommands, ForwardedAnswer> {

  @Override
  public ForwardedAnswer call(PlanCommands commands) {
    PlanDraft draft = PlansJson.parse("forwarded edit", planJson).get(0);
    return ForwardedAnswer.of(commands.updateHere(owner, planId, draft, expectedVersion));
  }
}
