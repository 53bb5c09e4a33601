package com.tradeplan.cluster;

/** Receives every send decision, on the thread that asked (a lane thread): hand off, return. */
@FunctionalInterface
public interface SendDecisionListener {
  void onDecision(SendDecision decision);

  SendDecisionListener NONE = d -> {};
}
