package com.tradeplan.runtime;

import com.tradeplan.cluster.HolderCall;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.formats.PlansJson;

/**
 * An edit of an ACTIVE plan run on the member holding the user (never forwarded again), sent there
 * by {@link ClusterCommandForwarder}. The plan travels as PLANS.json text (exact decimal strings),
 * read back into a draft and validated again by the engine's member. {@link #call} runs on a
 * Hazelcast executor thread of the holder, against its {@link PlanCommands}, with the asking
 * request's id in its log lines ({@code requestId}, null outside a request); a throw (a text that
 * does not parse) reaches the asking member as {@code Unavailable} with its text.
 */
record ForwardedEdit(
    String owner, String planId, String planJson, long expectedVersion, String requestId)
    implements HolderCall<PlanCommands, ForwardedAnswer> {

  /** The edit of the request this thread works for. */
  ForwardedEdit(String owner, String planId, String planJson, long expectedVersion) {
    this(owner, planId, planJson, expectedVersion, LogContext.requestId());
  }

  @Override
  public ForwardedAnswer call(PlanCommands commands) {
    try (LogContext.Scope s =
        LogContext.with(
            LogContext.REQUEST_ID, requestId, LogContext.USER, owner, LogContext.PLAN, planId)) {
      PlanDraft draft = PlansJson.parse("forwarded edit", planJson).get(0);
      return ForwardedAnswer.of(commands.updateHere(owner, planId, draft, expectedVersion));
    }
  }
}
