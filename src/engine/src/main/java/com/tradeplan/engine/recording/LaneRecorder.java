package com.tradeplan.engine.recording;

/**
 * Where a lane hands what its engine saw and decided, in the order it ran it. Called on the lane's
 * thread, on the trading path: an implementation must return at once (hand the value to a bounded
 * queue and count what does not fit) and must never throw; the lane still guards each call, and a
 * throw is logged and otherwise ignored (the recording then has a hole the writer cannot mark).
 */
@FunctionalInterface
public interface LaneRecorder {
  /** {@code input} was run (or decided) by lane {@code lane} now. */
  void record(int lane, LaneInput input);

  /** Records nothing (the default of every engine built without a recorder). */
  LaneRecorder NONE = (lane, input) -> {};
}
