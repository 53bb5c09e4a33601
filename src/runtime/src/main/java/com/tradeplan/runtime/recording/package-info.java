/**
 * The incident recording (docs/simulator.md, "Incident replay"): what each lane's engine saw and
 * decided ({@link com.tradeplan.engine.recording.LaneInput}), written off the trading path by
 * {@link com.tradeplan.runtime.recording.RecordingWriter} as gzip segments of JSON lines per lane
 * and time slice, bounded by age and bytes ({@link com.tradeplan.runtime.recording.Retention}), and
 * read back for one user by {@link com.tradeplan.runtime.recording.RecordingReader} for a replay.
 *
 * <p>This package must never block a lane (a full queue loses the entry and marks a gap), never
 * decide anything about trading, and never let a bad segment stop a thread: a truncated or corrupt
 * segment is a {@link com.tradeplan.runtime.recording.RecordingFormatException} naming the file and
 * offset, which a reader turns into a problem of its result.
 */
package com.tradeplan.runtime.recording;
