package com.tradeplan.engine;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.List;

/**
 * Where the results of every step go: the store, the cluster's replicated state, the UI. Called on
 * the owning lane's thread; implementations hand off and return (never block on I/O).
 */
public interface EngineListener {
  /** A step of one user's session produced events, changed plans, refusals or alerts. */
  void onStep(String owner, Step step);

  /**
   * A step with orders for which {@link #beforeSend} answered SEND: its changed snapshots were
   * recorded (and replicated) by that call, just before this one, so an implementation need not
   * write them to the same place again. The default is {@link #onStep}.
   */
  default void onRecordedStep(String owner, Step step) {
    onStep(owner, step);
  }

  /**
   * Called before any order of a step is sent, with the snapshots that record those orders. Returns
   * false when the intents could not be recorded durably: then nothing is sent and the orders are
   * treated as refused (see docs/persistence.md). The default records nothing (the simulator).
   */
  default boolean recordBeforeSend(String owner, List<PlanSnapshot> snapshots) {
    return true;
  }

  /** What to do with the orders of a step. */
  enum SendDecision {
    /** Recorded: send them. */
    SEND,
    /** Not recorded: send nothing; each order is refused like a broker rejection. */
    REFUSE,
    /**
     * This process no longer owns the user (a cluster handover): send nothing, change nothing and
     * report nothing; the new owner acts from the last replicated state.
     */
    HOLD
  }

  /**
   * Called before any order of a step is sent. The default maps {@link #recordBeforeSend} onto SEND
   * or REFUSE; a clustered listener answers HOLD when it lost the user.
   */
  default SendDecision beforeSend(String owner, List<PlanSnapshot> snapshots) {
    return recordBeforeSend(owner, snapshots) ? SendDecision.SEND : SendDecision.REFUSE;
  }

  EngineListener NONE = (owner, step) -> {};
}
