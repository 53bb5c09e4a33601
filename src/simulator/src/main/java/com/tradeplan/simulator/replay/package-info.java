/**
 * The incident replay (docs/simulator.md, "Incident replay"): a user's recorded lane entries
 * ({@link com.tradeplan.engine.recording.LaneInput}, read by the runtime's recording reader) fed
 * through the engine core the simulator runs ({@link com.tradeplan.engine.EngineCore}), with the
 * recorded broker reports instead of a fill model ({@link
 * com.tradeplan.simulator.replay.RecordedBroker}), under the recorded rule-set versions or a chosen
 * one ({@link com.tradeplan.simulator.replay.Replay}); the replayed history of every plan is
 * compared with the live one by the analyst's comparison ({@link
 * com.tradeplan.simulator.report.RunComparison#divergence}) in a {@link
 * com.tradeplan.simulator.replay.ReplayResult}.
 *
 * <p>It must never contain a second copy of the lifecycle (it runs the real rules), never send
 * anything anywhere (its broker only answers from the recording), and never claim a result over an
 * incomplete recording: a gap or an unreadable segment makes the result say so.
 */
package com.tradeplan.simulator.replay;
