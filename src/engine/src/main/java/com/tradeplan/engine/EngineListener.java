package com.tradeplan.engine;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.List;

/**
 * Where the results of every step go: the store, the cluster's replicated state, the UI.
 *
 * <p>Every method is called on the thread that runs the engine call (a lane of {@link LaneEngine},
 * or the simulator's thread), and that thread waits for it: no other tick, report or command of the
 * lane is handled meanwhile. That wait is on purpose where durability comes first. The runtime's
 * listener blocks the lane in {@link #beforeSendAll} until the store has written and the cluster
 * has replicated the order intents (nothing is sent before they are durable), and in {@link
 * #onSteps} until the changed plans are replicated and, when the store writer's queue is full,
 * until it has room (back-pressure, never a loss). So a slow store or cluster slows the lanes that
 * wait on it; the engine collects every user of one call first so that it waits once per call, not
 * once per user. An implementation must not call back into the engine (the lane would wait on
 * itself). The simulator's listener only keeps the steps in memory.
 *
 * <p>A throw ends the engine call that made it: nothing later in that call happens (no persisting,
 * no sending); a lane logs it, reports it as an alert step and goes on with its next message.
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

  /** A step to persist; {@code recorded}: beforeSend recorded its changed snapshots (SEND). */
  record Done(String owner, Step step, boolean recorded) {}

  /**
   * The steps of one engine call that are not held, before any of their orders is sent. The default
   * calls {@link #onRecordedStep} or {@link #onStep} for each, in order; an implementation may
   * persist them all at once.
   */
  default void onSteps(List<Done> steps) {
    for (Done d : steps) {
      if (d.recorded()) {
        onRecordedStep(d.owner(), d.step());
      } else {
        onStep(d.owner(), d.step());
      }
    }
  }

  /** A step whose orders wait for a send decision: its owner and the snapshots recording them. */
  record Pending(String owner, List<PlanSnapshot> snapshots) {}

  /**
   * The send decisions for the steps of one engine call that have orders (a tick that woke several
   * users, reports of several users), one per step, in order, before any of them is sent. An
   * implementation may record them all at once: the engine call then waits once, not once per user.
   * The default asks {@link #beforeSend} for each, one after another.
   */
  default List<SendDecision> beforeSendAll(List<Pending> steps) {
    List<SendDecision> decisions = new java.util.ArrayList<>(steps.size());
    for (Pending p : steps) {
      decisions.add(beforeSend(p.owner(), p.snapshots()));
    }
    return decisions;
  }

  EngineListener NONE = (owner, step) -> {};
}
