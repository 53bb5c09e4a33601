package com.tradeplan.runtime.recording;

import com.tradeplan.engine.recording.LaneInput;
import java.time.Instant;
import java.util.List;

/**
 * What the recording holds for one user up to a time: the entries of the user's lane that concern
 * the user (every tick the lane saw, the user's plans, reports, commands, orders and events, the
 * link's changes and the lane's gaps), in the order the lane ran them, and the problems that make
 * it incomplete (a gap, an unreadable segment, a start in the middle of a run). A replay over an
 * incomplete recording says so instead of claiming a result.
 */
public record UserRecording(
    String owner, Instant from, Instant to, List<LaneInput> entries, List<String> problems) {
  public UserRecording {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  public boolean complete() {
    return problems.isEmpty();
  }
}
