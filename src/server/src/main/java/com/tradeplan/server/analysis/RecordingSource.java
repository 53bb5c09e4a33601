package com.tradeplan.server.analysis;

import com.tradeplan.runtime.recording.UserRecording;
import java.time.Instant;

/**
 * The incident recording as a replay job reads it: everything recorded before the call (the open
 * segments are sealed first), for one user and window. Called on an analysis worker, never on a
 * request thread or a lane.
 */
public interface RecordingSource {
  /** The user's recorded entries up to {@code to}, with the recording's problems. */
  UserRecording read(String owner, Instant from, Instant to);
}
