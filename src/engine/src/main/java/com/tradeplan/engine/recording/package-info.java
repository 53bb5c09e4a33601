/**
 * What a lane's engine saw and decided, as values, for the incident recording (docs/simulator.md,
 * "Incident replay"): the inputs a lane ran in order ({@link
 * com.tradeplan.engine.recording.LaneInput}: ticks as delivered to the lane, broker reports, trader
 * commands, plans added and users removed) and its outputs (orders and cancels sent with the broker
 * port's answer, the plans' history events). {@link com.tradeplan.engine.recording.LaneRecorder} is
 * the port through which a lane hands them on.
 *
 * <p>This package never does I/O and never waits: writing the recording is the runtime's (its
 * writer thread), reading it back the replay's. A recorder must never block or throw into a lane.
 */
package com.tradeplan.engine.recording;
